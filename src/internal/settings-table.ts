/**
 * The element's settings, one row each: its property (the key), attribute, `<meta>` name, type, initial value,
 * default, parser and documentation (the row's JSDoc).
 *
 * Everything else follows from this table: the element's reactive properties and the attributes they observe,
 * their types (`SettingValues`), what `ModelViewerEmbed.configure()` accepts, which `<meta>` tags are read,
 * how page-wide settings are resolved and the `invalid-config` messages naming them (`config.ts`), the
 * `LoadInputs` the load reads, and the custom-elements manifest entries (its analyzer plugin reads each row's
 * attribute, type, initial value and JSDoc). Adding a setting is one row here.
 *
 * A page-wide setting (one with a `<meta>` name) is resolved in this order: the element's attribute or
 * property, then `ModelViewerEmbed.configure({...})`, then `<meta name="…" content="…">` (usable before any
 * script runs, and by pages whose CSP forbids inline script), then its default. The SDK needs three.js r113 as
 * a global and loads its UI assets from cdnjs by itself; offline pages, intranets and pages with a strict
 * Content-Security-Policy self-host all of them, and repeating four URLs on every element is error-prone.
 *
 * Pure module: no Lit, no DOM at module evaluation (importing the package on a server is safe).
 */
import type { TokenProvider } from '../types.js';
import type { Viewpoint } from './viewpoint.js';
import type { UiStringOverrides } from './strings.js';
import { DEFAULT_BASE_URL } from './bimu-rules.js';
import { gestureModeFromAttribute } from './gesture-policy.js';
import { revealModeFromAttribute } from './poster-state.js';
import { DEFAULT_CONTEXT_BUDGET } from './context-budget.js';
import {
  contextBudgetSetting,
  httpUrlSetting,
  isolationFromAttribute,
  loadingFromAttribute,
  toolbarFromAttribute,
  restApiBaseSetting,
  timeoutFromAttribute,
  timeoutSetting,
  type Picked,
} from './setting-parsers.js';

/** three.js r113, the only revision the SDK accepts, as its vendor docs load it. */
export const DEFAULT_THREE_SRC = 'https://cdn.jsdelivr.net/npm/three@0.113.2/build/three.min.js';
/** The SDK's UMD bundle (sets the global `bimU`). */
export const DEFAULT_SDK_SRC =
  'https://cdn.jsdelivr.net/npm/bimu.io.viewer@0.0.11/dist/bimU.io.Viewer.umd.js';
/** Milliseconds a load may go without any sign of progress before it ends with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** A setting of one element: a reactive property, usually with an attribute. */
export interface ElementSetting<Value> {
  /** The attribute, or `false` for a property that has none (secrets and functions). */
  readonly attribute: string | false;
  /** The property's value until something sets it. */
  readonly initial: Value;
  /** A boolean attribute: present means true. */
  readonly boolean?: true;
  /** Converts the attribute's text; strings are taken as they are when absent. */
  readonly fromAttribute?: (value: string | null) => Value;
}

/** A setting that can also be given page-wide, through `configure()` or `<meta>`. */
export interface PageSetting<Value, Resolved> extends ElementSetting<Value> {
  readonly attribute: string;
  /** The `<meta name>` that sets it for the page. */
  readonly meta: string;
  /** The value when neither the element, `configure()` nor `<meta>` sets it. */
  readonly default: Resolved;
  /** Checks a value that is set and returns the value to use; throws a TypeError naming `picked.label`. */
  readonly parse: (picked: Picked) => Resolved;
}

/**
 * A setting of the page as a whole, with no element attribute or property: `configure()` and `<meta>` only.
 * Resolved in the order `configure()`, `<meta>`, default. (The table below describes element properties, each
 * row becoming one, so these live in a table of their own.)
 */
export interface PageOnlySetting<Resolved> {
  /** The `<meta name>` that sets it for the page. */
  readonly meta: string;
  /** The value when neither `configure()` nor `<meta>` sets it. */
  readonly default: Resolved;
  /** Checks a value that is set and returns the value to use; throws a TypeError naming `picked.label`. */
  readonly parse: (picked: Picked) => Resolved;
}

/** A setting that is a property only: secrets (never in the markup) and functions. */
export interface PropertySetting<Value> extends ElementSetting<Value> {
  readonly attribute: false;
}

// The type arguments are written out (not inferred) because the manifest plugin reads them as the type text.
const elementSetting = <Value>(row: ElementSetting<Value> & { attribute: string }): ElementSetting<Value> =>
  row;
