/**
 * Page-wide settings: `ModelViewerEmbed.configure()`, the `<meta>` tags, and resolving each page-wide setting
 * of `settings-table.ts` for one element, in the order element, `configure()`, `<meta>`, default.
 *
 * Nothing here touches the DOM at module evaluation, so importing the package on a server is safe.
 */
import type { ModelViewerEmbedConfig } from '../types.js';
import {
  PAGE_ONLY_SETTINGS,
  SETTINGS,
  pageSettings,
  type PageOnlySettingName,
  type PageOnlySettingValues,
  type PageSettingName,
  type ResolvedSettings,
} from './settings-table.js';
import type { Picked } from './setting-parsers.js';
import { setPageStrings } from './strings.js';

let pageConfig: ModelViewerEmbedConfig = {};

/**
 * Sets page-wide defaults. Later calls merge into earlier ones; `null` clears a setting. Call it before the
 * first element loads: three.js and the SDK are loaded once per page, so changing their URLs afterwards has no
 * effect on the copies already loaded.
 */
export function configure(config: ModelViewerEmbedConfig): void {
  const { strings, ...settings } = config;
  // Texts are not a load setting: elements pick them up at once, loaded or not (see strings.ts).
  if (strings !== undefined) setPageStrings(strings);
  const next: ModelViewerEmbedConfig = { ...pageConfig };
  for (const key of Object.keys(settings) as Exclude<keyof ModelViewerEmbedConfig, 'strings'>[]) {
    const value = config[key];
    if (value === null || value === undefined) delete next[key];
    else (next as Record<string, unknown>)[key] = value;
  }
  pageConfig = next;
}

function metaContent(metaName: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${metaName}"]`);
  const content = meta?.content.trim();
  return content ? content : undefined;
}

const isSet = (value: unknown) =>
  value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');

/**
 * The first of the element's own value, `configure()`, `<meta>` that is set (empty strings count as unset),
 * labelled with where it came from, as a user would look for it in their page.
 */
function pick(name: PageSettingName, own: unknown): Picked | undefined {
  const row = SETTINGS[name];
  if (isSet(own)) return { value: own, label: row.attribute };
  const configured = pageConfig[name];
  if (isSet(configured)) return { value: configured, label: `configure({ ${name} })` };
  const meta = metaContent(row.meta);
  return meta === undefined ? undefined : { value: meta, label: `<meta name="${row.meta}">` };
}

/** Page-wide settings or `<meta>` tags that the element does not know: most likely typos, never ignored. */
function unknownSettings(): string[] {
  const rows = pageSettings();
  const pageOnly = Object.entries(PAGE_ONLY_SETTINGS);
  const known: readonly string[] = [...rows.map(([name]) => name), ...pageOnly.map(([name]) => name)];
  const unknown = Object.keys(pageConfig)
    .filter((key) => !known.includes(key))
    .map((key) => `configure({ ${key} })`);
  if (typeof document !== 'undefined') {
    const metaNames: readonly string[] = [
      ...rows.map(([, row]) => row.meta),
      ...pageOnly.map(([, row]) => row.meta),
    ];
    for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name^="model-viewer-embed:"]')) {
      if (!metaNames.includes(meta.name)) unknown.push(`<meta name="${meta.name}">`);
    }
  }
  return unknown;
}

/** The element's own values of the page-wide settings; any of them may be missing. */
export type ElementSettings = Partial<Record<PageSettingName, unknown>>;

/**
 * Resolves the effective settings for one element. Throws a `TypeError` whose message names the setting (and
 * where it was set: attribute, `configure()` or `<meta>`) when a value cannot be used (see each setting's
 * parser in `setting-parsers.ts`), or when a page-wide setting name is not one the element knows.
 */
export function resolveSettings(own: ElementSettings): ResolvedSettings {
  const unknown = unknownSettings();
  if (unknown.length > 0) {
    const names = [...pageSettings().map(([name]) => name), ...Object.keys(PAGE_ONLY_SETTINGS)];
    throw new TypeError(`Unknown setting ${unknown.join(', ')}; the settings are ${names.join(', ')}.`);
  }
  const resolved: Partial<Record<PageSettingName, unknown>> = {};
  for (const [name, row] of pageSettings()) {
    const picked = pick(name, own[name]);
    resolved[name] = picked === undefined ? row.default : row.parse(picked);
  }
  // Page-only settings are not used by a load, but a malformed one is reported by every load, like the others.
  for (const name of Object.keys(PAGE_ONLY_SETTINGS) as PageOnlySettingName[]) pickPageOnly(name, true);
  return resolved as ResolvedSettings;
}

function pickPageOnly<K extends PageOnlySettingName>(name: K, strict: boolean): PageOnlySettingValues[K] {
  const row = PAGE_ONLY_SETTINGS[name];
  const configured = pageConfig[name];
  const meta = metaContent(row.meta);
  const picked = isSet(configured)
    ? { value: configured, label: `configure({ ${name} })` }
    : meta === undefined
      ? undefined
      : { value: meta, label: `<meta name="${row.meta}">` };
  if (picked === undefined) return row.default;
  try {
    return row.parse(picked);
  } catch (error) {
    // Each load reports the malformed value as `invalid-config` (see resolveSettings); meanwhile the default
    // keeps the page within the browser's limits.
    if (strict) throw error;
    return row.default;
  }
}

/**
 * The value of a page-only setting (`configure()`, then `<meta>`, then its default). A malformed value gives the
 * default here: loads report it as `invalid-config`.
 */
export function pageOnlySetting<K extends PageOnlySettingName>(name: K): PageOnlySettingValues[K] {
  return pickPageOnly(name, false);
}

/** Resets `configure()`; for tests. */
export function resetPageConfigForTests(): void {
  pageConfig = {};
  setPageStrings(null);
}
