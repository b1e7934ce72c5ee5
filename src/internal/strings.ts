/**
 * Every text the element shows, reads out or hands to the SDK, in one table per language.
 *
 * Adding a text: add its key and English text to `en`, then its translation to each table in `strings/` —
 * TypeScript names every table that misses it. Adding a language: one file in `strings/` and one row in
 * `SHIPPED_LANGUAGES`; its table is downloaded only by pages that show it. `{name}` placeholders are filled by `formatText`; texts are plain text,
 * never markup (whatever goes into the SDK's dialog is escaped after formatting).
 *
 * Which table applies: the element's own `lang`, else its closest ancestor's, else the document's, matched by
 * full tag (`de-ch`), then by language (`de`), else English. Pages add or correct languages page-wide with
 * `ModelViewerEmbed.configure({ strings: { nl: {...} } })` and one element's texts with its `strings` property.
 *
 * Pure module: no Lit, no DOM (the other languages' tables are dynamic imports).
 */
import type { ModelErrorCode } from './errors.js';

/** The English texts, which also define the keys: every other language translates each of them. */
const en = {
  /** The status while loading, shown over the viewer and read by screen readers. */
  loading: 'Loading 3D model…',
  /** Read by screen readers once the model is drawn (the status is visually hidden then). */
  loaded: '3D model loaded.',
  /** The loading bar's accessible name. */
  loadingProgress: 'Loading progress',
  /** The first sentence of the error status, followed by the error code's sentence. */
  loadFailed: 'The 3D model could not be loaded.',
  /** The element's accessible name. */
  modelLabel: '3D model {model}',
  /** The element's accessible name before a model id is set. */
  modelLabelNoId: '3D model',
  /** The viewer's accessible name; it has keyboard focus while the model is handled. */
  viewerLabel: '3D view: drag to rotate, Ctrl + scroll to zoom, arrow keys to pan',
  /** Shown while the browser has taken the WebGL context. */
  paused: '3D view paused',
  /** The cooperative-gestures hint, on Windows, Linux, ChromeOS and Android. */
  zoomHint: 'Use Ctrl + scroll to zoom the model',
  /** The cooperative-gestures hint on macOS and iOS. */
  zoomHintMac: 'Use ⌘ + scroll to zoom the model',
  passwordTitle: 'Password required',
  passwordIntro: 'The model “{model}” is protected by a password.',
  passwordRetry: 'Wrong password. Try again.',
  passwordLabel: 'Password',
  passwordOk: 'OK',
  passwordCancel: 'Cancel',
  'error:invalid-config': 'The embed is not set up correctly.',
  'error:sdk-load-failed': 'The 3D viewer could not be downloaded.',
  'error:unauthorized': 'Access to the model was refused.',
  'error:forbidden': 'You do not have access to this model.',
  'error:not-found': 'The model was not found.',
  'error:token-expired': 'The access to the model has expired.',
  'error:token-endpoint-failed': 'The access to the model could not be obtained.',
  'error:rate-limited': 'Too many attempts. Try again in a minute.',
  'error:server-error': 'The model server has a problem. Try again later.',
  'error:network': 'The model server could not be reached. Check your connection.',
  'error:password-cancelled': 'No password was entered.',
  'error:timeout': 'Loading took too long.',
  'error:viewer': 'The 3D viewer failed in this browser.',
  'error:context-lost': 'The 3D view stopped and could not be restarted.',
  'error:restore-failed': 'The 3D view could not be shown again.',
  /** The `reveal="interaction"` button's text and accessible name. */
  revealButton: 'View 3D model',
  /** The snapshot shown in place of a viewer parked to stay within the page's context budget. */
  parkedSnapshot: '3D model (snapshot)',
} as const satisfies Record<string, string> & Record<`error:${ModelErrorCode}`, string>;

export type TextKey = keyof typeof en;
/** A full set of the element's texts. */
export type UiStrings = { readonly [K in TextKey]: string };
/** Some of the element's texts, replacing those of the language in use. */
export type UiStringOverrides = Partial<UiStrings>;

/**
 * The languages shipped with the element, by lowercase BCP 47 tag, each with the loader of its table. English
 * is in this module (it defines the keys and completes every other table); each other language is a module of
 * its own in `strings/`, imported the first time an element resolves to it, so an English page never downloads
 * the others. Adding a language is one file there and one row here.
 */
export const SHIPPED_LANGUAGES: Readonly<Record<string, () => Promise<UiStrings>>> = {
  en: () => Promise.resolve(en),
  de: () => import('./strings/de.js').then((module) => module.de),
  fr: () => import('./strings/fr.js').then((module) => module.fr),
  ar: () => import('./strings/ar.js').then((module) => module.ar),
};

/** The language used when neither the page nor `configure()` offers a better match. */
export const FALLBACK_LANGUAGE = 'en';

// The shipped tables downloaded so far, the downloads under way and the languages whose download failed.
const loadedTables = new Map<string, UiStrings>([[FALLBACK_LANGUAGE, en]]);
const tableDownloads = new Map<string, Promise<void>>();
const failedLanguages = new Set<string>();

