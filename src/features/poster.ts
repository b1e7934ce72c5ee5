/**
 * Posters and reveal: never a blank box. A poster (the `poster` image, or markup in the `poster` slot) covers
 * the viewer from the start until the loaded model has been drawn, then fades out; it comes back while the
 * browser has taken the WebGL context. With `reveal="interaction"` the element shows the poster and a
 * "View 3D model" button and loads nothing — no SDK, no three.js, no token — until the button is activated.
 *
 * A Lit reactive controller: it answers `mayLoad()` for the element's load gate, keeps whether the visitor has
 * asked for the model, and renders the poster layer (`render`) from the state the element hands it. What the
 * layer shows is decided by the pure `poster-state.ts`.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import {
  accessibleName,
  awaitsInteraction,
  posterCovers,
  type PosterInputs,
  type RevealMode,
} from '../internal/poster-state.js';
import type { UiStrings } from '../internal/strings.js';

export interface PosterRenderState extends PosterInputs {
  poster: string | null;
  alt: string | null;
  modelId: string | null;
  reveal: RevealMode;
  /** The poster image may wait until it is near the viewport (the element's `loading` is `lazy`). */
  lazyImage: boolean;
  /** The element's texts in its language (internal/strings.ts). */
  strings: Pick<UiStrings, 'revealButton' | 'modelLabelNoId'>;
}

// Kept terse: these bytes are in every page's download (scripts/check-size.mjs).
export const posterStyles = css`
  .poster {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: var(--model-viewer-embed-background, #f4f5f7);
    transition: opacity 0.3s;
  }
  /* Pointer events reach the model at once; visibility (hit testing, focus) flips once the fade has ended. */
  .uncovered {
    opacity: 0;
    visibility: hidden;
    pointer-events: none;
    transition:
      opacity 0.3s,
      visibility 0s 0.3s;
  }
  @media (prefers-reduced-motion: reduce) {
    .poster {
      transition: none;
    }
  }
  .poster-art,
  .poster-art img,
  ::slotted([slot='poster']) {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  button {
    position: relative;
    font: 600 15px system-ui;
    padding: 0.75em 1.4em;
    border: 0;
    border-radius: 2em;
    color: #fff;
    background: var(--model-viewer-embed-accent, #1565c0);
    cursor: pointer;
  }
  button:focus-visible {
    outline: 3px solid var(--model-viewer-embed-accent, #1565c0);
    outline-offset: 3px;
  }
`;

export class PosterController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  /** The visitor (or `dismissPoster()`) asked for the model; kept across reconnects, never undone. */
  #revealed = false;
  /** Move focus to the viewer once it exists: the reveal button had focus when it was activated. */
  #focusViewer = false;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the element may load under `reveal`: always with `auto`, after the visitor asked with `interaction`. */
  mayLoad(reveal: RevealMode): boolean {
    return !awaitsInteraction(reveal, this.#revealed);
  }

  /** Whether the visitor asked for the model: a `reveal="interaction"` element then loads at once, as if eager. */
  get revealed(): boolean {
    return this.#revealed;
  }

  /** Loads a `reveal="interaction"` element as if its button had been activated. */
  reveal(): void {
    if (this.#revealed) return;
    this.#revealed = true;
    this.#host.requestUpdate();
  }

  hostConnected(): void {}

  hostUpdated(): void {
    if (!this.#focusViewer) return;
    const viewer = this.#host.querySelector<HTMLElement>(':scope > [slot="viewer"]');
    if (!viewer) return;
    this.#focusViewer = false;
    // Only when focus is where the removed button left it (nowhere): never steal it from where the visitor went.
    const active = document.activeElement;
    if (active === null || active === document.body || active === this.#host)
      viewer.focus({ preventScroll: true });
  }

  /** Whether the element shows poster content: the `poster` image or markup in the `poster` slot. */
  hasPoster(poster: string | null): boolean {
    return Boolean(poster?.trim()) || this.#host.querySelector(':scope > [slot="poster"]') !== null;
  }

  render(state: PosterRenderState) {
    const waiting = awaitsInteraction(state.reveal, this.#revealed);
    const covers = waiting || posterCovers(state);
    const name = accessibleName(state.alt, state.modelId, state.strings.modelLabelNoId);
    const poster = state.poster?.trim() || undefined;
    const slotted = this.#host.querySelector(':scope > [slot="poster"]') !== null;
    const hasPoster = slotted || Boolean(poster);
    // role="img" with the model's name on the art only (never around the button: an image's children are
    // presentational, so a button inside would vanish for screen readers); no name when there is nothing to see.
    return html`<div
      class="poster ${covers ? '' : 'uncovered'}"
      part="poster"
      aria-hidden=${covers ? 'false' : 'true'}
    >
      <div
        class="poster-art"
        role=${ifDefined(hasPoster ? 'img' : undefined)}
        aria-label=${ifDefined(hasPoster ? name : undefined)}
      >
        <slot name="poster" @slotchange=${() => this.#host.requestUpdate()}
          >${
            // Not even as the slot's fallback: an unused image would still be downloaded.
            poster && !slotted
              ? html`<img
                  part="poster-image"
                  src=${poster}
                  alt=""
                  decoding="async"
                  loading=${state.lazyImage ? 'lazy' : 'eager'}
                />`
              : nothing
          }</slot
        >
      </div>
      ${
        waiting
          ? html`<button type="button" part="reveal-button" @click=${this.#onRevealClick}>
              ${state.strings.revealButton}
            </button>`
          : nothing
      }
    </div>`;
  }

  // Enter and Space activate a <button> as a click in every engine: one handler serves mouse and keyboard.
  readonly #onRevealClick = (event: Event) => {
    const button = event.currentTarget as HTMLElement;
    this.#focusViewer = (button.getRootNode() as ShadowRoot).activeElement === button;
    this.reveal();
  };
}
