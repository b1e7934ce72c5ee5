/**
 * The integration suite's helpers: `<model-viewer-embed>` with the REAL bimU.io SDK, three.js r113 and
 * Materialize, all served by the local platform that web-test-runner.config.ts mounts on the test server's own
 * origin (`/vendor/…`, the API under `/rest/api/v1`, test controls under `/__platform/…`), next to the demo's
 * token route (`POST /api/bimu-token`, `createTokenHandler` in model scope with LOCAL-ONLY model passwords).
 *
 * Import this module FIRST in a test file: when it is evaluated it installs a recorder of every request the
 * page makes and a console spy, before the SDK can make a request or log a line. Every test file runs in its
 * own page, so page-wide state (the shared SDK loader, the recordings) lives as long as one file.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { clearTokenCache } from '../../src/internal/token-source.js';
import type { TokenProvider } from '../../src/internal/token-source.js';
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

/** The LOCAL-ONLY password of `protected-house` on the local platform (demo/platform/README.md). */
export const DEMO_PASSWORD = 'local-demo-password';

/**
 * The demo's token route (createTokenHandler in model scope with the LOCAL-ONLY passwords of small-office and
 * large-campus, and, as the test back-end runs with test controls, of the five small `scope-*` models and
 * `fault-token-latency`: tokens for those models only, each opening its own model). The test back-end keeps
 * its token cache per page and empties it on `resetCounters`.
 */
export const TOKEN_ROUTE = '/api/bimu-token';

/** The origin of a REST API base such as `http://127.0.0.1:1234/rest/api/v1`. */
export function originOf(baseUrl: string): string {
  return new URL(baseUrl, location.href).origin;
}

// ---------------------------------------------------------------------------------------------------------
// Every request the page makes: fetch, XMLHttpRequest and sendBeacon with their method, headers and body, and
// the Resource Timing entries (scripts, styles, fonts, images, and the requests above once more) by URL.

export interface RecordedRequest {
  via: 'fetch' | 'xhr' | 'beacon' | 'resource';
  method: string;
  url: string;
  headers: [string, string][];
  /** The body as text, '' when none; a Request body is read asynchronously (see `settledRequests`). */
  body: string;
  /** `performance.now()` when it was made (for resources: when it started). */
  at: number;
}

const recorded: RecordedRequest[] = [];
const pendingBodies: Promise<void>[] = [];

function absolute(url: string | URL): string {
  try {
    return new URL(String(url), location.href).href;
  } catch {
    return String(url);
  }
}

function headerPairs(headers: HeadersInit | undefined): [string, string][] {
  if (!headers) return [];
  const pairs: [string, string][] = [];
  new Headers(headers).forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof FormData) {
    return [...body.entries()]
      .map(([name, value]) => `${name}=${typeof value === 'string' ? value : value.name}`)
      .join('&');
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const view =
      body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    return new TextDecoder().decode(view);
  }
  if (body instanceof Blob) return `[blob ${body.size} bytes]`;
  return String(body);
}

const originalFetch = window.fetch;
const fetchStubs = new Map<string, (url: URL) => Response>();
window.fetch = function recordingFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : undefined;
  const entry: RecordedRequest = {
    via: 'fetch',
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    url: absolute(request ? request.url : (input as string | URL)),
    headers: [...(request ? headerPairs(request.headers) : []), ...headerPairs(init?.headers)],
    body: bodyText(init?.body),
    at: performance.now(),
  };
  if (request && init?.body === undefined && request.body !== null) {
    pendingBodies.push(
      request
        .clone()
        .text()
        .then(
          (text) => void (entry.body = text),
          () => undefined,
        ),
    );
  }
  recorded.push(entry);
  const stub = fetchStubs.get(new URL(entry.url).pathname);
  if (stub) return Promise.resolve(stub(new URL(entry.url)));
  return originalFetch.call(window, input, init);
};

/**
 * Answers `fetch` for `pathname` with `answer` instead of the network, for the few answers the test server
 * has no route for; the request is still recorded. Returns the function that removes the stub.
 */
export function stubFetchPath(pathname: string, answer: (url: URL) => Response): () => void {
  fetchStubs.set(pathname, answer);
  return () => void fetchStubs.delete(pathname);
}

