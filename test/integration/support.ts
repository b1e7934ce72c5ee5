/**
 * Shared helpers of the integration suite: `<model-viewer-embed>` with the REAL bimU.io SDK, three.js r113 and
 * Materialize, all served by the local platform that web-test-runner.config.ts mounts on the test server's own
 * origin (`/vendor/…`, the API under `/rest/api/v1`, test controls under `/__platform/…`).
 *
 * Every test file runs in its own page, so page-wide state (the shared SDK loader, the console spy below)
 * lives as long as one file.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelErrorDetail } from '../../src/events.js';
import { recordEvents, type RecordedEvent } from '../helpers/events.js';
import { sleep } from '../helpers/dom.js';

export { frames, sleep } from '../helpers/dom.js';

/*
 * Assertions in this suite never take a DOM node as the actual or expected value (`expect(node === null)`,
 * not `expect(node).to.equal(null)`): when such an assertion fails, the runner cannot send the node back to
 * Node (structuredClone throws) and the file hangs until testsFinishTimeout instead of failing
 * (modernweb-dev/web#2967).
 */

/** Where the element loads everything from: the local platform on this origin. */
export const LOCAL = {
  sdkSrc: '/vendor/bimu/bimU.io.Viewer.umd.js',
  threeSrc: '/vendor/three/three.min.js',
  uiAssetsBase: '/vendor/',
  baseUrl: '/rest/api/v1',
} as const;

/** The LOCAL-ONLY password of `protected-house` on the local platform (docs/platform.md). */
export const DEMO_PASSWORD = 'local-demo-password';

/** The platform's origin-relative root, or another platform's (cross-origin tests). */
function controlUrl(path: string, platformOrigin = ''): string {
  return `${platformOrigin}/__platform/${path}`;
}

/** The origin of a REST API base such as `http://127.0.0.1:1234/rest/api/v1`. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl, location.href).origin;
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Mints a token through the platform's test control (no credentials): an account token without `modelId`, a
 * model token with it; `expiresIn` in seconds, negative for an already expired token.
 */
export async function mintToken(
  options: { modelId?: string; expiresIn?: number } = {},
  platformOrigin = '',
): Promise<string> {
  const response = await fetch(controlUrl('token', platformOrigin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options),
  });
  return (await json<{ token: string }>(response, 'POST /__platform/token')).token;
}

export interface PlatformStats {
  token: number;
  blob: number;
  parts: number;
  attachments: number;
  metadata: number;
  elements: number;
  query: number;
  preflight: number;
  vendor: number;
  tokenUsers: string[];
}

/** The platform's request counters. */
export async function platformStats(platformOrigin = ''): Promise<PlatformStats> {
  return json<PlatformStats>(
    await fetch(controlUrl('stats', platformOrigin), { cache: 'no-store' }),
    'GET /__platform/stats',
  );
}

/** The REST API counters only (`vendor` counts static files, which the browser may fetch at any time). */
export function apiCounts(stats: PlatformStats): Record<string, number> {
  const { token, blob, parts, attachments, metadata, elements, query, preflight } = stats;
  return { token, blob, parts, attachments, metadata, elements, query, preflight };
}

/** Zeroes the counters, clears the wrong-password limiter and restores the fault settings. */
export async function resetPlatform(platformOrigin = ''): Promise<void> {
  await json(await fetch(controlUrl('reset', platformOrigin), { method: 'POST' }), 'POST /__platform/reset');
}

/** Sets how long `fault-token-latency` and `fault-metadata-latency` hold their request. */
export async function setFaultLatency(latencyMs: number): Promise<void> {
  await json(
    await fetch(controlUrl('faults'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    }),
    'POST /__platform/faults',
  );
}

/** The test back-end's environment: the REST API base of a second platform on another origin. */
export async function backendEnv(): Promise<{ crossOriginBaseUrl: string | null }> {
  return json(await fetch('/__backend/env', { cache: 'no-store' }), 'GET /__backend/env');
}