const propertySetting = <Value>(row: { initial: Value }): PropertySetting<Value> => ({
  ...row,
  attribute: false,
});
const pageOnlySetting = <Resolved>(row: PageOnlySetting<Resolved>): PageOnlySetting<Resolved> => row;
const pageSetting = <Value, Resolved>(row: PageSetting<Value, Resolved>): PageSetting<Value, Resolved> => row;

export const SETTINGS = {
  /** The bimU.io model id (attribute `model-id`; required): 1 to 128 of letters, digits and `._~-`, not `.` or `..`. */
  modelId: elementSetting<string | null>({ attribute: 'model-id', initial: null }),

  /**
   * A bimU.io access token (attribute `access-token`; default none). The attribute is read once and then
   * removed, so the token does not linger in the DOM (outerHTML, DOM snapshots, session replays); the property
   * keeps it and is never reflected. Prefer `token-url`: a pasted token dies after two hours.
   */
  accessToken: elementSetting<string | null>({ attribute: 'access-token', initial: null }),

  /**
   * URL of your server's token endpoint (attribute `token-url`; default none). The element POSTs
   * `{"modelId": "…"}` as JSON with same-origin credentials and expects `{"token": "…"}` (optionally
   * `expiresIn` seconds); tokens are shared by all elements of the page and refreshed before they expire.
   */
  tokenUrl: elementSetting<string | null>({ attribute: 'token-url', initial: null }),

  /**
   * A function returning a token for a model, `(modelId, { signal }) => Promise<string | { token, expiresAt? }>`
   * (property only; default none), for apps with their own auth.
   */
  tokenProvider: propertySetting<TokenProvider | null>({ initial: null }),

  /**
   * Password mode (boolean attribute `password-mode`; default off): the model is first tried with the
   * `password` property (or an empty password, for models shared without one), and the viewer asks for the
   * password when bimU.io refuses it.
   */
  passwordMode: elementSetting<boolean>({ attribute: 'password-mode', boolean: true, initial: false }),

  /**
   * A password supplied by the page's own UI, for password mode (property only, never an attribute; default
   * none; Latin-1, at most 1024 characters). It is never rendered, logged, reflected or put in an event.
   */
  password: propertySetting<string | null>({ initial: null }),

  /**
   * Who gets the wheel and touch gestures over the viewer (attribute `gestures`; `cooperative` or `greedy`;
   * default `cooperative`). Cooperative, for a viewer in a page: a plain wheel scrolls the page (with a brief
   * "Use Ctrl + scroll to zoom the model" hint) unless the viewer has focus, Ctrl/⌘ + wheel zooms the model,
   * one finger scrolls the page and two fingers move the model. Greedy, for a viewer that fills the page: every
   * gesture moves the model, as the SDK does on its own. Any other value means `cooperative`. Either way the
   * viewer's keys act only while it has focus. See [docs/gestures.md](docs/gestures.md).
   */
  // The union is spelled out (it is `GestureMode`) so that the manifest and README show the values.
  gestures: elementSetting<'cooperative' | 'greedy'>({
    attribute: 'gestures',
    initial: 'cooperative',
    fromAttribute: gestureModeFromAttribute,
  }),

  /**
   * When the viewer is created (attribute `loading`; default `lazy`): `lazy` creates it only when the element
   * comes within 200px of the viewport (an element on the first screen starts at once), `eager` at once
   * wherever it is. Until it starts, `status` is `idle`. Any other value is `lazy`.
   */
  loading: elementSetting<'lazy' | 'eager'>({
    attribute: 'loading',
    initial: 'lazy',
    fromAttribute: loadingFromAttribute,
  }),

  /**
   * URL of an image shown until the model is drawn, then faded out, and while the WebGL context is lost
   * (attribute `poster`; default none). The `poster` slot replaces it. See [docs/posters.md](docs/posters.md).
   */
  poster: elementSetting<string | null>({ attribute: 'poster', initial: null }),

  /**
   * Text describing the model for screen readers (attribute `alt`; default "3D model" and the model id): the
   * accessible name of the element and of its poster.
   */
  alt: elementSetting<string | null>({ attribute: 'alt', initial: null }),

  /**
   * When the model loads (attribute `reveal`; `auto` or `interaction`; default `auto`). `auto` follows
   * `loading`. `interaction` shows the poster and a "View 3D model" button and loads nothing (`status` stays
   * `idle`) until it is activated or `dismissPoster()` is called; then it loads at once. Other values: `auto`.
   */
  // The union is spelled out (it is `RevealMode`) so that the manifest and README show the values.
  reveal: elementSetting<'auto' | 'interaction'>({
    attribute: 'reveal',
    initial: 'auto',
    fromAttribute: revealModeFromAttribute,
  }),

  /**
   * The view each load opens on; changed later, the camera moves without a reload (attribute `viewpoint`;
   * default: the SDK's fit). `top`, `bottom`, `front`, `back`, `left`, `right`, or a BCF viewpoint as JSON (the
   * property also takes the object). Invalid: `error` with `invalid-config`, the view stays. See
   * [docs/camera-and-selection.md](docs/camera-and-selection.md).
   */
  viewpoint: elementSetting<string | Viewpoint | null>({ attribute: 'viewpoint', initial: null }),

  /**
   * The SDK's toolbar (attribute `toolbar`; `on` or `off`; default `on`). `off` gives a clean embed: only the
   * model, which can still be turned, zoomed and panned. A string, not a boolean attribute, because a boolean
   * attribute can only switch a feature on and this one is on by default; any value but `off` means `on`. The
   * password dialog still opens with the toolbar off. Changing it applies at once, without reloading.
   */
  toolbar: elementSetting<'on' | 'off'>({
    attribute: 'toolbar',
    initial: 'on',
    fromAttribute: toolbarFromAttribute,
  }),

  /**
   * Colour of the toolbar's buttons (attribute `button-color`; any CSS colour; default the SDK's `#1565c0`;
   * the page's `--model-viewer-embed-button-color` when set). Changing it applies at once. A value that is not
   * a CSS colour ends the load with `invalid-config`.
   */
  buttonColor: elementSetting<string | null>({ attribute: 'button-color', initial: null }),

  /**
   * Colour behind the model (attribute `background`; any CSS colour; default white, or the page's
   * `--model-viewer-embed-background` when set). It also fills the element before the model is drawn, so a dark
   * page sees no white flash. Changing it applies at once. A value that is not a CSS colour ends the load with
   * `invalid-config`.
   */
  background: elementSetting<string | null>({ attribute: 'background', initial: null }),

  /**
   * Replacements for some of the element's texts, whatever its language (property only; default none):
   * `{ loading: 'Chargement…', passwordTitle: '…' }`. The language follows `lang` on the element or its closest
   * ancestor; English, German, French and Arabic are built in, and `ModelViewerEmbed.configure({ strings })`
   * adds languages page-wide. See [docs/customizing.md](docs/customizing.md).
   */
  strings: propertySetting<UiStringOverrides | null>({ initial: null }),

  /**
   * Where the SDK runs (attribute `isolation`; `none` or `frame`; default `none`). `frame` runs three.js r113,
   * the SDK, its Materialize and icon font in a same-origin frame the element owns, so that a page with another
   * global `THREE` (A-Frame, a three.js app), its own Materialize or Bootstrap, or global listeners neither
   * breaks the viewer nor is touched by it; each such element loads the scripts into its own frame, which costs
   * memory and time. Any other value means `none`. Applies from the next load. See
   * [docs/isolation.md](docs/isolation.md).
   */
  isolation: elementSetting<'none' | 'frame'>({
    attribute: 'isolation',
    initial: 'none',
    fromAttribute: isolationFromAttribute,
  }),

  /**
   * URL of the SDK's UMD bundle (attribute `sdk-src`; default jsDelivr's bimu.io.viewer@0.0.11). Loaded once
   * per page, by the first element that loads.
   */
  sdkSrc: pageSetting<string | null, string>({
    attribute: 'sdk-src',
    meta: 'model-viewer-embed:sdk-src',
    initial: null,
    default: DEFAULT_SDK_SRC,
    parse: httpUrlSetting,
  }),

  /** URL of three.js r113 (attribute `three-src`; default jsDelivr's three@0.113.2 `build/three.min.js`). */
  threeSrc: pageSetting<string | null, string>({
    attribute: 'three-src',
    meta: 'model-viewer-embed:three-src',
    initial: null,
    default: DEFAULT_THREE_SRC,
    parse: httpUrlSetting,
  }),

  /**
   * Base URL of self-hosted copies of the SDK's UI assets (attribute `ui-assets-base`; default none: the SDK's
   * own cdnjs URLs): `{base}/materialize/materialize.min.js` and
   * `{base}/material-design-iconic-font/css/material-design-iconic-font.min.css`. Needed offline and under a
   * strict CSP.
   */
  uiAssetsBase: pageSetting<string | null, string | null>({
    attribute: 'ui-assets-base',
    meta: 'model-viewer-embed:ui-assets-base',
    initial: null,
    default: null,
    parse: httpUrlSetting,
  }),

  /**
   * The bimU.io REST API base (attribute `base-url`; default `https://viewer.bimu.io/rest/api/v1`): an http(s)
   * URL of at most 2048 characters, without `?` or `#`.
   */
  baseUrl: pageSetting<string | null, string>({
    attribute: 'base-url',
    meta: 'model-viewer-embed:base-url',
    initial: null,
    default: DEFAULT_BASE_URL,
    parse: restApiBaseSetting,
  }),

  /**
   * Watchdog in milliseconds (attribute `timeout`; default 60000; 0 disables it): a load that shows no sign
   * of progress for this long ends with `timeout`. Time spent waiting for the user to type a password is not
   * counted. Applies from the next load. A value that is not a whole number from 0 to 2147483647 ends the next
   * load with `invalid-config`.
   */
  timeout: pageSetting<number | null, number>({
    attribute: 'timeout',
    meta: 'model-viewer-embed:timeout',
    initial: null,
    default: DEFAULT_TIMEOUT_MS,
    fromAttribute: timeoutFromAttribute,
    parse: timeoutSetting,
  }),
};