const xhrEntries = new WeakMap<XMLHttpRequest, RecordedRequest>();
const {
  open: originalOpen,
  send: originalSend,
  setRequestHeader: originalSetHeader,
} = XMLHttpRequest.prototype;
XMLHttpRequest.prototype.open = function recordingOpen(
  this: XMLHttpRequest,
  method: string,
  url: string | URL,
  ...rest: unknown[]
) {
  xhrEntries.set(this, {
    via: 'xhr',
    method: method.toUpperCase(),
    url: absolute(url),
    headers: [],
    body: '',
    at: performance.now(),
  });
  return (originalOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
} as typeof XMLHttpRequest.prototype.open;
XMLHttpRequest.prototype.setRequestHeader = function recordingSetHeader(
  this: XMLHttpRequest,
  name: string,
  value: string,
) {
  xhrEntries.get(this)?.headers.push([name.toLowerCase(), value]);
  return originalSetHeader.call(this, name, value);
};
XMLHttpRequest.prototype.send = function recordingSend(
  this: XMLHttpRequest,
  body?: Document | XMLHttpRequestBodyInit | null,
) {
  const entry = xhrEntries.get(this);
  if (entry) {
    entry.body = body instanceof Document ? body.documentElement.outerHTML : bodyText(body);
    entry.at = performance.now();
    recorded.push(entry);
  }
  return originalSend.call(this, body);
};

if (typeof navigator.sendBeacon === 'function') {
  const originalBeacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    recorded.push({
      via: 'beacon',
      method: 'POST',
      url: absolute(url),
      headers: [],
      body: bodyText(data),
      at: performance.now(),
    });
    return originalBeacon(url, data);
  };
}

const resourceEntries = new Map<PerformanceEntry, RecordedRequest>();
function recordResources(entries: PerformanceEntryList): void {
  for (const entry of entries) {
    if (resourceEntries.has(entry)) continue;
    resourceEntries.set(entry, {
      via: 'resource',
      method: '',
      url: entry.name,
      headers: [],
      body: '',
      at: entry.startTime,
    });
  }
}
if (typeof PerformanceObserver === 'function') {
  try {
    new PerformanceObserver((list) => recordResources(list.getEntries())).observe({
      type: 'resource',
      buffered: true,
    });
  } catch {
    // An engine without `type`/`buffered` support: the explicit read in `settledRequests` still collects them.
  }
}
// The resource timing buffer holds 250 entries by default; a test file makes more than that.
performance.setResourceTimingBufferSize?.(10_000);

/** Every request recorded since the page loaded, once pending Request bodies are read. */
export async function settledRequests(): Promise<RecordedRequest[]> {
  await Promise.all(pendingBodies);
  recordResources(performance.getEntriesByType('resource'));
  return [...recorded, ...resourceEntries.values()];
}

/** A mark to pass to `requestsSince`. */
export function requestMark(): number {
  return performance.now();
}

/** Requests made (fetch, XHR, beacon) at or after `mark`. */
export function requestsSince(mark: number): RecordedRequest[] {
  return recorded.filter((entry) => entry.at >= mark);
}

/** Where `needle` appears in a recorded request (URL, a header name or value, the body), as readable places. */
export function requestsCarrying(requests: readonly RecordedRequest[], needle: string): string[] {
  const places: string[] = [];
  const lower = needle.toLowerCase();
  for (const request of requests) {
    // Compared case-insensitively, with the URL percent-decoded and Basic credentials base64-decoded.
    const haystacks: [string, string][] = [
      ['url', `${request.url}\n${decodeSafely(request.url)}`],
      [
        'headers',
        request.headers.map(([name, value]) => `${name}: ${value} ${decodeBasic(value)}`).join('\n'),
      ],
      ['body', `${request.body}\n${decodeSafely(request.body)}`],
    ];
    for (const [where, text] of haystacks) {
      if (text.toLowerCase().includes(lower))
        places.push(`${request.via} ${request.method} ${new URL(request.url).pathname} (${where})`);
    }
  }
  return places;
}

