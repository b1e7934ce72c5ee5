/**
 * Cooperative gestures: a Lit reactive controller that decides, before the SDK sees them, which wheel and touch
 * events over the viewer belong to the page (see `gesture-policy.ts`).
 *
 * The SDK's OrbitControls (three.js r113) listen on the canvas in the bubbling phase — `wheel` and `touchstart`
 * /`touchmove` with `preventDefault`, which stops the page from scrolling. The canvas is a light-DOM descendant
 * of the host, so listeners in the capture phase on the host run first: stopping the propagation of an event
 * that belongs to the page keeps it away from the SDK without touching the SDK's internals, and since nobody
 * calls `preventDefault`, the browser scrolls the page as it would without the viewer.
 *
 * With `isolation="frame"` the canvas is in the frame's document, whose events never reach the host: the same
 * listeners are added to each frame document (`watchFrame`), in the capture phase on the document, which also
 * runs before the canvas's listeners.
 *
 * The controller also gives the viewer focus when it is pressed (the SDK's `mousedown` handler calls
 * `preventDefault`, which would otherwise keep focus where it was): a reader who starts handling the model can
 * then zoom it with the plain wheel, until focus moves elsewhere.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GestureMode, touchTarget, wheelTarget, zoomHintKey } from '../internal/gesture-policy.js';
import { markedSelector } from '../internal/dom-marker.js';

/** How long the "Use Ctrl + scroll" hint stays after the last wheel event that was left to the page. */
export const ZOOM_HINT_MS = 1500;

export interface GesturesHost extends ReactiveControllerHost, HTMLElement {
  gestures: GestureMode;
}

export class CooperativeGesturesController implements ReactiveController {
  /** The hint to show over the viewer (a key of the language table), or null. */
  hint: 'zoomHint' | 'zoomHintMac' | null = null;

  readonly #host: GesturesHost;
  #hintTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: GesturesHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    // Passive: this controller never calls preventDefault. Whether the page scrolls is decided by the SDK's
    // own non-passive listeners, which a gesture that belongs to the page never reaches.
    this.#host.addEventListener('wheel', this.#onWheel, { capture: true, passive: true });
    this.#host.addEventListener('touchstart', this.#onTouch, { capture: true, passive: true });
    this.#host.addEventListener('touchmove', this.#onTouch, { capture: true, passive: true });
    this.#host.addEventListener('mousedown', this.#onPress, { capture: true });
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('wheel', this.#onWheel, { capture: true });
    this.#host.removeEventListener('touchstart', this.#onTouch, { capture: true });
    this.#host.removeEventListener('touchmove', this.#onTouch, { capture: true });
    this.#host.removeEventListener('mousedown', this.#onPress, { capture: true });
    this.#hideHint();
  }

  /**
   * Applies the policy to the gestures inside an isolation frame's document too. The listeners go with the
   * document when the frame is removed.
   */
  watchFrame(doc: Document): void {
    doc.addEventListener('wheel', this.#onWheel, { capture: true, passive: true });
    doc.addEventListener('touchstart', this.#onTouch, { capture: true, passive: true });
    doc.addEventListener('touchmove', this.#onTouch, { capture: true, passive: true });
    doc.addEventListener('mousedown', this.#onPress, { capture: true });
  }

  /** Whether the event comes from the viewer's container (not from the element's own status or hint). */
  #overViewer(event: Event): HTMLElement | null {
    const target = event.target as Node | null;
    // `instanceof Element` is false for nodes of an isolation frame, which has its own `Element`.
    if (target?.nodeType !== Node.ELEMENT_NODE) return null;
    const element = target as Element;
    if (element.ownerDocument !== this.#host.ownerDocument) {
      // Inside an isolation frame: only a frame of this element, and only its viewer's container.
      const frame = element.ownerDocument.defaultView?.frameElement;
      if (!frame || frame.parentElement !== this.#host) return null;
      return element.closest<HTMLElement>(markedSelector('container'));
    }
    const container = element.closest<HTMLElement>('[slot="viewer"]');
    return container && container.parentElement === this.#host ? container : null;
  }

  /** Whether the viewer's container, or something in it, has focus (inside its frame, the frame has focus). */
  #focused(container: HTMLElement): boolean {
    const doc = container.ownerDocument;
    if (doc !== this.#host.ownerDocument && !doc.hasFocus()) return false;
    return container.contains(doc.activeElement);
  }

  readonly #onWheel = (event: WheelEvent): void => {
    const container = this.#overViewer(event);
    if (!container) return;
    const target = wheelTarget({
      mode: this.#host.gestures,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      focused: this.#focused(container),
    });
    if (target === 'viewer') {
      this.#hideHint();
      return;
    }
    event.stopPropagation();
    this.#showHint();
  };

  readonly #onTouch = (event: TouchEvent): void => {
    if (!this.#overViewer(event)) return;
    if (touchTarget(this.#host.gestures, event.touches.length) === 'page') event.stopPropagation();
  };

  readonly #onPress = (event: MouseEvent): void => {
    const container = this.#overViewer(event);
    if (container && !this.#focused(container)) container.focus({ preventScroll: true });
  };

  #showHint(): void {
    clearTimeout(this.#hintTimer);
    this.#hintTimer = setTimeout(() => this.#hideHint(), ZOOM_HINT_MS);
    const text = zoomHintKey(navigator.platform);
    if (this.hint === text) return;
    this.hint = text;
    this.#host.requestUpdate();
  }

  #hideHint(): void {
    clearTimeout(this.#hintTimer);
    this.#hintTimer = undefined;
    if (this.hint === null) return;
    this.hint = null;
    this.#host.requestUpdate();
  }
}