/** Settings of the page as a whole: `configure({ name })` or `<meta name="model-viewer-embed:…">`, no attribute. */
export const PAGE_ONLY_SETTINGS = {
  /**
   * How many viewers the page keeps live at once (`configure({ contextBudget })` or
   * `<meta name="model-viewer-embed:context-budget">`; default 8; a whole number from 1 to 16). Each viewer
   * owns a WebGL context and browsers keep about 16 per page. When another viewer needs one, the least recently
   * visible off-screen viewer is parked: a snapshot of its canvas takes its place and its viewer is released,
   * then restored with the same camera when it comes back near the viewport. See
   * [docs/performance.md](docs/performance.md#many-embeds-on-one-page).
   */
  contextBudget: pageOnlySetting<number>({
    meta: 'model-viewer-embed:context-budget',
    default: DEFAULT_CONTEXT_BUDGET,
    parse: contextBudgetSetting,
  }),
};

export type PageOnlySettingName = keyof typeof PAGE_ONLY_SETTINGS;

/** The resolved value of each page-only setting. */
export type PageOnlySettingValues = {
  -readonly [K in PageOnlySettingName]: (typeof PAGE_ONLY_SETTINGS)[K] extends PageOnlySetting<infer Resolved>
    ? Resolved
    : never;
};

