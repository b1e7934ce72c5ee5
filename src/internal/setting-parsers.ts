/**
 * Parsers and validators for the settings of the table in `settings-table.ts`.
 *
 * Each takes a value that is set and where it was set (`label`: the attribute, `configure({ name })` or
 * `<meta name="…">`, as the user would look for it in their page) and returns the value to use, or throws a
 * `TypeError` whose message begins with that label, which the load reports as `invalid-config`.
 *
 * Pure module: no Lit, no `this`; it reads `document.baseURI` only to resolve relative URLs.
 */
import { isCssColor } from './css-color.js';

/** A value set for a page-wide setting, and where it was set. */
export interface Picked {
  value: unknown;
  label: string;
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

/**
 * The `timeout` attribute as a number: an empty attribute is unset, like the URL attributes; anything but
 * decimal digits becomes `NaN`, which the next load reports as `invalid-config` instead of silently using the
 * default (the `Number` converter would read `""` as 0, disabling the watchdog, and `"1e3"` as 1000).
 */
export function timeoutFromAttribute(value: string | null): number | null {
  return value === null || value.trim() === '' ? null : parseTimeout(value);
}

/** The `loading` attribute: `eager` (in any case, trimmed) is eager; anything else, or no attribute, is lazy. */
export function loadingFromAttribute(value: string | null): 'lazy' | 'eager' {
  return value?.trim().toLowerCase() === 'eager' ? 'eager' : 'lazy';
}

/** The `toolbar` attribute: `off` (in any case, trimmed) hides the SDK's toolbar; anything else, or none, shows it. */
export function toolbarFromAttribute(value: string | null): 'on' | 'off' {
  return value?.trim().toLowerCase() === 'off' ? 'off' : 'on';
}

/**
 * The first problem with the element's colour settings (`button-color`, `background`), or null. Unset or
 * empty means the default; anything else must be a CSS colour the browser understands.
 */
export function colorSettingsProblem(settings: { buttonColor: unknown; background: unknown }): string | null {
  for (const [label, value] of [
    ['button-color', settings.buttonColor],
    ['background', settings.background],
  ] as const) {
    if (value === null || value === undefined || value === '') continue;
    if (typeof value !== 'string' || !isCssColor(value)) {
      return `${label} must be a CSS colour such as #1e1e1e, rgb(30 30 30) or navy; got ${JSON.stringify(String(value)).slice(0, 80)}.`;
    }
  }
  return null;
}

/** Reads the `isolation` attribute: `frame` (any case, trimmed), otherwise the default, `none`. */
export function isolationFromAttribute(value: string | null): 'none' | 'frame' {
  return value?.trim().toLowerCase() === 'frame' ? 'frame' : 'none';
}

/** A watchdog in milliseconds. */
export function timeoutSetting({ value, label }: Picked): number {
  const timeout = parseTimeout(value);
  if (Number.isNaN(timeout)) throw new TypeError(`${label} must be ${TIMEOUT_RULE}.`);
  return timeout;
}

/** Parses `text` as an http(s) URL, relative to the document; the label names the setting in the error. */
function parseHttpUrl(text: string, label: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(text, typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
  } catch {
    throw new TypeError(`${label} is not a valid http(s) URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`${label} is not a valid http(s) URL.`);
  }
  return parsed;
}

function trimmedString({ value, label }: Picked): string {
  if (typeof value !== 'string') throw new TypeError(`${label} must be a string (an http(s) URL).`);
  return value.trim();
}

/** An http(s) URL of a script or an asset base; returned as given (trimmed), so relative URLs stay relative. */
export function httpUrlSetting(picked: Picked): string {
  const text = trimmedString(picked);
  parseHttpUrl(text, picked.label);
  return text;
}

/** The REST API base: an http(s) URL the SDK appends its request paths to; returned without trailing slashes. */
export function restApiBaseSetting(picked: Picked): string {
  const { label } = picked;
  const text = trimmedString(picked);
  if (text.length > MAX_BASE_URL_LENGTH) {
    throw new TypeError(`${label} is longer than ${MAX_BASE_URL_LENGTH} characters.`);
  }
  const parsed = parseHttpUrl(text, label);
  // The SDK appends its paths to the text of base-url: after a query or fragment they would not be paths.
  if (parsed.search !== '' || parsed.hash !== '' || /[?#]/.test(text)) {
    throw new TypeError(`${label} must not contain "?" or "#": the SDK appends request paths to it.`);
  }
  // fetch() refuses URLs with embedded credentials, and they would be readable in the page.
  if (parsed.username !== '' || parsed.password !== '') {
    throw new TypeError(`${label} must not contain a user name or password.`);
  }
  return text.replace(/\/+$/, '');
}

/** The most live viewers a page may ask for: Chromium and WebKit keep 16 WebGL contexts per page. */
export const MAX_CONTEXT_BUDGET = 16;

/**
 * The page's context budget: a whole number of live viewers from 1 to MAX_CONTEXT_BUDGET, from a number or from
 * text (`configure()` or `<meta>`).
 */
export function contextBudgetSetting({ value, label }: Picked): number {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!Number.isInteger(number) || number < 1 || number > MAX_CONTEXT_BUDGET) {
    throw new TypeError(`${label} must be a whole number of live viewers from 1 to ${MAX_CONTEXT_BUDGET}.`);
  }
  return number;
}