// ---------------------------------------------------------------------------------------------------------
// Console spy: installed once per page (per test file) when this module is first imported, so it also sees
// what the SDK logs asynchronously after a test has moved on. Every argument is serialised when it is logged
// (the SDK mutates objects it has logged), so a secret that was there at the time is found later.

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'assert'] as const;

/** Every console call of this page since the module loaded: method and serialised arguments. */
export const consoleLines: string[] = [];

function serialise(value: unknown, depth = 0, seen = new WeakSet<object>()): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' ? '[function]' : String(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (typeof Node !== 'undefined' && value instanceof Node) {
    return value instanceof Element ? value.outerHTML : (value.textContent ?? '');
  }
  if (depth >= 4) return '[deep]';
  const entries: string[] = [];
  let count = 0;
  try {
    for (const key of Object.keys(value)) {
      if (++count > 200) break;
      entries.push(`${key}: ${serialise((value as Record<string, unknown>)[key], depth + 1, seen)}`);
    }
  } catch {
    return '[unreadable]';
  }
  return `{${entries.join(', ')}}`.slice(0, 100_000);
}

for (const method of CONSOLE_METHODS) {
  const original = console[method] as (...args: unknown[]) => void;
  console[method] = (...args: unknown[]) => {
    consoleLines.push(`${method}: ${args.map((arg) => serialise(arg)).join(' ')}`);
    original.apply(console, args);
  };
}

/** Console lines matching `pattern`. */
export function consoleMatching(pattern: RegExp, since = 0): string[] {
  return consoleLines.slice(since).filter((line) => pattern.test(line));
}

// ---------------------------------------------------------------------------------------------------------
// Elements

export interface EmbedOptions {
  modelId: string;
  accessToken?: string;
  passwordMode?: boolean;
  password?: string;
  tokenUrl?: string;
  timeout?: number;
  baseUrl?: string;
  sdkSrc?: string;
  threeSrc?: string;
  /** CSS for the host; default 480×360. */
  style?: string;
  /** Set the token with the `access-token` attribute instead of the property. */
  tokenAsAttribute?: boolean;
  /** Where to attach it; default: a new @open-wc fixture. */
  parent?: Element;
  /** Runs on the configured element just before it is connected (observers, listeners). */
  beforeConnect?: (el: ModelViewerEmbed) => void;
}

export interface Embed {
  el: ModelViewerEmbed;
  /** Every `progress`, `loaded` and `error` event, from before the element was connected. */
  events: RecordedEvent[];
}

/** Every element `embed()` made, for the secrets check (the element may be detached by then). */
const madeElements: ModelViewerEmbed[] = [];
const allEvents: RecordedEvent[][] = [];

/** Creates a configured element, arms its event recorder, then connects it (which starts the load). */
export async function embed(options: EmbedOptions): Promise<Embed> {
  const el = document.createElement('model-viewer-embed');
  el.style.cssText = options.style ?? 'width: 480px; height: 360px';
  el.sdkSrc = options.sdkSrc ?? LOCAL.sdkSrc;
  el.threeSrc = options.threeSrc ?? LOCAL.threeSrc;
  el.uiAssetsBase = LOCAL.uiAssetsBase;
  el.baseUrl = options.baseUrl ?? LOCAL.baseUrl;
  el.modelId = options.modelId;
  el.timeout = options.timeout ?? 30_000;
  if (options.accessToken !== undefined) {
    if (options.tokenAsAttribute) el.setAttribute('access-token', options.accessToken);
    else el.accessToken = options.accessToken;
  }
  if (options.tokenUrl !== undefined) el.tokenUrl = options.tokenUrl;
  if (options.passwordMode) el.passwordMode = true;
  if (options.password !== undefined) el.password = options.password;
  const events = recordEvents(el);
  madeElements.push(el);
  allEvents.push(events);
  const parent = options.parent ?? (await fixture<HTMLDivElement>(html`<div></div>`));
  options.beforeConnect?.(el);
  parent.append(el);
  return { el, events };
}