type Settings = typeof SETTINGS;
export type SettingName = keyof Settings;

/**
 * The element's setting properties and their types. Mapped over `keyof Settings` itself (not an alias of it), so
 * that each property keeps its row's JSDoc in editors.
 */
export type SettingValues = {
  -readonly [K in keyof Settings]: Settings[K] extends ElementSetting<infer Value> ? Value : never;
};

/** The settings that have an attribute; each attribute is its property's name in kebab-case (a unit test checks). */
export type AttributeSettingName = {
  [K in SettingName]: Settings[K] extends PropertySetting<unknown> ? never : K;
}[SettingName];

/** The settings that are properties only (`password`, `tokenProvider`). */
export type PropertyOnlySettingName = Exclude<SettingName, AttributeSettingName>;

/** `uiAssetsBase` → `ui-assets-base`, at the type level. */
export type KebabCase<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${KebabCase<Tail>}`
  : Name;

/** The settings as markup attributes (`'model-id'`, `'password-mode'`…), with their property's value type. */
export type SettingAttributes = {
  [K in AttributeSettingName as KebabCase<K>]?: SettingValues[K];
};

/** The settings that can be given page-wide. */
export type PageSettingName = {
  [K in SettingName]: Settings[K] extends PageSetting<unknown, unknown> ? K : never;
}[SettingName];

/** The value a load uses for each page-wide setting, once resolved and checked. */
export type ResolvedSettings = {
  -readonly [K in PageSettingName]: Settings[K] extends PageSetting<unknown, infer Resolved>
    ? Resolved
    : never;
};

/** The rows of the page-wide settings, with their names. */
export function pageSettings(): [PageSettingName, PageSetting<unknown, unknown>][] {
  return (Object.entries(SETTINGS) as [SettingName, ElementSetting<unknown>][]).filter(
    (entry): entry is [PageSettingName, PageSetting<unknown, unknown>] => 'meta' in entry[1],
  );
}
