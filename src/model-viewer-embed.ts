import { LitElement, css, html, nothing, type PropertyDeclarations } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { ModelErrorDetail, ModelViewerEmbedEventMap } from './events.js';
import { ModelStatus, type BimuViewer, type ModelViewerEmbedConfig } from './types.js';
import { LoadingController, type LoadInputs } from './features/loading.js';
import { CooperativeGesturesController } from './features/cooperative-gestures.js';
import { GestureMode } from './internal/gesture-policy.js';
import { LazyLoadingController } from './features/lazy-loading.js';
import { RenderVisibilityController } from './features/render-visibility.js';
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
 * `rate-limited`, `server-error`, `network`, `password-cancelled`, `timeout`, `viewer`, `context-lost`. See
 * `ModelErrorCode`.
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
 *   without a second `loaded`); if that fails, `error` with code `context-lost` instead. Does not bubble.
 *
 * @slot viewer - Reserved: the element puts the SDK's container here itself.
 * @csspart frame - The box the viewer fills.
 * @csspart status - The status text (visible while loading and after an error).
 * @csspart progress-bar - The loading bar.
 * @csspart context-lost - The "3D view paused" box shown while the browser has taken the WebGL context.
 * @csspart gesture-hint - The "Use Ctrl + scroll to zoom the model" hint shown when a plain wheel scrolled the
 *   page instead of zooming (`gestures="cooperative"`).
 * @cssprop [--model-viewer-embed-background=#f4f5f7] - Background behind the viewer and the status text.
 * @cssprop [--model-viewer-embed-accent=#1565c0] - Colour of the loading bar.
 * @cssprop [--model-viewer-embed-error-color=#b00020] - Colour of the error text.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ModelViewerEmbed extends LitElement {
  static override styles = css`
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
    .status.error .message {
      color: var(--model-viewer-embed-error-color, #b00020);
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
  `;

  static override properties = settingProperties();

  /**
   * Sets page-wide defaults for the URL and watchdog settings (the fields of `ModelViewerEmbedConfig`: `sdkSrc`,
   * `threeSrc`, `uiAssetsBase`, `baseUrl`, `timeout`), used by every element without its own attribute. Call it
   * before the first element loads. The same settings can be given without script as
   * `<meta name="model-viewer-embed:ATTRIBUTE" content="…">`, e.g. `model-viewer-embed:sdk-src`. Order of
   * precedence: attribute, `configure()`, `<meta>`, default.
   */
  static configure(config: ModelViewerEmbedConfig): void {
    configure(config);
  }

  // Credential-like attributes are observed only so that adding or removing one re-runs the load (which refuses
  // to start while one is present); their values are never read.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...CREDENTIAL_ATTRIBUTES];
  }

  readonly #gestures = new CooperativeGesturesController(this);
  // With isolation="frame", the gestures over the viewer happen in the frame's document.
  readonly #loader = new LoadingController(this, (frameDocument) => this.#gestures.watchFrame(frameDocument));
  readonly #lazy = new LazyLoadingController(this);
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

  /** Loads the model again with the current settings (after an error, a cancelled password, or to refresh). */
  reload(): void {
    this.#loader.reload();
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

  protected override willUpdate(): void {
    if (this.#internals) {
      // An aria-label set by the page on the host wins over this default.
      this.#internals.ariaLabel = this.modelId ? `3D model ${this.modelId}` : '3D model';
    }
    // Where loading starts: a run whenever the inputs changed since the last one (or reload() asked), once a
    // lazy element is near the viewport; until then it stays idle.
    if (this.loading === 'eager' || this.#lazy.mayStart()) this.#loader.update(this.loadInputs());
  }

  protected override render() {
    const status = this.status;
    const percent = Math.round(this.progress * 100);
    const text =
      status === ModelStatus.Loading
        ? 'Loading 3D model…'
        : status === ModelStatus.Error
          ? `The 3D model could not be loaded. ${this.error?.message ?? ''}`
          : status === ModelStatus.Loaded
            ? '3D model loaded.'
            : '';
    const quiet = status === ModelStatus.Loaded || status === ModelStatus.Idle;
    return html`
      <div class="frame ${this.gestures === GestureMode.Greedy ? '' : 'cooperative'}" part="frame">
        <slot name="viewer"></slot>
      </div>
      ${
        this.contextLost
          ? html`<div class="context-lost" part="context-lost" role="img" aria-label="3D view paused">
              3D view paused
            </div>`
          : nothing
      }
      ${
        this.#gestures.hint
          ? html`<div class="gesture-hint" part="gesture-hint" aria-hidden="true">
              ${this.#gestures.hint}
            </div>`
          : nothing
      }
      <div class="status ${status} ${quiet ? 'quiet' : ''}" part="status" role="status">
        ${
          status === ModelStatus.Error
            ? html`<span class="message">${text}</span>`
            : html`<span>${text}</span>`
        }
        ${
          status === ModelStatus.Loading
            ? html`<div
                class="bar"
                part="progress-bar"
                role="progressbar"
                aria-label="Loading progress"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=${percent}
              >
                <div class="fill" style=${styleMap({ width: `${percent}%` })}></div>
              </div>`
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-viewer-embed': ModelViewerEmbed;
  }
}
