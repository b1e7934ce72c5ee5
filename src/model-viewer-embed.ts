import { LitElement, css, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { ModelErrorDetail, ModelViewerEmbedEventMap } from './events.js';
import { ModelStatus, type BimuViewer, type ModelViewerEmbedConfig } from './types.js';
import { LoadingController, type LoadInputs } from './features/loading.js';
import { CooperativeGesturesController } from './features/cooperative-gestures.js';
import { GestureMode } from './internal/gesture-policy.js';
import { LazyLoadingController } from './features/lazy-loading.js';
import { CameraController } from './features/camera.js';
import { SelectionController } from './features/selection.js';
import { ViewerCallError, ViewerCallErrorCode } from './internal/errors.js';
import type { Viewpoint } from './internal/viewpoint.js';
import {
  canvasToBlob,
  nextFrameOrTimeout,
  parseSnapshotOptions,
  type SnapshotOptions,
} from './internal/snapshot.js';
import { RenderVisibilityController } from './features/render-visibility.js';
import { PosterController, posterStyles } from './features/poster.js';
import { accessibleName } from './internal/poster-state.js';
import { ContextBudgetController } from './features/context-budget.js';
import { AppearanceController } from './features/appearance.js';
import { LanguageController } from './features/language.js';
import { errorText } from './internal/strings.js';
import { isCssColor } from './internal/css-color.js';
import { CREDENTIAL_ATTRIBUTES, forbiddenCredentialAttributes } from './internal/credential-attributes.js';
import { configure } from './internal/config.js';
import { SETTINGS, type SettingName, type SettingValues } from './internal/settings-table.js';

const settingNames = Object.keys(SETTINGS) as SettingName[];

/** The reactive property of each setting, from its row: attribute, boolean or converter. */
function settingProperties(): PropertyDeclarations {
  return Object.fromEntries(
    settingNames.map((name) => {
      const row = SETTINGS[name];
      return [
        name,
        {
          attribute: row.attribute,
          ...('boolean' in row ? { type: Boolean } : {}),
          ...('fromAttribute' in row ? { converter: { fromAttribute: row.fromAttribute } } : {}),
        },
      ];
    }),
  );
}

// The setting properties (`modelId`, `tokenUrl`, …) are declared by their rows in settings-table.ts: Lit
// creates them from `static properties` below, and this declaration merge gives them their types and docs.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface ModelViewerEmbed extends SettingValues {}

/**
 * Embeds a bimU.io BIM model: `<model-viewer-embed model-id="…" token-url="/api/bimu-token">`.
 *
 * The element loads three.js r113 and the bimU.io Viewer SDK once per page, creates one SDK viewer per model
 * in a light-DOM container (the SDK finds its container with `document.getElementById`, so it cannot live in
 * the shadow root; it is slotted into it), and shields the page from the SDK: hangs end with `timeout`,
 * viewers are fully released on disconnect, the password dialog is escaped and one at a time.
 *
 * **Authentication** — exactly one of: `token-url` (recommended: your server trades the API key for a
 * token), the `tokenProvider` property, `access-token`, or `password-mode`. Anything else, or an `api-key`
 * style attribute, ends in `error` with code `invalid-config`.
 *
 * **Size** — the host is a block, 400px high by default; size it with CSS. The SDK never draws smaller than
 * 300×300 CSS pixels when it creates a viewer, so the host has `min-width`/`min-height: 300px`; afterwards the
 * element keeps the canvas at the host's size (the SDK alone would ignore the height).
 *
 * **Isolation** — `isolation="frame"` runs the SDK and its three.js r113 in a same-origin frame the element owns,
 * for pages with their own global `THREE` (A-Frame, three.js apps); it costs time and memory per element.
 *
 * **Error codes** (`error` event `detail.code`, also `element.error.code`): `invalid-config`,
 * `sdk-load-failed`, `unauthorized`, `forbidden`, `not-found`, `token-expired`, `token-endpoint-failed`,
 * `rate-limited`, `server-error`, `network`, `password-cancelled`, `timeout`, `viewer`, `context-lost`,
 * `restore-failed`. See
 * `ModelErrorCode`. An invalid `viewpoint` also fires `error` (`invalid-config`) but does not stop the load.
 * `setViewpoint()` and `snapshot()` fail with a `ViewerCallError` (`not-loaded`, `invalid-config`, `viewer`).
 *
 * **Posters** — a `poster` image (or markup in the `poster` slot) covers the viewer until the model is drawn,
 * then fades out (at once with `prefers-reduced-motion`), and comes back over the "3D view paused" note while
 * the WebGL context is lost. `reveal="interaction"` loads nothing until a "View 3D model" button is activated.
 * `alt` names the model for screen readers. See [docs/posters.md](docs/posters.md).
 *
 * @summary A bimU.io BIM model viewer that works on any page.
 *
 * @fires progress - `ModelProgressEvent`; `detail.progress` from 0 to 1, never decreasing within a load, 1 only
 *   when the model is ready. Does not bubble.
 * @fires loaded - `ModelLoadedEvent`; `detail.modelId`. Exactly once per successful load. Does not bubble.
 * @fires error - `ModelErrorEvent`; `detail.code`, `detail.message`, `detail.modelId`. Exactly once per failed
 *   load. Does not bubble, so it never reaches `window`'s error handlers.
 * @fires context-lost - `ModelContextLostEvent`: the browser took the loaded viewer's WebGL context; "3D view
 *   paused" shows, `contextLost` is true and `status` stays `loaded`. Does not bubble.
 * @fires context-restored - `ModelContextRestoredEvent`: the model is drawn again (loaded into a new viewer,
 *   without a second `loaded`) once the browser gives the context back or the element comes back into view,
 *   never while it cannot be seen; if that fails, `error` with code `context-lost` instead. Does not bubble.
 * @fires camera-change - `ModelCameraChangeEvent`; `detail.viewpoint`, `detail.settled`, `detail.source`
 *   (`user`/`api`): at most every 250 ms while the camera moves, then once `settled`. Does not bubble.
 * @fires select - `ModelSelectEvent`; `detail.element` (`index`, `id`, `uniqueId`, `properties`) of the element
 *   the reader clicked, or null when the click cleared the selection; `detail.selection`. Does not bubble.
 *
 * @slot poster - Markup shown in place of the model until it is drawn (replaces the `poster` image).
 * @slot viewer - Reserved: the element puts the SDK's container here itself.
 * @csspart frame - The box the viewer fills.
 * @csspart poster - The layer over the viewer that holds the poster and the reveal button; it fades out once
 *   the model is drawn.
 * @csspart poster-image - The `poster` image.
 * @csspart reveal-button - The "View 3D model" button of `reveal="interaction"`.
 * @csspart status - The status text (visible while loading and after an error).
 * @csspart progress-bar - The loading bar.
 * @csspart parked-snapshot - The `<img>` of the viewer's last frame shown while it is parked (`parked`: released
 *   to stay within the page's context budget, see `configure({ contextBudget })`).
 * @csspart context-lost - The "3D view paused" box shown while the browser has taken the WebGL context (a
 *   caption over the poster when there is one).
 * @csspart gesture-hint - The "Use Ctrl + scroll to zoom the model" hint shown when a plain wheel scrolled the
 *   page instead of zooming (`gestures="cooperative"`).
 * @cssprop [--model-viewer-embed-background=#f4f5f7] - Background behind the viewer and the status text; also the
 *   canvas's colour when set (read when the viewer is created). The `background` attribute wins over it.
 * @cssprop [--model-viewer-embed-button-color=#1565c0] - Colour of the toolbar's buttons; the `button-color`
 *   attribute wins over it.
 * @cssprop [--model-viewer-embed-accent=#1565c0] - Colour of the loading bar.
 * @cssprop [--model-viewer-embed-error-color=#b00020] - Colour of the error text.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ModelViewerEmbed extends LitElement {
  static override styles = [
    css`
      :host {
        display: block;
        position: relative;
        height: 400px;
        min-width: 300px;
        min-height: 300px;
        overflow: hidden;
        /* Keeps the SDK's full-page dialog overlay (position: fixed) and z-indexes inside this element. */
        contain: layout paint;
        isolation: isolate;
        background: var(--model-viewer-embed-background, #f4f5f7);
      }
      :host([hidden]) {
        display: none;
      }
      /* Carries the element's colours and direction; the viewer's container inherits its custom properties. */
      .surface {
        position: absolute;
        inset: 0;
        background: var(--model-viewer-embed-background, #f4f5f7);
      }
      .frame {
        position: absolute;
        inset: 0;
      }
      ::slotted([slot='viewer']) {
        display: block;
        position: relative;
        width: 100%;
        height: 100%;
        overflow: hidden;
      }
      /* One finger pans the page; the browser leaves pinches and two-finger gestures to the SDK. */
      .frame.cooperative ::slotted([slot='viewer']) {
        touch-action: pan-x pan-y;
      }
      ::slotted([slot='viewer']:focus-visible) {
        outline: 2px solid var(--model-viewer-embed-accent, #1565c0);
        outline-offset: -2px;
      }
      .gesture-hint {
        position: absolute;
        inset: 0;
        display: flex;
        align-items: center;
        justify-content: center;
        padding: 1em;
        box-sizing: border-box;
        text-align: center;
        font:
          16px/1.4 system-ui,
          sans-serif;
        color: #fff;
        background: rgb(0 0 0 / 45%);
        pointer-events: none;
      }
      .parked-snapshot {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        /* The snapshot has the canvas's size, which follows the host's. */
        object-fit: fill;
        pointer-events: none;
      }
      .context-lost {
        position: absolute;
        inset: 0;
        display: flex;
        align-items: center;
        justify-content: center;
        font:
          14px/1.4 system-ui,
          sans-serif;
        color: #1f2328;
        background: var(--model-viewer-embed-background, #f4f5f7);
      }
      /* Over a poster, the note is a caption: the poster shows what the model looks like, the caption why it
       does not move. */
      .context-lost.caption {
        inset: auto 0 0;
        padding: 0.5em 1em;
        background: rgb(255 255 255 / 85%);
      }
      .status {
        position: absolute;
        inset: 0;
        display: flex;
        flex-direction: column;
        align-items: center;
        justify-content: center;
        gap: 0.75em;
        padding: 1em;
        box-sizing: border-box;
        text-align: center;
        font:
          14px/1.4 system-ui,
          sans-serif;
        color: #1f2328;
        background: var(--model-viewer-embed-background, #f4f5f7);
      }
      .status.loading {
        background: color-mix(in srgb, var(--model-viewer-embed-background, #f4f5f7) 85%, transparent);
        pointer-events: none;
      }
      /* Lets the poster show through while the model loads. */
      .status.loading.over-poster {
        background: color-mix(in srgb, var(--model-viewer-embed-background, #f4f5f7) 55%, transparent);
      }
      .status.error .message {
        color: var(--model-viewer-embed-error-color, #b00020);
      }
      .status .detail {
        font-size: 12px;
        color: #57606a;
        max-width: 40em;
      }
      .status.quiet {
        /* Visually hidden, still read by screen readers. */
        clip-path: inset(50%);
        width: 1px;
        height: 1px;
        overflow: hidden;
        white-space: nowrap;
        padding: 0;
        inset: auto;
      }
      .bar {
        width: min(240px, 60%);
        height: 4px;
        border-radius: 2px;
        background: rgb(0 0 0 / 12%);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--model-viewer-embed-accent, #1565c0);
        transition: width 0.2s linear;
      }
    `,
    posterStyles,
  ];

  static override properties = settingProperties();

  /**
   * Sets page-wide defaults for the URL and watchdog settings (the fields of `ModelViewerEmbedConfig`: `sdkSrc`,
   * `threeSrc`, `uiAssetsBase`, `baseUrl`, `timeout`), used by every element without its own attribute, and the
   * page's `contextBudget` (how many viewers are live at once, default 8; see
   * [docs/performance.md](docs/performance.md#many-embeds-on-one-page)). Call it before the first element loads.
   * The same settings can be given without script as `<meta name="model-viewer-embed:ATTRIBUTE" content="…">`,
   * e.g. `model-viewer-embed:sdk-src` or `model-viewer-embed:context-budget`. Order of precedence: attribute,
   * `configure()`, `<meta>`, default.
   */
  static configure(config: ModelViewerEmbedConfig): void {
    configure(config);
  }

  // Credential-like attributes are observed only so that adding or removing one re-runs the load (which refuses
  // to start while one is present); their values are never read.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...CREDENTIAL_ATTRIBUTES];
  }

  readonly #language = new LanguageController(this);
  // The budget, camera and selection controllers are created just below; these callbacks only run once a load
  // creates a viewer.
  readonly #loader: LoadingController = new LoadingController(this, {
    text: () => this.#language.text,
    textReady: () => this.#language.whenReady(),
    budget: {
      acquiring: () => this.#budget.acquiring(),
      released: () => this.#budget.released(),
    },
    onViewerReady: (viewer, reason) => {
      this.#camera.viewerReady(viewer, reason);
      this.#selection.viewerReady(viewer);
    },
    // With isolation="frame", the gestures over the viewer happen in the frame's document.
    onFrameDocument: (frameDocument) => this.#gestures.watchFrame(frameDocument),
    onViewerReleased: () => {
      this.#camera.viewerReleased();
      this.#selection.viewerReleased();
      this.#appearance.viewerReleased();
    },
  });
  readonly #budget = new ContextBudgetController(this, this.#loader);
  readonly #camera = new CameraController(this, {
    loadedViewer: () => this.#loadedViewer(),
    modelId: () => this.modelId ?? '',
    requestRender: () => this.#requestRender(),
  });
  readonly #selection = new SelectionController(this);
  readonly #appearance = new AppearanceController(this);
  readonly #gestures = new CooperativeGesturesController(this);
  readonly #lazy = new LazyLoadingController(this);
  readonly #poster = new PosterController(this);
  #internals: ElementInternals | undefined;
  #consumingTokenAttribute = false;

  /** `'idle' | 'loading' | 'loaded' | 'error'`. */
  get status(): ModelStatus {
    return this.#loader.status;
  }

  /**
   * Whether the browser has taken the loaded viewer's WebGL context (a GPU reset, too many contexts on the
   * page): "3D view paused" shows until the element has loaded the model again. `status` stays `loaded`.
   */
  get contextLost(): boolean {
    return this.#loader.contextLost;
  }

  /**
   * Whether the viewer is parked: released to keep the page within its WebGL context budget (default 8 live
   * viewers, `configure({ contextBudget })`) while it was off-screen. A snapshot of its last frame shows in its
   * place and it is loaded again, with the same camera, when it comes back near the viewport. `status` stays
   * `loaded`, and neither parking nor restoring fires `loaded`; a failed restore fires `error` with code
   * `restore-failed`.
   */
  get parked(): boolean {
    return this.#loader.parked;
  }

  /** Progress of the current load, 0 to 1. */
  get progress(): number {
    return this.#loader.progress;
  }

  /** The last load's error (`{ code, message, modelId }`), or null. */
  get error(): ModelErrorDetail | null {
    return this.#loader.error;
  }

  /**
   * The SDK's `bimU.Viewer` of the current load, or null. Use it for the SDK's API (selection, colours,
   * viewpoints) once `loaded` fired; do not call `loadModel` or `dispose` on it: the element owns both.
   */
  get viewer(): BimuViewer | null {
    return this.#loader.viewer;
  }

  constructor() {
    super();
    // The viewer draws only while it can be seen; the controller needs nothing more from the element.
    new RenderVisibilityController(this, (visible) => this.#loader.setRendering(visible));
    for (const name of settingNames) (this as Record<SettingName, unknown>)[name] = SETTINGS[name].initial;
    try {
      this.#internals = this.attachInternals();
      this.#internals.role = 'group';
    } catch {
      // Browsers without ElementInternals ARIA: the label still comes from the status text.
      this.#internals = undefined;
    }
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'access-token') {
      // Removing the attribute below calls back with null: that is not the page clearing the token.
      if (this.#consumingTokenAttribute) return;
      super.attributeChangedCallback(name, old, value);
      if (value !== null) {
        this.#consumingTokenAttribute = true;
        try {
          this.removeAttribute(name);
        } finally {
          this.#consumingTokenAttribute = false;
        }
      }
      return;
    }
    super.attributeChangedCallback(name, old, value);
    if (CREDENTIAL_ATTRIBUTES.includes(name)) this.requestUpdate();
  }

  /**
   * Starts loading a `reveal="interaction"` element, as its "View 3D model" button does (for a page's own
   * control). Does nothing otherwise.
   */
  dismissPoster(): void {
    this.#poster.reveal();
  }

  /** Loads the model again with the current settings (after an error, a cancelled password, or to refresh). */
  reload(): void {
    this.#loader.reload();
  }

  /** The current view as a BCF viewpoint (`{ camera, clippingPlanes }`), or null while no model is shown. */
  getViewpoint(): Viewpoint | null {
    return this.#camera.get();
  }

  /**
   * Moves the camera to a view name, a BCF viewpoint or its JSON (`camera-change` follows, `source: 'api'`).
   * Throws a `ViewerCallError`: `invalid-config`, or `not-loaded` before `loaded`.
   */
  setViewpoint(v: Viewpoint | string): void {
    this.#camera.set(v);
  }

  /**
   * The current view as a PNG (default) or JPEG `Blob`: `snapshot({ type: 'jpeg', quality: 0.8 })`. Rejects with
   * a `ViewerCallError`: `not-loaded`, `invalid-config` (options) or `viewer` (not encodable).
   */
  async snapshot(options?: SnapshotOptions): Promise<Blob> {
    const request = parseSnapshotOptions(options);
    if (!this.#loadedViewer()) throw this.#notLoaded('snapshot()');
    this.#requestRender();
    await nextFrameOrTimeout();
    // The model may have gone meanwhile (a reload, a lost context, removal).
    const canvas = this.#loadedViewer()
      ? this.querySelector<HTMLCanvasElement>('[slot="viewer"] canvas')
      : null;
    if (!canvas) throw this.#notLoaded('snapshot()');
    return canvasToBlob(canvas, request);
  }

  #notLoaded(method: string): ViewerCallError {
    return new ViewerCallError(
      ViewerCallErrorCode.NotLoaded,
      `${method} needs a loaded model (status is ${this.status}${this.contextLost ? ', 3D view paused' : ''}).`,
    );
  }

  /** The viewer while it shows a loaded model, else null. */
  #loadedViewer() {
    return this.status === ModelStatus.Loaded && !this.contextLost ? this.viewer : null;
  }

  /** Asks for a redraw after the view was changed through the API. */
  #requestRender(): void {
    // The SDK's loop draws on demand (render-loop.ts): a view changed from here needs its frames asked for.
    this.#loader.requestRender();
  }

  /** @internal The inputs of a load, handed to the loading controller on every update. */
  loadInputs(): LoadInputs {
    const settings = Object.fromEntries(settingNames.map((name) => [name, this[name]])) as SettingValues;
    return { ...settings, forbiddenAttributes: forbiddenCredentialAttributes(this) };
  }

  override addEventListener<K extends keyof ModelViewerEmbedEventMap>(
    type: K,
    listener: (this: ModelViewerEmbed, event: ModelViewerEmbedEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: ModelViewerEmbed, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof ModelViewerEmbedEventMap>(
    type: K,
    listener: (this: ModelViewerEmbed, event: ModelViewerEmbedEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: ModelViewerEmbed, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new view is shown without reloading; an invalid one fires `error` and leaves the view as it is.
    if (changed.has('viewpoint')) this.#camera.settingChanged(this.viewpoint);
    if (this.#internals) {
      // An aria-label set by the page on the host wins over this default.
      this.#internals.ariaLabel = accessibleName(
        this.alt,
        this.modelId,
        this.#language.text.strings.modelLabelNoId,
      );
    }
    // Where loading starts: a run whenever the inputs changed since the last one (or reload() asked), once a
    // lazy element is near the viewport; until then it stays idle. `reveal="interaction"` holds everything back
    // until the visitor asks, and then loads at once, wherever `loading` says.
    if (!this.#poster.mayLoad(this.reveal)) return;
    if (this.#poster.revealed || this.loading === 'eager' || this.#lazy.mayStart())
      this.#loader.update(this.loadInputs());
  }

  protected override updated(): void {
    // The viewer's container is in the light DOM, created by the load: its accessible name follows the language.
    const label = this.#language.text.strings.viewerLabel;
    for (const container of this.querySelectorAll(':scope > [slot="viewer"]')) {
      if (container.getAttribute('aria-label') !== label) container.setAttribute('aria-label', label);
    }
  }

  protected override render() {
    const { strings, language, dir } = this.#language.text;
    const status = this.status;
    const percent = Math.round(this.progress * 100);
    const error = this.error;
    // While the language's table downloads (a few milliseconds), the loading status stays empty rather than
    // being read out in the previous language and again in the new one.
    const text =
      status === ModelStatus.Loading
        ? this.#language.pending
          ? ''
          : strings.loading
        : status === ModelStatus.Error && error
          ? `${strings.loadFailed} ${errorText(strings, error.code)}`
          : status === ModelStatus.Loaded
            ? strings.loaded
            : '';
    const quiet = status === ModelStatus.Loaded || status === ModelStatus.Idle;
    // Only valid colours reach the styles: an invalid one is the load's `invalid-config`, and the default shows.
    const background = this.#appearance.background;
    const buttonColor = this.buttonColor && isCssColor(this.buttonColor) ? this.buttonColor.trim() : null;
    const surfaceStyle = {
      '--model-viewer-embed-background': background ?? undefined,
      '--model-viewer-embed-button-color': buttonColor ?? undefined,
      // Read by the SDK UI stylesheet (dialog-styles.ts) on the toolbar inside the slotted container.
      '--model-viewer-embed-toolbar-display': this.toolbar === 'off' ? 'none' : undefined,
    };
    return html`<div class="surface" lang=${language} dir=${dir} style=${styleMap(surfaceStyle)}>
      <div class="frame ${this.gestures === GestureMode.Greedy ? '' : 'cooperative'}" part="frame">
        <slot name="viewer"></slot>
      </div>
      ${this.#poster.render({
        status,
        modelDrawn: this.#loader.modelDrawn,
        contextLost: this.contextLost,
        poster: this.poster,
        alt: this.alt,
        modelId: this.modelId,
        reveal: this.reveal,
        lazyImage: this.loading !== 'eager',
        strings,
      })}
      ${
        this.parked && this.#loader.parkedSnapshot
          ? html`<img
              class="parked-snapshot"
              part="parked-snapshot"
              src=${this.#loader.parkedSnapshot}
              alt=${strings.parkedSnapshot}
            />`
          : nothing
      }
      ${
        this.contextLost
          ? html`<div
              class="context-lost ${this.#poster.hasPoster(this.poster) ? 'caption' : ''}"
              part="context-lost"
              role="img"
              aria-label=${strings.paused}
            >
              ${strings.paused}
            </div>`
          : nothing
      }
      ${
        this.#gestures.hint
          ? html`<div class="gesture-hint" part="gesture-hint" aria-hidden="true">
              ${strings[this.#gestures.hint]}
            </div>`
          : nothing
      }
      <div
        class="status ${status} ${quiet ? 'quiet' : ''} ${this.#poster.hasPoster(this.poster) ? 'over-poster' : ''}"
        part="status"
        role="status"
      >
        ${
          status === ModelStatus.Error
            ? html`<span class="message">${text}</span>
                <!-- The technical reason, for whoever set the page up: in English, as the error event has it. -->
                <span class="detail" lang="en" dir="ltr">${error?.message ?? ''}</span>`
            : html`<span>${text}</span>`
        }
        ${
          status === ModelStatus.Loading
            ? html`<div
                class="bar"
                part="progress-bar"
                role="progressbar"
                aria-label=${strings.loadingProgress}
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=${percent}
              >
                <div class="fill" style=${styleMap({ width: `${percent}%` })}></div>
              </div>`
            : nothing
        }
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-viewer-embed': ModelViewerEmbed;
  }
}