/**
 * Downloads the shipped table of `language` (once per page; later calls share the first). Never rejects: a
 * table that cannot be downloaded (the page went offline, a CDN lost the chunk) is warned about once, and the
 * language is then treated as not shipped for the rest of the page's life, so its elements stay in English
 * (or in the page's own table for it) instead of waiting for a text that will not come.
 */
export function loadShippedTable(language: string): Promise<void> {
  const loader = SHIPPED_LANGUAGES[language];
  if (!loader || loadedTables.has(language)) return Promise.resolve();
  let download = tableDownloads.get(language);
  if (!download) {
    download = loader().then(
      (table) => {
        loadedTables.set(language, table);
      },
      (error: unknown) => {
        failedLanguages.add(language);
        // Silent but visible: the page works in English, and whoever set it up learns why.
        // eslint-disable-next-line no-console
        console.warn(
          `<model-viewer-embed>: the "${language}" texts could not be downloaded, so English is shown instead.`,
          error,
        );
      },
    );
    tableDownloads.set(language, download);
  }
  return download;
}

/** The shipped table of `language` if it has been downloaded (English always has). */
export function shippedTable(language: string): UiStrings | undefined {
  return loadedTables.get(language);
}

// Scripts written right to left, by ISO 639-1 language (Intl.Locale's getTextInfo is not in every browser).
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'sd', 'ug', 'ckb']);

/** The writing direction of a language tag such as `ar-EG`. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primaryLanguage(tag)) ? 'rtl' : 'ltr';
}

function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Texts for one or more languages, as `configure({ strings })` takes them: `{ nl: {...}, de: {...} }`. */
export type StringTables = Readonly<Record<string, UiStringOverrides>>;

export interface ResolvedText {
  /** The table's language tag (`de`), or the fallback. */
  language: string;
  dir: 'ltr' | 'rtl';
  strings: UiStrings;
  /**
   * Set when `language` is shipped but its table has not been downloaded yet (see `loadShippedTable`):
   * `strings` are then completed from English where the page's tables do not cover them, and are not what the
   * element should show.
   */
  pending?: true;
}

/**
 * The texts for `lang` (the element's or its closest ancestor's `lang`, `''` when none): the shipped table
 * that matches best, with the page's tables (`configure({ strings })`) over it and the element's own overrides
 * over those. A page table for a language the element does not ship is completed from English. When the
 * page's tables and overrides already give every text, the shipped table is not needed, so never `pending`.
 */
export function resolveText(
  lang: string,
  pageTables: StringTables = {},
  overrides: UiStringOverrides | null = null,
): ResolvedText {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  const page = lowercaseKeys(pageTables);
  const shipped = (key: string) => key in SHIPPED_LANGUAGES && !failedLanguages.has(key);
  const has = (key: string) => shipped(key) || key in page;
  const language = tag !== '' && has(tag) ? tag : has(primaryLanguage(tag)) ? primaryLanguage(tag) : '';
  const chosen = language || FALLBACK_LANGUAGE;
  const given = { ...onlyTexts(page[chosen]), ...onlyTexts(overrides) };
  const table = shippedTable(chosen);
  const strings: UiStrings = { ...en, ...table, ...given };
  const resolved: ResolvedText = { language: chosen, dir: directionOf(chosen), strings };
  const complete = Object.keys(en).every((key) => key in given);
  if (!table && shipped(chosen) && !complete) resolved.pending = true;
  return resolved;
}

function lowercaseKeys(tables: StringTables): Record<string, UiStringOverrides> {
  return Object.fromEntries(Object.entries(tables).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Keeps the known keys whose values are strings: a typo'd key or a non-string never blanks a text. */
function onlyTexts(table: UiStringOverrides | null | undefined): UiStringOverrides {
  if (!table || typeof table !== 'object') return {};
  return Object.fromEntries(
    Object.entries(table).filter(([key, value]) => key in en && typeof value === 'string'),
  ) as UiStringOverrides;
}

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
export function formatText(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** The text of an error code, for the status the element shows. */
export function errorText(strings: UiStrings, code: ModelErrorCode): string {
  return strings[`error:${code}`];
}

// Page-wide tables from `configure({ strings })`, and the elements that follow them.
let pageTables: StringTables = {};
const pageTableListeners = new Set<() => void>();

/** Merges `tables` into the page's tables (per language, key by key); `null` drops them all. */
export function setPageStrings(tables: StringTables | null): void {
  if (tables === null) {
    pageTables = {};
  } else {
    const next: Record<string, UiStringOverrides> = { ...pageTables };
    for (const [language, table] of Object.entries(tables)) {
      const key = language.toLowerCase();
      next[key] = { ...next[key], ...onlyTexts(table) };
    }
    pageTables = next;
  }
  for (const listener of pageTableListeners) listener();
}

/** The page's tables from `configure({ strings })`. */
export function pageStrings(): StringTables {
  return pageTables;
}

/** Calls `listener` whenever `configure({ strings })` changes the page's tables; returns the unsubscribe. */
export function onPageStringsChange(listener: () => void): () => void {
  pageTableListeners.add(listener);
  return () => pageTableListeners.delete(listener);
}
