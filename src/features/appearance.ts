/**
 * The viewer's look: a Lit reactive controller that gives the SDK viewer the element's background colour.
 *
 * The toolbar and the button colour need no controller: the SDK builds its toolbar inside the light-DOM
 * container slotted into the element, so custom properties the element sets in its shadow root inherit into it,
 * and the page-wide stylesheet for the SDK's UI (`dialog-styles.ts`) reads them. The canvas is another matter:
 * three.js clears it with a colour the SDK only takes through `setBackgroundColor(0xRRGGBB)` (white until
 * then). The viewer is created during a load, and the slot asks the element for an update as soon as it
 * exists. That update is a microtask, so it runs before the SDK's first animation frame: the SDK's one
 * synchronous render inside `initialize()` is white, but the frame drawn before the browser first paints the
 * canvas is already in the right colour, so a dark page sees no white flash.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cssColorToHex, isCssColor } from '../internal/css-color.js';
import type { BimuViewer } from '../internal/sdk-types.js';

/** The SDK's own clear colour (`WebGLRenderer.setClearColor(0xffffff)` in its constructor). */
export const SDK_BACKGROUND = 0xffffff;

/** The custom property a page sets for the element's background, also read for the canvas. */
export const BACKGROUND_PROPERTY = '--model-viewer-embed-background';

export interface AppearanceHost extends ReactiveControllerHost, HTMLElement {
  readonly viewer: BimuViewer | null;
  background: string | null;
}

export class AppearanceController implements ReactiveController {
  readonly #host: AppearanceHost;
  #viewer: BimuViewer | null = null;
  #applied: number | undefined;

  constructor(host: AppearanceHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The `background` attribute when it is a colour; an invalid one is reported by the load, not drawn. */
  get background(): string | null {
    const value = this.#host.background;
    return typeof value === 'string' && isCssColor(value) ? value.trim() : null;
  }

  /** The element released its viewer (see `LoadingHooks.onViewerReleased`): forget it. */
  viewerReleased(): void {
    this.#viewer = null;
    this.#applied = undefined;
  }

  hostUpdated(): void {
    const viewer = this.#host.viewer;
    if (!viewer) {
      this.#viewer = null;
      return;
    }
    const color = this.#canvasColor();
    if (viewer === this.#viewer && color === this.#applied) return;
    this.#viewer = viewer;
    this.#applied = color;
    try {
      viewer.setBackgroundColor(color);
    } catch {
      // A viewer being released: the next one gets the colour when it is created.
    }
  }

  /**
   * The attribute, else the page's `--model-viewer-embed-background` (read when a viewer is created or the
   * element updates; CSS alone changing later is not observed), else the SDK's white.
   */
  #canvasColor(): number {
    const own = this.background;
    const fromPage = own ?? getComputedStyle(this.#host).getPropertyValue(BACKGROUND_PROPERTY).trim();
    const hex = fromPage ? cssColorToHex(fromPage) : null;
    return hex ?? SDK_BACKGROUND;
  }
}