/** Resolves with the next `type` event of `target`, or rejects after `timeout` ms naming what it waited for. */
export function nextEvent<T extends Event = CustomEvent>(
  target: EventTarget,
  type: string,
  timeout: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`no '${type}' event within ${timeout} ms`));
    }, timeout);
    const listener = (event: Event) => {
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}

export type Outcome = { type: 'loaded'; modelId: string } | ({ type: 'error' } & ModelErrorDetail);

/**
 * Resolves with the element's next `loaded` or `error`, or rejects after `timeout` ms. Arm it before the
 * trigger (connecting, typing, reload()).
 */
export function nextOutcome(el: ModelViewerEmbed, timeout: number): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      el.removeEventListener('loaded', onLoaded);
      el.removeEventListener('error', onError);
    };
    const onLoaded = (event: Event) => {
      done();
      resolve({ type: 'loaded', ...(event as CustomEvent<{ modelId: string }>).detail });
    };
    const onError = (event: Event) => {
      done();
      resolve({ type: 'error', ...(event as CustomEvent<ModelErrorDetail>).detail });
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`neither 'loaded' nor 'error' within ${timeout} ms (status ${el.status})`));
    }, timeout);
    el.addEventListener('loaded', onLoaded);
    el.addEventListener('error', onError);
  });
}

/** Waits `ms` more and returns the recorded terminal events (`loaded`/`error`), to prove there is exactly one. */
export async function terminalsAfter(events: readonly RecordedEvent[], ms: number): Promise<RecordedEvent[]> {
  await sleep(ms);
  return events.filter((event) => event.type !== 'progress');
}

/** The progress values of a recording. */
export function progressValues(events: readonly RecordedEvent[]): unknown[] {
  return events
    .filter((event) => event.type === 'progress')
    .map((event) => (event.detail as { progress: unknown }).progress);
}

/** Asserts progress values are numbers in [0, 1], never decreasing, ending at 1. */
export function expectProgressComplete(events: readonly RecordedEvent[]): void {
  const values = progressValues(events);
  expect(values.length, 'at least one progress event').to.be.greaterThan(0);
  for (const value of values) {
    expect(value).to.be.a('number');
    expect(value as number).to.be.within(0, 1);
  }
  const numbers = values as number[];
  for (let i = 1; i < numbers.length; i++) {
    expect(numbers[i]!, `progress never decreases: ${numbers.join(', ')}`).to.be.at.least(numbers[i - 1]!);
  }
  expect(numbers.at(-1), 'progress ends at 1').to.equal(1);
  expect(
    numbers.slice(0, -1).every((value) => value < 1),
    `1 only at the end: ${numbers.join(', ')}`,
  ).to.equal(true);
}

// ---------------------------------------------------------------------------------------------------------
// Password dialog (the SDK's Materialize modal inside the element's light-DOM container)

/** The element's open dialog, or null. */
export function openDialog(el: Element): HTMLElement | null {
  return el.querySelector<HTMLElement>('.modal.open');
}

/** Every open SDK dialog in the document. */
export function openDialogs(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.modal.open')];
}

/** Waits until `el` shows its password dialog with the field focused; returns the field. */
export async function waitForPasswordField(
  el: ModelViewerEmbed,
  timeout = 15_000,
): Promise<HTMLInputElement> {
  await waitUntil(
    () => {
      const field = el.querySelector<HTMLInputElement>('.modal.open input[type="password"]');
      const dialog = field?.closest<HTMLElement>('.modal');
      // Materialize fades and scales the dialog in: until its opacity reaches 1, axe measures blended colours
      // (a contrast failure of the animation, not of the dialog) and boxes are not final.
      const settled = dialog !== null && dialog !== undefined && getComputedStyle(dialog).opacity === '1';
      return field !== null && settled && document.activeElement === field && isVisibleAt(field);
    },
    `the password dialog of ${el.modelId} is open, settled, with its field focused and visible`,
    { timeout, interval: 50 },
  );
  return el.querySelector<HTMLInputElement>('.modal.open input[type="password"]')!;
}