function decodeSafely(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

function decodeBasic(value: string): string {
  const match = /^Basic\s+(\S+)$/i.exec(value.trim());
  if (!match) return '';
  try {
    return atob(match[1]!);
  } catch {
    return '';
  }
}

/** Bearer tokens the page (the SDK) sent to the platform's blob endpoint since `mark`, with when they were sent. */
export function blobRequestsSince(mark: number): { token: string | undefined; at: number }[] {
  return requestsSince(mark)
    .filter(
      (request) =>
        request.method === 'GET' &&
        /\/rest\/api\/v1\/channels\/[^/]+\/models\/[^/]+\/blob$/.test(new URL(request.url).pathname),
    )
    .map((request) => {
      const authorization =
        request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? '';
      return { token: /^Bearer\s+(\S+)$/i.exec(authorization)?.[1], at: request.at };
    });
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
// The platform's and the test back-end's controls. They go through the page's own `fetch`, not the recording
// one above: a test's setup is not something the element or the SDK sent.

/** The platform's origin-relative root, or another platform's (cross-origin tests). */
function controlUrl(path: string, platformOrigin = ''): string {
  return `${platformOrigin}/__platform/${path}`;
}

function controlFetch(input: string, init?: RequestInit): Promise<Response> {
  return originalFetch.call(window, input, init);
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Mints a token through a platform's test control (no credentials): an account token without `modelId`, a
 * model token with it; `expiresIn` in seconds, negative for an already expired token. `platformOrigin` ''
 * is the main platform; the second platform (`crossOrigin()`) signs with another secret.
 */
export async function mintToken(
  options: { modelId?: string; expiresIn?: number } = {},
  platformOrigin = '',
): Promise<string> {
  const response = await controlFetch(controlUrl('token', platformOrigin), {
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
    await controlFetch(controlUrl('stats', platformOrigin), { cache: 'no-store' }),
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
  await json(
    await controlFetch(controlUrl('reset', platformOrigin), { method: 'POST' }),
    'POST /__platform/reset',
  );
}

/** Sets how long `fault-token-latency` and `fault-metadata-latency` hold their request. */
export async function setFaultLatency(latencyMs: number): Promise<void> {
  await json(
    await controlFetch(controlUrl('faults'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs }),
    }),
    'POST /__platform/faults',
  );
}

/** The test back-end's environment: the REST API base of a second platform on another origin. */
export async function backendEnv(): Promise<{ crossOriginBaseUrl: string | null }> {
  return json(await controlFetch('/__backend/env', { cache: 'no-store' }), 'GET /__backend/env');
}

/** How many requests the demo token route answered since the last reset. */
export async function tokenRouteRequests(): Promise<number> {
  const stats = await json<{ tokenRouteRequests: number }>(
    await controlFetch('/__backend/stats', { cache: 'no-store' }),
    'GET /__backend/stats',
  );
  return stats.tokenRouteRequests;
}

/**
 * Zeroes the platform's and the token route's counters, and empties the route's token cache (the test back-end
 * keeps one per page); also restores the platform's fault settings and forgets revoked tokens.
 */
export async function resetCounters(): Promise<void> {
  await resetPlatform();
  await json(await controlFetch('/__backend/reset', { method: 'POST' }), 'POST /__backend/reset');
}

/**
 * Changes the main platform's fault settings: `latencyMs` of `fault-token-latency`'s `POST /token`, and
 * `tokenLifetimeSeconds` of the tokens `POST /token` issues (`null`: the platform's own two hours). The next
 * `resetCounters` (`freshPage`) restores both.
 */
export async function setFaults(settings: {
  latencyMs?: number;
  tokenLifetimeSeconds?: number | null;
}): Promise<void> {
  await json(
    await controlFetch('/__platform/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    }),
    'POST /__platform/faults',
  );
}

/**
 * Makes the main platform answer 401 to `token` from now on, though it is validly signed and unexpired (a
 * revoked token); the next `resetCounters` (`freshPage`) forgets it.
 */
export async function revokeToken(token: string): Promise<void> {
  await json(
    await controlFetch('/__platform/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
    'POST /__platform/revoke',
  );
}

/** Origin of the second platform, whose tokens are well-formed but signed with another secret. */
export async function crossOrigin(): Promise<string> {
  const { crossOriginBaseUrl } = await backendEnv();
  expect(crossOriginBaseUrl, 'the test back-end runs a second platform').to.be.a('string');
  return new URL(crossOriginBaseUrl!).origin;
}

/** The token route on this origin's other name (localhost ↔ 127.0.0.1): another site for the browser. */
export function crossSiteTokenRoute(): string {
  const url = new URL(TOKEN_ROUTE, location.href);
  url.hostname = url.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  // Firefox and WebKit send the CORS preflight without a Referer: name the page for the route's counter.
  url.searchParams.set('__page', location.href);
  return url.href;
}

/** The token's `exp` in ms since the epoch (decoded, not verified), or undefined. */
export function tokenExpiry(token: string | undefined): number | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Between tests: forget the page-wide token cache, and zero the server-side counters and the route's cache. */
export async function freshPage(): Promise<void> {
  clearTokenCache();
  await resetCounters();
}

// ---------------------------------------------------------------------------------------------------------
// Elements and their events

export interface EmbedOptions {
  modelId: string;
  accessToken?: string;
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  passwordMode?: boolean;
  /** The `password` property (never an attribute). */
  password?: string;
  /** Extra attributes, set after the default settings (so they win) and before the element is connected. */
  attributes?: Record<string, string>;
  /** Watchdog, ms; default 30000. */
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
  el.timeout = options.timeout ?? 30_000;
  // After the defaults above, so that an attribute such as `timeout="abc"` or `base-url` replaces them.
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  el.modelId = options.modelId;
  if (options.accessToken !== undefined) {
    if (options.tokenAsAttribute) el.setAttribute('access-token', options.accessToken);
    else el.accessToken = options.accessToken;
  }
  if (options.tokenUrl !== undefined) el.tokenUrl = options.tokenUrl;
  if (options.tokenProvider !== undefined) el.tokenProvider = options.tokenProvider;
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

/** The types of the terminal events (`loaded`/`error`) after waiting `ms` more, to prove there is exactly one. */
export async function terminalTypesAfter(events: readonly RecordedEvent[], ms = 300): Promise<string[]> {
  return (await terminalsAfter(events, ms)).map((event) => event.type);
}

/** The first `loaded` or `error` of `el` (already recorded or still to come), or a rejection after `timeout`. */
export async function outcome({ el, events }: Embed, timeout = 40_000): Promise<Outcome> {
  const started = performance.now();
  for (;;) {
    const terminal = events.find((event) => event.type !== 'progress');
    if (terminal) return { type: terminal.type, ...(terminal.detail as object) } as Outcome;
    if (performance.now() - started > timeout) {
      throw new Error(
        `neither 'loaded' nor 'error' from ${el.modelId} within ${timeout} ms (status ${el.status})`,
      );
    }
    await sleep(25);
  }
}

/** Asserts the load ended in `loaded`, saying why when it did not. */
export function expectLoaded(result: Outcome): void {
  expect(result.type, result.type === 'error' ? `${result.code}: ${result.message}` : '').to.equal('loaded');
}

/** Asserts the load ended in `error` with `code`. */
export function expectError(
  result: Outcome,
  code: string,
): asserts result is { type: 'error' } & ModelErrorDetail {
  expect(result.type, 'the load fails').to.equal('error');
  expect((result as ModelErrorDetail).code, (result as ModelErrorDetail).message).to.equal(code);
}

/**
 * Where any of `secrets` can be found: an attribute or `outerHTML` (light DOM and shadow root) of any element
 * made in this page, an event detail, `element.error`, the whole document, or any console line since the page


/**
 * A `tokenProvider` that answers from `answers` in turn (the last one repeats) and counts its calls. Each
 * answer is a token or a function returning one (called when the provider is).
 */
export function scriptedProvider(
  answers: (string | (() => Promise<string>))[],
): TokenProvider & { calls: number; tokens: string[] } {
  const provider = Object.assign(
    async () => {
      const answer = answers[Math.min(provider.calls, answers.length - 1)]!;
      provider.calls += 1;
      const token = typeof answer === 'string' ? answer : await answer();
      provider.tokens.push(token);
      return token;
    },
    { calls: 0, tokens: [] as string[] },
  );
  return provider;
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
 * attribute or `outerHTML` (of every element made, of the whole document and of every shadow root), in an
 * input's value, or in any console argument since the page loaded. Returns the places, not the values, so a
 * failure never prints a secret (empty when clean).
 */
export function findSecrets(secrets: readonly string[]): string[] {
  const haystacks: [string, () => string][] = [
    ['event detail', () => JSON.stringify(allEvents)],
    ['element.error', () => JSON.stringify(madeElements.map((el) => el.error))],
    ['element outerHTML/attributes', () => madeElements.map((el) => el.outerHTML).join('\n')],
    ['shadow roots', () => madeElements.map((el) => el.shadowRoot?.innerHTML ?? '').join('\n')],
    ['document', () => document.documentElement.outerHTML],
    ['input values', () => [...document.querySelectorAll('input')].map((input) => input.value).join('\n')],
    ['console', () => consoleLines.join('\n')],
  ];
  const places: string[] = [];
  for (const [place, text] of haystacks) {
    const haystack = text();
    secrets.forEach((secret, index) => {
      if (secret.length > 0 && haystack.includes(secret)) places.push(`${place} contains secret #${index}`);
    });
  }
  return places;
}

/** Asserts that no secret of this scenario leaked (see `findSecrets`). */
export function expectNoSecrets(secrets: readonly string[]): void {
  expect(secrets.length, 'secrets to look for').to.be.greaterThan(0);
  expect(
    secrets.every((secret) => secret.length >= 8),
    'secrets long enough to be meaningful',
  ).to.equal(true);
  expect(findSecrets(secrets)).to.deep.equal([]);
}
