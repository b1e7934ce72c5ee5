/**
 * Where the element loads its dependencies from, and page-wide defaults.
 *
 * The SDK needs three.js r113 as a global and loads its UI assets (Materialize and an icon font) from
 * cdnjs by itself. Offline pages, intranets and pages with a strict Content-Security-Policy must self-host
 * all of them, and repeating four URLs on every element is error-prone, so each setting is resolved in this
 * order: the element's attribute or property, then `ModelViewerEmbed.configure({...})`, then a
 * `<meta name="model-viewer-embed:<setting>" content="…">` in the document (usable before any script runs,
 * and by pages that cannot run inline script under their CSP), then the defaults below.
 *
 * Nothing here touches the DOM at module evaluation, so importing the package on a server is safe.
 */

/** three.js r113, the only revision the SDK accepts, as its vendor docs load it. */
export const DEFAULT_THREE_SRC = 'https://cdn.jsdelivr.net/npm/three@0.113.2/build/three.min.js';
/** The SDK's UMD bundle (sets the global `bimU`). */
export const DEFAULT_SDK_SRC = 'https://cdn.jsdelivr.net/npm/bimu.io.viewer@0.0.11/dist/bimU.io.Viewer.umd.js';
/** The public bimU.io REST API. */
export const DEFAULT_BASE_URL = 'https://viewer.bimu.io/rest/api/v1';
/** Milliseconds a load may go without any sign of progress before it ends with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Settings that `ModelViewerEmbed.configure()` accepts; every field is optional. */
export interface ModelViewerEmbedConfig {
  /** URL of the bimU.io SDK's UMD bundle (`bimU.io.Viewer.umd.js`). */
  sdkSrc?: string | null;
  /** URL of three.js r113 (`three.min.js` of three@0.113.2). */
  threeSrc?: string | null;
  /**
   * Base URL under which the SDK's UI assets are self-hosted, instead of cdnjs:
   * `{base}/materialize/materialize.min.js` (materialize-css@1.0.0 `dist/js/materialize.min.js`) and
   * `{base}/material-design-iconic-font/css/material-design-iconic-font.min.css` (material-design-iconic-font@2.2.0
   * `dist/css`, with its `dist/fonts` beside it as `{base}/material-design-iconic-font/fonts/`).
   */
  uiAssetsBase?: string | null;
  /** Default REST API base for elements without `base-url`. */
  baseUrl?: string | null;
  /** Default watchdog in milliseconds for elements without `timeout`. */
  timeout?: number | null;
}

type SettingName = keyof ModelViewerEmbedConfig;

const META_NAMES: Readonly<Record<SettingName, string>> = {
  sdkSrc: 'model-viewer-embed:sdk-src',
  threeSrc: 'model-viewer-embed:three-src',
  uiAssetsBase: 'model-viewer-embed:ui-assets-base',
  baseUrl: 'model-viewer-embed:base-url',
  timeout: 'model-viewer-embed:timeout',
};

let pageConfig: ModelViewerEmbedConfig = {};

/**
 * Sets page-wide defaults. Later calls merge into earlier ones; `null` clears a setting. Call it before the
 * first element loads: three.js and the SDK are loaded once per page, so changing their URLs afterwards has no
 * effect on the copies already loaded.
 */
export function configure(config: ModelViewerEmbedConfig): void {
  const next: ModelViewerEmbedConfig = { ...pageConfig };
  for (const key of Object.keys(config) as SettingName[]) {
    const value = config[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  pageConfig = next;
}

/** The current page-wide settings from `configure()` (a copy). */
export function getPageConfig(): ModelViewerEmbedConfig {
  return { ...pageConfig };
}

function metaSetting(name: SettingName): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${META_NAMES[name]}"]`);
  const content = meta?.content.trim();
  return content ? content : undefined;
}

function pick(name: SettingName, own: string | null | undefined): string | undefined {
  if (typeof own === 'string' && own.trim() !== '') return own.trim();
  const configured = pageConfig[name];
  if (configured !== undefined && configured !== null && String(configured).trim() !== '') {
    return String(configured).trim();
  }
  return metaSetting(name);
}

/** Resolves a URL against the document, so relative settings like `/vendor/…` work in `<meta>` too. */
export function absoluteUrl(url: string): string {
  const base = typeof document !== 'undefined' ? document.baseURI : undefined;
  return new URL(url, base).href;
}

export interface ResolvedSettings {
  sdkSrc: string;
  threeSrc: string;
  /** `null` keeps the SDK's own cdnjs URLs. */
  uiAssetsBase: string | null;
  baseUrl: string;
  timeout: number;
}

export interface ElementSettings {
  sdkSrc?: string | null;
  threeSrc?: string | null;
  uiAssetsBase?: string | null;
  baseUrl?: string | null;
  timeout?: number | null;
}

/**
 * Resolves the effective settings for one element. Throws a `TypeError` with a message naming the setting
 * when a URL cannot be parsed or the timeout is not a non-negative number.
 */
export function resolveSettings(own: ElementSettings): ResolvedSettings {
  const url = (name: 'sdkSrc' | 'threeSrc' | 'uiAssetsBase' | 'baseUrl', fallback: string | null) => {
    const value = pick(name, own[name]) ?? fallback;
    if (value === null) return null;
    try {
      const parsed = new URL(value, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('not http(s)');
      return value;
    } catch {
      throw new TypeError(`${ATTRIBUTE_NAMES[name]} is not a valid http(s) URL.`);
    }
  };
  const ownTimeout = own.timeout;
  const rawTimeout =
    typeof ownTimeout === 'number' && !Number.isNaN(ownTimeout) ? ownTimeout : (pageConfig.timeout ?? metaSetting('timeout'));
  const timeout = rawTimeout === undefined || rawTimeout === null ? DEFAULT_TIMEOUT_MS : Number(rawTimeout);
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new TypeError('timeout must be a number of milliseconds, 0 or more (0 disables the watchdog).');
  }
  const baseUrl = (url('baseUrl', DEFAULT_BASE_URL) as string).replace(/\/+$/, '');
  return {
    sdkSrc: url('sdkSrc', DEFAULT_SDK_SRC) as string,
    threeSrc: url('threeSrc', DEFAULT_THREE_SRC) as string,
    uiAssetsBase: url('uiAssetsBase', null),
    baseUrl,
    timeout,
  };
}

const ATTRIBUTE_NAMES: Readonly<Record<SettingName, string>> = {
  sdkSrc: 'sdk-src',
  threeSrc: 'three-src',
  uiAssetsBase: 'ui-assets-base',
  baseUrl: 'base-url',
  timeout: 'timeout',
};

/** Resets `configure()`; for tests. */
export function resetPageConfigForTests(): void {
  pageConfig = {};
}
