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
import { DEFAULT_BASE_URL } from './bimu-rules.js';

export { DEFAULT_BASE_URL };

/** three.js r113, the only revision the SDK accepts, as its vendor docs load it. */
export const DEFAULT_THREE_SRC = 'https://cdn.jsdelivr.net/npm/three@0.113.2/build/three.min.js';
/** The SDK's UMD bundle (sets the global `bimU`). */
export const DEFAULT_SDK_SRC = 'https://cdn.jsdelivr.net/npm/bimu.io.viewer@0.0.11/dist/bimU.io.Viewer.umd.js';
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

function metaSetting(name: SettingName): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${META_NAMES[name]}"]`);
  const content = meta?.content.trim();
  return content ? content : undefined;
}

/** Where a setting's value came from, as a user would look for it in their page. */
function sourceLabel(name: SettingName, source: 'element' | 'configure' | 'meta'): string {
  if (source === 'element') return ATTRIBUTE_NAMES[name];
  if (source === 'configure') return `configure({ ${name} })`;
  return `<meta name="${META_NAMES[name]}">`;
}

interface Picked {
  value: unknown;
  label: string;
}

/** The first of the element's own value, `configure()`, `<meta>` that is set; empty strings count as unset. */
function pick(name: SettingName, own: unknown): Picked | undefined {
  const isSet = (value: unknown) =>
    value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
  if (isSet(own)) return { value: own, label: sourceLabel(name, 'element') };
  const configured = pageConfig[name];
  if (isSet(configured)) return { value: configured, label: sourceLabel(name, 'configure') };
  const meta = metaSetting(name);
  return meta === undefined ? undefined : { value: meta, label: sourceLabel(name, 'meta') };
}

/**
 * The longest `base-url` accepted, in characters. The SDK appends `/channels/{id}/models/{id}/blob` (ids are at
 * most 128 characters) and servers commonly refuse request lines beyond 8 kB (HTTP 414 or 431); 2048 is the
 * conventional safe URL length and leaves room for the path.
 */
export const MAX_BASE_URL_LENGTH = 2048;

/** The largest `timeout`: `setTimeout` runs a longer delay (beyond 2^31 − 1 ms, about 24.8 days) at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

const TIMEOUT_RULE = `a whole number of milliseconds from 0 to ${MAX_TIMEOUT_MS} (0 disables the watchdog)`;

/**
 * Parses a timeout from a property (a number) or from text (an attribute or `<meta>`: decimal digits only), or
 * returns `NaN` when it is not a whole number from 0 to MAX_TIMEOUT_MS.
 */
export function parseTimeout(value: unknown): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isInteger(number) && number >= 0 && number <= MAX_TIMEOUT_MS ? number : Number.NaN;
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

type UrlSettingName = 'sdkSrc' | 'threeSrc' | 'uiAssetsBase' | 'baseUrl';

/** Checks one URL setting; returns it as given (trimmed), or throws naming where it came from. */
function checkUrl(name: UrlSettingName, picked: Picked): string {
  const { value, label } = picked;
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string (an http(s) URL).`);
  const text = value.trim();
  if (name === 'baseUrl' && text.length > MAX_BASE_URL_LENGTH) {
    throw new TypeError(`${label} is longer than ${MAX_BASE_URL_LENGTH} characters.`);
  }
  let parsed: URL;
  try {
    parsed = new URL(text, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
  } catch {
    throw new TypeError(`${label} is not a valid http(s) URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new TypeError(`${label} is not a valid http(s) URL.`);
  if (name === 'baseUrl') {
    // The SDK appends its paths to the text of base-url: after a query or fragment they would not be paths.
    if (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(text)) {
      throw new TypeError(`${label} must not contain "?" or "#": the SDK appends request paths to it.`);
    }
    // fetch() refuses URLs with embedded credentials, and they would be readable in the page.
    if (parsed.username !== '' || parsed.password !== '') {
      throw new TypeError(`${label} must not contain a user name or password.`);
    }
  }
  return text;
}

/** Page-wide settings or `<meta>` tags that the element does not know: most likely typos, never ignored. */
function unknownSettings(): string[] {
  const known = Object.keys(META_NAMES);
  const unknown = Object.keys(pageConfig)
    .filter((key) => !known.includes(key))
    .map((key) => `configure({ ${key} })`);
  if (typeof document !== 'undefined') {
    const metaNames: readonly string[] = Object.values(META_NAMES);
    for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name^="model-viewer-embed:"]')) {
      if (!metaNames.includes(meta.name)) unknown.push(`<meta name="${meta.name}">`);
    }
  }
  return unknown;
}

/**
 * Resolves the effective settings for one element. Throws a `TypeError` whose message names the setting (and
 * where it was set: attribute, `configure()` or `<meta>`) when a value cannot be used: a URL that is not
 * http(s), a `base-url` that is too long or has a query, a timeout that is not a whole number of
 * milliseconds in range, or a setting name the element does not know.
 */
export function resolveSettings(own: ElementSettings): ResolvedSettings {
  const unknown = unknownSettings();
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown setting ${unknown.join(', ')}; the settings are ${Object.keys(META_NAMES).join(', ')}.`,
    );
  }
  const url = (name: UrlSettingName, fallback: string | null) => {
    const picked = pick(name, own[name]);
    return picked === undefined ? fallback : checkUrl(name, picked);
  };
  const pickedTimeout = pick('timeout', own.timeout);
  let timeout = DEFAULT_TIMEOUT_MS;
  if (pickedTimeout !== undefined) {
    timeout = parseTimeout(pickedTimeout.value);
    if (Number.isNaN(timeout)) throw new TypeError(`${pickedTimeout.label} must be ${TIMEOUT_RULE}.`);
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