/**
 * Types `text` into the focused element with real key events (`sendKeys`). WebKitGTK's WebDriver drops the
 * second of two identical neighbouring characters within one `type` command ("password" arrives as
 * "pasword"), so the text is sent in pieces, split between identical neighbours.
 */
export async function typeText(text: string): Promise<void> {
  let piece = '';
  for (const character of text) {
    if (piece.endsWith(character)) {
      await sendKeys({ type: piece });
      piece = '';
    }
    piece += character;
  }
  if (piece) await sendKeys({ type: piece });
}

/** Types `text` into the focused password field, checks it arrived whole, and presses Enter. */
export async function typeAndSubmit(text: string): Promise<void> {
  const field = document.activeElement;
  await typeText(text);
  expect(
    field instanceof HTMLInputElement && field.value === text,
    'the field holds what was typed',
  ).to.equal(true);
  await sendKeys({ press: 'Enter' });
}

/** The "wrong password" line of `el`'s open dialog, or null. */
export function wrongPasswordLine(el: Element): HTMLElement | null {
  const line = el.querySelector<HTMLElement>('.modal.open [role="alert"]');
  return line && /wrong password/i.test(line.textContent ?? '') ? line : null;
}

/** The OK and Cancel buttons of `el`'s open dialog. */
export function dialogButtons(el: Element): { ok: HTMLElement; cancel: HTMLElement } {
  const dialog = openDialog(el);
  if (!dialog) throw new Error('no open dialog');
  return {
    ok: dialog.querySelector<HTMLElement>('.modal-footer a:not(.modal-close)')!,
    cancel: dialog.querySelector<HTMLElement>('.modal-footer .modal-close')!,
  };
}

/**
 * Whether a person sees `node` and can click it: it has a box, and the topmost element at its centre is the
 * node itself (or inside it). Scrolls it into the viewport first.
 */
export function isVisibleAt(node: Element): boolean {
  const rect = node.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0) return false;
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
  const top = document.elementFromPoint(x, y);
  return top !== null && (top === node || node.contains(top));
}

/** Whether `inner`'s box lies within `outer`'s box (1px tolerance). */
export function boxInside(inner: Element, outer: Element): boolean {
  const a = inner.getBoundingClientRect();
  const b = outer.getBoundingClientRect();
  return a.left >= b.left - 1 && a.top >= b.top - 1 && a.right <= b.right + 1 && a.bottom <= b.bottom + 1;
}

// ---------------------------------------------------------------------------------------------------------
// Secrets

/**
 * Where any of `secrets` can be found: in an event detail or `error` of an element this file made, in an
 * attribute or `outerHTML` (of every element made, of document.body and of every shadow root), in an input's
 * value, or in any console argument since the page loaded. Returns the places (empty when clean).
 */
export function findSecrets(secrets: readonly string[]): string[] {
  const haystacks: [string, () => string][] = [
    ['event detail', () => JSON.stringify(allEvents)],
    ['element.error', () => JSON.stringify(madeElements.map((el) => el.error))],
    ['element outerHTML/attributes', () => madeElements.map((el) => el.outerHTML).join('\n')],
    ['shadow roots', () => madeElements.map((el) => el.shadowRoot?.innerHTML ?? '').join('\n')],
    ['document.body outerHTML', () => document.body.outerHTML],
    ['document head', () => document.head.outerHTML],
    ['input values', () => [...document.querySelectorAll('input')].map((input) => input.value).join('\n')],
    ['console', () => consoleLines.join('\n')],
  ];
  const places: string[] = [];
  for (const [place, text] of haystacks) {
    const haystack = text();
    for (const secret of secrets) {
      if (secret.length > 0 && haystack.includes(secret))
        places.push(`${place} contains secret #${secrets.indexOf(secret)}`);
    }
  }
  return places;
}

/** Asserts that no secret of this scenario leaked (see `findSecrets`). */
export function expectNoSecrets(secrets: readonly string[]): void {
  expect(
    secrets.every((secret) => secret.length >= 8),
    'secrets long enough to be meaningful',
  ).to.equal(true);
  expect(findSecrets(secrets)).to.deep.equal([]);
}
