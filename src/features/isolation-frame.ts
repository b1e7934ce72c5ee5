/**
 * `isolation="frame"`: a same-origin frame, owned by the element, that the SDK runs in.
 *
 * The SDK needs three.js r113 as the global `THREE` (a page with another revision cannot host it), injects
 * Materialize and an icon font, a stylesheet with page-wide selectors, un-namespaced element ids and anonymous
 * document listeners. In a frame of its own, all of that lives in the frame's window and document: the page's
 * globals, styles and listeners are never touched, and the page's own three.js, Materialize or Bootstrap cannot
 * break the viewer.
 *
 * The frame is a `srcdoc` document, which is same-origin with the page (the element reaches into it to create
 * the viewer's container and to steer the SDK) and inherits the page's Content-Security-Policy, Trusted Types
 * included; its markup goes through the element's Trusted Types policy. It is slotted into the element like
 * the container is without isolation, fills the element, is created at the first load that asks for it, kept
 * for the next loads (the scripts are loaded once per frame) and removed at teardown, which releases
 * everything the SDK left in it (render loop, listeners, timers, WebGL contexts). Moving an element in the DOM
 * unloads an iframe's document: the loading controller then loads the model again (see `orphaned`).
 */
import { mark } from '../internal/dom-marker.js';
import type { RealmWindow } from '../internal/realm.js';
import { trustedHtml } from '../internal/trusted-types.js';

/** Where the viewers of an isolated element are created. */
export interface FramePlace {
  /** The frame's window, which three.js and the SDK are loaded into. */
  realm: RealmWindow;
  /** The frame's body, which the viewer's container is appended to. */
  parent: HTMLElement;
}

/** A standards-mode document: without a doctype, `about:srcdoc` would be in quirks mode. */
const FRAME_HTML = '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>';

export class IsolationFrame {
  readonly #host: HTMLElement;
  readonly #onDocument: (doc: Document) => void;
  #iframe: HTMLIFrameElement | undefined;
  #ready: Promise<FramePlace> | undefined;
  /** The window `#ready` resolved with: a moved iframe has a new one, and the SDK is not in it. */
  #readyWindow: Window | undefined;

  /** `onDocument` is called with each new frame document once it is ready (for the gesture listeners). */
  constructor(host: HTMLElement, onDocument: (doc: Document) => void = () => {}) {
    this.#host = host;
    this.#onDocument = onDocument;
  }

  /** Whether the frame's document was unloaded after it was ready (the element was moved in the DOM). */
  get orphaned(): boolean {
    return this.#readyWindow !== undefined && this.#iframe?.contentWindow !== this.#readyWindow;
  }

  /**
   * Resolves with the frame's window and body, creating the frame when there is none or its document was
   * unloaded (the element was moved). Rejects with `signal`'s reason when it aborts first.
   */
  open(signal: AbortSignal): Promise<FramePlace> {
    const iframe = this.#iframe;
    if (!iframe || !iframe.isConnected || !this.#ready || this.orphaned) this.#create();
    const ready = this.#ready!;
    return new Promise<FramePlace>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      ready.then(
        (place) => {
          signal.removeEventListener('abort', onAbort);
          resolve(place);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** Removes the frame: its document, the SDK in it and every WebGL context it holds go with it. */
  release(): void {
    this.#iframe?.remove();
    this.#iframe = undefined;
    this.#ready = undefined;
    this.#readyWindow = undefined;
  }

  #create(): void {
    this.release();
    const iframe = this.#host.ownerDocument.createElement('iframe');
    iframe.slot = 'viewer';
    mark(iframe, 'frame');
    // Named for assistive technology; the viewer's container inside has its own role and label.
    iframe.title = '3D model viewer';
    Object.assign(iframe.style, { border: '0', margin: '0', padding: '0', background: 'transparent' });
    const ready = new Promise<FramePlace>((resolve, reject) => {
      iframe.addEventListener(
        'load',
        () => {
          const win = iframe.contentWindow as RealmWindow | null;
          const doc = iframe.contentDocument;
          if (!win || !doc?.body) {
            reject(new Error('The isolation frame did not load.'));
            return;
          }
          prepareDocument(doc, this.#host);
          forwardDefaultPolicy(win, window);
          this.#readyWindow = win;
          this.#onDocument(doc);
          resolve({ realm: win, parent: doc.body });
        },
        { once: true },
      );
    });
    // Nobody may await it (the run was superseded): a failure must not surface as an unhandled rejection.
    ready.catch(() => undefined);
    // A TrustedHTML where the page enforces Trusted Types: `srcdoc` is an HTML sink.
    iframe.srcdoc = trustedHtml(FRAME_HTML) as string;
    this.#iframe = iframe;
    this.#ready = ready;
    this.#host.append(iframe);
  }
}

/**
 * The frame's page fills the frame and never scrolls, with the host page's language. Styles are set through
 * the CSSOM, which a CSP without `style-src 'unsafe-inline'` (inherited by the frame) allows.
 */
function prepareDocument(doc: Document, host: HTMLElement): void {
  const lang = host.closest('[lang]')?.getAttribute('lang');
  if (lang) doc.documentElement.lang = lang;
  for (const element of [doc.documentElement, doc.body]) {
    Object.assign(element.style, { margin: '0', padding: '0', height: '100%', overflow: 'hidden' });
  }
}

type PolicyCallback = (input: string, ...rest: unknown[]) => unknown;
interface TrustedTypesOf {
  trustedTypes?: {
    defaultPolicy?: Record<'createHTML' | 'createScriptURL' | 'createScript', PolicyCallback> | null;
    createPolicy(name: string, rules: Record<string, PolicyCallback>): unknown;
  };
}

/**
 * The frame inherits the page's Content-Security-Policy, `require-trusted-types-for 'script'` included, but not
 * the page's `default` policy, which the SDK's own markup needs (its toolbar, its dialogs, the workers that parse
 * the model). The frame gets a `default` policy that asks the page's: the page decides what the SDK may write,
 * in the frame as on the page. A page without a default policy gives the frame none either.
 */
function forwardDefaultPolicy(frame: Window, page: Window): void {
  const pagePolicy = (page as TrustedTypesOf).trustedTypes?.defaultPolicy;
  const frameFactory = (frame as TrustedTypesOf).trustedTypes;
  if (!pagePolicy || !frameFactory || frameFactory.defaultPolicy) return;
  const forward =
    (kind: 'createHTML' | 'createScriptURL' | 'createScript'): PolicyCallback =>
    (input, ...rest) =>
      String(pagePolicy[kind].call(pagePolicy, input, ...rest));
  frameFactory.createPolicy('default', {
    createHTML: forward('createHTML'),
    createScriptURL: forward('createScriptURL'),
    createScript: forward('createScript'),
  });
}
