/**
 * Render only what can be seen: the SDK redraws its scene on every animation frame, visible or not, so a page
 * with many embeds spends its main thread and GPU on viewers scrolled out of view. This controller tells the
 * element whether its viewer can be seen — the host intersects the viewport (an `IntersectionObserver`
 * without margin, which also reports a `display: none` host as not intersecting) and the tab is visible
 * (`document.visibilityState`) — and the element holds back the SDK's render loop while it cannot.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class RenderVisibilityController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #onChange: (visible: boolean) => void;
  #observer: IntersectionObserver | undefined;
  // Until the observer's first answer, draw: a hidden viewer drawing a few frames costs less than a visible
  // one waiting for a rendering step.
  #intersecting = true;
  readonly #onVisibilityChange = () => this.#report();

  /** `onChange(visible)` is called on connect and whenever the answer may have changed. */
  constructor(host: ReactiveControllerHost & HTMLElement, onChange: (visible: boolean) => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this.#intersecting = true;
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    if (typeof IntersectionObserver === 'function') {
      this.#observer = new IntersectionObserver((entries) => {
        const last = entries[entries.length - 1];
        if (!last) return;
        this.#intersecting = last.isIntersecting;
        this.#report();
      });
      this.#observer.observe(this.#host);
    }
    this.#report();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  #report(): void {
    this.#onChange(this.#intersecting && document.visibilityState !== 'hidden');
  }
}
