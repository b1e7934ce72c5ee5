/**
 * The element's viewer slot: at most one SDK viewer at a time, in a light-DOM container slotted into the
 * element, kept at the container's size, and released when it is replaced.
 *
 * Viewers are never reused across loads: the SDK adds a second model to the scene instead of replacing the
 * first, so a new model, token or password needs a new viewer. A viewer whose load is still in flight when it
 * is replaced is parked rather than disposed (see `retire`).
 *
 * Lit-free: the host is any element in the document (the SDK finds its container with
 * `document.getElementById`, so the container must be in the light DOM).
 */
import { mark } from './dom-marker.js';
import { LoadError, ModelErrorCode } from './errors.js';
import { ViewerSession } from './viewer-session.js';
import { ensureDialogStyles } from './dialog-styles.js';
import { explainTrustedTypes } from './trusted-types.js';
import { isErrorLike, realmOf } from './realm.js';
import type { BimuNamespace, BimuViewer } from './sdk-types.js';

/**
 * How long a viewer whose load was still in flight when it was superseded is kept (suspended: no rendering,
 * no listeners, no WebGL context) before it is disposed anyway. Disposing it while the SDK's download is
 * pending would make the SDK's own callbacks throw uncaught errors once the download completes.
 */
export const RETIRED_VIEWER_GRACE_MS = 30_000;

let containerCounter = 0;

export interface ContextCallbacks {
  lost?: () => void;
  restored?: () => void;
  /** Called just before a viewer (and so a WebGL context) is created: the page's budget may release others. */
  acquiring?: () => void;
  /** Called once the slot's viewer no longer holds a context (retired, or it could not be created). */
  released?: () => void;
}

export class ViewerSlot {
  readonly #host: HTMLElement;
  readonly #onChange: () => void;
  readonly #context: ContextCallbacks;
  #session: ViewerSession | undefined;
  #inFlight: Promise<void> | undefined;
  #resizeObserver: ResizeObserver | undefined;
  #rendering = true;

  /**
   * `onChange` is called whenever `viewer` changes; `context`'s callbacks when the browser takes the current
   * viewer's WebGL context away or gives it back.
   */
  constructor(host: HTMLElement, onChange: () => void, context: ContextCallbacks = {}) {
    this.#host = host;
    this.#onChange = onChange;
    this.#context = context;
  }

  /** The current viewer, or null. */
  get viewer(): BimuViewer | null {
    return this.#session && !this.#session.disposed ? this.#session.viewer : null;
  }

