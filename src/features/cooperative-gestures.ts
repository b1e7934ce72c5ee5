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
 * The controller also gives the viewer focus when it is pressed (the SDK's `mousedown` handler calls
 * `preventDefault`, which would otherwise keep focus where it was): a reader who starts handling the model can
 * then zoom it with the plain wheel, until focus moves elsewhere.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { GestureMode, touchTarget, wheelTarget, zoomHintKey } from '../internal/gesture-policy.js';

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

  /** Whether the event comes from the viewer's container (not from the element's own status or hint). */
  #overViewer(event: Event): HTMLElement | null {
    const target = event.target;
    if (!(target instanceof Element)) return null;
    const container = target.closest<HTMLElement>('[slot="viewer"]');
    return container && container.parentElement === this.#host ? container : null;
  }

  readonly #onWheel = (event: WheelEvent): void => {
    const container = this.#overViewer(event);
    if (!container) return;
    const target = wheelTarget({
      mode: this.#host.gestures,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      focused: container.contains(document.activeElement),
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
    if (container && !container.contains(document.activeElement)) container.focus({ preventScroll: true });
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
