/**
 * Lazy loading: the element's viewer is created only once the element comes near the viewport, so a long page
 * does not download, parse and set up WebGL for models nobody has scrolled to (and a mobile visitor does not
 * pay for them). `loading="eager"` opts out.
 *
 * A Lit reactive controller that answers one question, `mayStart()`, and asks the host to update when the
 * answer turns to yes. The first answer is read from layout at once (`viewport-proximity.ts`), so an embed on
 * the first screen starts in the same update as an eager one; the others wait for an `IntersectionObserver`
 * with the same margin. Once near, an element stays allowed to load until it is disconnected: scrolling away
 * does not undo a load.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isNearViewport, NEAR_VIEWPORT_MARGIN_PX } from '../internal/viewport-proximity.js';

export class LazyLoadingController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #near = false;
  #observer: IntersectionObserver | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    if (typeof IntersectionObserver !== 'function') {
      // Without an observer nothing would ever start: such a browser loads eagerly.
      this.#near = true;
      return;
    }
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#near = true;
        this.#stopObserving();
        this.#host.requestUpdate();
      },
      { rootMargin: `${NEAR_VIEWPORT_MARGIN_PX}px` },
    );
    this.#observer.observe(this.#host);
  }

  hostDisconnected(): void {
    this.#stopObserving();
    // A reconnected element was released on disconnect; it waits to be near the viewport again.
    this.#near = false;
  }

  /** Whether a lazy element may create its viewer now: it is, or has been since connecting, near the viewport. */
  mayStart(): boolean {
    if (!this.#near && this.#host.isConnected && isNearViewport(this.#host)) {
      this.#near = true;
      this.#stopObserving();
    }
    return this.#near;
  }

  #stopObserving(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }
}