  /**
   * Creates a viewer in a new container appended to the host (or to `parent`, the body of an isolation frame),
   * replacing none: call `retire` first. Throws a `LoadError('viewer')` that explains a missing WebGL or a
   * Trusted Types refusal.
   */
  open(bimU: BimuNamespace, uiAssetsBase: string | null, parent: Element = this.#host): ViewerSession {
    // Created in the document the SDK looks it up in (`document.getElementById` of the SDK's own realm).
    const container = parent.ownerDocument.createElement('div');
    container.id = `model-viewer-embed-${++containerCounter}`;
    if (parent === this.#host) container.slot = 'viewer';
    else fillFrame(container);
    mark(container, 'container');
    // Focusable, so that keyboard users can reach the model and the SDK's keys act only while it has focus
    // (see ViewerSession); `application` tells screen readers that the keys belong to the viewer.
    container.tabIndex = 0;
    container.setAttribute('role', 'application');
    container.setAttribute('aria-label', '3D view: drag to rotate, Ctrl + scroll to zoom, arrow keys to pan');
    // The SDK's dialog lands in this light-DOM container, out of reach of the shadow styles.
    ensureDialogStyles(container.ownerDocument);
    this.#context.acquiring?.();
    parent.append(container);
    let session: ViewerSession;
    try {
      session = new ViewerSession({
        bimU,
        container,
        uiAssetsBase,
        // Only the current viewer's context matters: a retired one is released anyway.
        onContextLost: () => {
          if (this.#session === session) this.#context.lost?.();
        },
        onContextRestored: () => {
          if (this.#session === session) this.#context.restored?.();
        },
      });
    } catch (error) {
      container.remove();
      this.#context.released?.();
      const text = isErrorLike(error) ? error.message : String(error);
      throw new LoadError(
        ModelErrorCode.Viewer,
        /WebGL/i.test(text)
          ? `This browser cannot create a WebGL context, which the bimU.io viewer needs (${text}).`
          : `The bimU.io viewer could not start: ${explainTrustedTypes(text)}`,
      );
    }
    this.#session = session;
    this.#inFlight = undefined;
    session.setRendering(this.#rendering);
    // The observer of the container's own realm: each document reports the sizes of its own elements.
    const { ResizeObserver } = realmOf(container);
    if (typeof ResizeObserver === 'function') {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) session.resize(box.width, box.height);
      });
      this.#resizeObserver.observe(container);
    }
    this.#onChange();
    return session;
  }

  /** The current viewer's last frame as a data URL, or null (see `ViewerSession.snapshot`). */
  snapshot(): string | null {
    return this.#session && !this.#session.disposed ? this.#session.snapshot() : null;
  }

  /**
   * Whether the current viewer's document is gone: an isolation frame is unloaded when the element is moved in
   * the DOM, and its viewer with it.
   */
  get orphaned(): boolean {
    return this.#session !== undefined && this.#session.container.ownerDocument.defaultView === null;
  }

  /** Whether the viewer (this one and the next ones) draws: off while the element cannot be seen. */
  setRendering(on: boolean): void {
    this.#rendering = on;
    this.#session?.setRendering(on);
  }

  /**
   * Draws the current viewer's next frames (see `ViewerSession.requestRender`): for code that changes the
   * view, such as a camera API. Nothing happens without a viewer.
   */
  requestRender(): void {
    this.#session?.requestRender();
  }

  /** Calls `listener` once the current viewer has drawn its next frame, unless it was replaced meanwhile. */
  afterNextFrame(listener: () => void): void {
    const session = this.#session;
    session?.afterNextFrame(() => {
      if (this.#session === session) listener();
    });
  }

  /** Records that `session`'s SDK load runs until `settled` resolves: retiring it meanwhile parks it. */
  loading(session: ViewerSession, settled: Promise<void>): void {
    if (this.#session === session) this.#inFlight = settled;
  }

  /** Records that `session`'s load succeeded: nothing of it is in flight any more. */
  loaded(session: ViewerSession): void {
    if (this.#session === session) this.#inFlight = undefined;
  }

  /** Releases the current viewer: now, or (suspended) once its in-flight SDK load settles. */
  retire(): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (!inFlight) {
      session.dispose();
      this.#context.released?.();
      return;
    }
    // Suspending releases the WebGL context at once, even though the rest waits for the load to settle.
    session.suspend();
    this.#context.released?.();
    // Keep it out of sight: an unslotted light-DOM child is not rendered (in an isolation frame, it is hidden).
    if (session.container.hasAttribute('slot')) session.container.removeAttribute('slot');
    else session.container.style.display = 'none';
    const finish = () => {
      clearTimeout(timer);
      // Let the SDK finish the callback that settled the load before its state is torn down.
      setTimeout(() => session.dispose(), 0);
    };
    // `finish` only runs later (a timer, a settled promise), by which time `timer` is initialised.
    const timer = setTimeout(finish, RETIRED_VIEWER_GRACE_MS);
    void inFlight.then(finish);
  }
}

/**
 * What `::slotted([slot='viewer'])` gives the container in the host, given inline inside an isolation frame: the
 * element's shadow styles do not reach into the frame's document. CSSOM properties, not a `style` attribute
 * or a `<style>`, so a CSP without `style-src 'unsafe-inline'` (which the frame inherits) allows them.
 */
function fillFrame(container: HTMLElement): void {
  Object.assign(container.style, {
    display: 'block',
    position: 'relative',
    width: '100%',
    height: '100%',
    overflow: 'hidden',
  });
}
