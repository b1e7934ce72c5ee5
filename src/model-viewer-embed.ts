import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { ModelErrorDetail, ModelViewerEmbedEventMap } from './events.js';
import { LoadingController, ModelStatus, type LoadInputs } from './features/loading.js';
import { forbiddenCredentialAttributes, type TokenProvider } from './internal/credentials.js';
import { configure, parseTimeout, type ModelViewerEmbedConfig } from './internal/config.js';
import type { BimuViewer } from './internal/sdk-types.js';

/**
 * Attribute names that look like an account credential. They are observed only so that adding or removing
 * one re-runs the load (which refuses to start while one is present); their values are never read.
 */
const CREDENTIAL_LIKE_ATTRIBUTES = [
  'api-key',
  'apikey',
  'api_key',
  'api-secret',
  'account-name',
  'accountname',
  'account_name',
  'client-secret',
  'secret-key',
  'password',
];

/**
 * The `timeout` attribute as a number: an empty attribute is unset, like the URL attributes; anything but
 * decimal digits becomes `NaN`, which the next load reports as `invalid-config` instead of silently using the
 * default (the `Number` converter would read `""` as 0, disabling the watchdog, and `"1e3"` as 1000).
 */
function timeoutFromAttribute(value: string | null): number | null {
  return value === null || value.trim() === '' ? null : parseTimeout(value);
}

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
 * **Error codes** (`error` event `detail.code`, also `element.error.code`): `invalid-config`,
 * `sdk-load-failed`, `unauthorized`, `forbidden`, `not-found`, `token-expired`, `token-endpoint-failed`,
 * `rate-limited`, `server-error`, `network`, `password-cancelled`, `timeout`, `viewer`. See `ModelErrorCode`.
 *
 * @summary A bimU.io BIM model viewer that works on any page.
 *
 * @fires progress - `ModelProgressEvent`; `detail.progress` from 0 to 1, never decreasing within a load, 1 only
 *   when the model is ready. Does not bubble.
 * @fires loaded - `ModelLoadedEvent`; `detail.modelId`. Exactly once per successful load. Does not bubble.
 * @fires error - `ModelErrorEvent`; `detail.code`, `detail.message`, `detail.modelId`. Exactly once per failed
 *   load. Does not bubble, so it never reaches `window`'s error handlers.
 *
 * @slot viewer - Reserved: the element puts the SDK's container here itself.
 * @csspart frame - The box the viewer fills.
 * @csspart status - The status text (visible while loading and after an error).
 * @csspart progress-bar - The loading bar.
 * @cssprop [--model-viewer-embed-background=#f4f5f7] - Background behind the viewer and the status text.
 * @cssprop [--model-viewer-embed-accent=#1565c0] - Colour of the loading bar.
 * @cssprop [--model-viewer-embed-error-color=#b00020] - Colour of the error text.
 */
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
      font: 14px/1.4 system-ui, sans-serif;
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

  /**
   * Sets page-wide defaults (`sdkSrc`, `threeSrc`, `uiAssetsBase`, `baseUrl`, `timeout`), used by every
   * element without its own attribute. Call it before the first element loads. The same settings can be given
   * without script as `<meta name="model-viewer-embed:sdk-src" content="…">` (and `three-src`,
   * `ui-assets-base`, `base-url`, `timeout`). Order of precedence: attribute, `configure()`, `<meta>`, default.
   */
  static configure(config: ModelViewerEmbedConfig): void {
    configure(config);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...CREDENTIAL_LIKE_ATTRIBUTES];
  }

  readonly #loader = new LoadingController(this);
  #internals: ElementInternals | undefined;
  #consumingTokenAttribute = false;

  /** The bimU.io model id (attribute `model-id`; required): 1 to 128 of letters, digits and `._~-`, not `.` or `..`. */
  @property({ attribute: 'model-id' }) modelId: string | null = null;

  /**
   * A bimU.io access token (attribute `access-token`; default none). The attribute is read once and then
   * removed, so the token does not linger in the DOM (outerHTML, DOM snapshots, session replays); the property
   * keeps it and is never reflected. Prefer `token-url`: a pasted token dies after two hours.
   */
  @property({ attribute: 'access-token' }) accessToken: string | null = null;

  /**
   * URL of your server's token endpoint (attribute `token-url`; default none). The element POSTs
   * `{"modelId": "…"}` as JSON with same-origin credentials and expects `{"token": "…"}` (optionally
   * `expiresIn` seconds); tokens are shared by all elements of the page and refreshed before they expire.
   */
  @property({ attribute: 'token-url' }) tokenUrl: string | null = null;

  /**
   * A function returning a token for a model, `(modelId, { signal }) => Promise<string | { token, expiresAt? }>`
   * (property only; default none), for apps with their own auth.
   */
  @property({ attribute: false }) tokenProvider: TokenProvider | null = null;

  /**
   * Password mode (boolean attribute `password-mode`; default off): the model is first tried with the
   * `password` property (or an empty password, for models shared without one), and the viewer asks for the
   * password when bimU.io refuses it.
   */
  @property({ type: Boolean, attribute: 'password-mode' }) passwordMode = false;

  /**
   * A password supplied by the page's own UI, for password mode (property only, never an attribute; default
   * none; Latin-1, at most 1024 characters). It is never rendered, logged, reflected or put in an event.
   */
  @property({ attribute: false }) password: string | null = null;

  /**
   * The bimU.io REST API base (attribute `base-url`; default `https://viewer.bimu.io/rest/api/v1`): an http(s)
   * URL of at most 2048 characters, without `?` or `#`.
   */
  @property({ attribute: 'base-url' }) baseUrl: string | null = null;

  /**
   * Watchdog in milliseconds (attribute `timeout`; default 60000; 0 disables it): a load that shows no sign
   * of progress for this long ends with `timeout`. Time spent waiting for the user to type a password is not
   * counted. Applies from the next load. A value that is not a whole number from 0 to 2147483647 ends the next
   * load with `invalid-config`.
   */
  @property({ converter: { fromAttribute: timeoutFromAttribute } }) timeout: number | null = null;

  /**
   * URL of the SDK's UMD bundle (attribute `sdk-src`; default jsDelivr's bimu.io.viewer@0.0.11). Loaded once
   * per page, by the first element that loads.
   */
  @property({ attribute: 'sdk-src' }) sdkSrc: string | null = null;

  /** URL of three.js r113 (attribute `three-src`; default jsDelivr's three@0.113.2 `build/three.min.js`). */
  @property({ attribute: 'three-src' }) threeSrc: string | null = null;

  /**
   * Base URL of self-hosted copies of the SDK's UI assets (attribute `ui-assets-base`; default none: the SDK's
   * own cdnjs URLs): `{base}/materialize/materialize.min.js` and
   * `{base}/material-design-iconic-font/css/material-design-iconic-font.min.css`. Needed offline and under a
   * strict CSP.
   */
  @property({ attribute: 'ui-assets-base' }) uiAssetsBase: string | null = null;

  /** `'idle' | 'loading' | 'loaded' | 'error'`. */
  get status(): ModelStatus {
    return this.#loader.status;
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
    if (CREDENTIAL_LIKE_ATTRIBUTES.includes(name)) this.requestUpdate();
  }

  /** Loads the model again with the current settings (after an error, a cancelled password, or to refresh). */
  reload(): void {
    this.#loader.reload();
  }

  /** @internal The inputs of a load, handed to the loading controller on every update. */
  loadInputs(): LoadInputs {
    return {
      modelId: this.modelId,
      accessToken: this.accessToken,
      tokenUrl: this.tokenUrl,
      tokenProvider: this.tokenProvider,
      passwordMode: this.passwordMode,
      password: this.password,
      baseUrl: this.baseUrl,
      sdkSrc: this.sdkSrc,
      threeSrc: this.threeSrc,
      uiAssetsBase: this.uiAssetsBase,
      timeout: this.timeout,
      forbiddenAttributes: forbiddenCredentialAttributes(this),
    };
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
    // Where loading starts: a run whenever the inputs changed since the last one (or reload() asked).
    this.#loader.update(this.loadInputs());
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
      <div class="frame" part="frame"><slot name="viewer"></slot></div>
      <div class="status ${status} ${quiet ? 'quiet' : ''}" part="status" role="status">
        ${status === ModelStatus.Error
          ? html`<span class="message">${text}</span>`
          : html`<span>${text}</span>`}
        ${status === ModelStatus.Loading
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
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'model-viewer-embed': ModelViewerEmbed;
  }
}
