/**
 * Helpers of the token integration tests (`token-*.test.ts`): `<model-viewer-embed>` with the REAL bimU.io SDK
 * loading from the local platform that web-test-runner.config.ts mounts on the test server's own origin, with
 * the demo's token route (`POST /api/bimu-token`, `createTokenHandler` in model scope with LOCAL-ONLY model
 * passwords).
 *
 * Import this module FIRST in a test file: it installs a recorder of every request the page makes and a
 * console spy when it is evaluated, before the element or the SDK can make a request or log a line. Each test
 * file runs in its own page, so what it records lives as long as one file.
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { clearTokenCache } from '../../src/internal/token-source.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelErrorDetail } from '../../src/events.js';
import type { TokenProvider } from '../../src/internal/token-source.js';

/** Where the element loads everything from: the local platform on this origin. */
export const LOCAL = {
  sdkSrc: '/vendor/bimu/bimU.io.Viewer.umd.js',
  threeSrc: '/vendor/three/three.min.js',
  uiAssetsBase: '/vendor/',
  baseUrl: '/rest/api/v1',
} as const;

/**
 * The demo's token route (createTokenHandler in model scope with the LOCAL-ONLY passwords of small-office and
 * large-campus, and, as the test back-end runs with test controls, of the five small `scope-*` models and
 * `fault-token-latency`: tokens for those models only, each opening its own model). The test back-end keeps
 * its token cache per page and empties it on `resetCounters`.
 */
export const TOKEN_ROUTE = '/api/bimu-token';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
// Console spy: every console call of this page, serialised when it is made (the SDK mutates objects it has
// logged, so a secret that was there at the time is still found later).

export const consoleLines: string[] = [];

function serialise(value: unknown, depth = 0, seen = new WeakSet<object>()): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object')
    return typeof value === 'function' ? '[function]' : String(value);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  if (value instanceof Element) return value.outerHTML;
  if (value instanceof Node) return value.textContent ?? '';
  if (depth >= 4) return '[deep]';
  const parts: string[] = [];
  try {
    for (const key of Object.keys(value).slice(0, 200)) {
      parts.push(`${key}: ${serialise((value as Record<string, unknown>)[key], depth + 1, seen)}`);
    }
  } catch {
    return '[unreadable]';
  }
  return `{${parts.join(', ')}}`.slice(0, 100_000);
}

for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table', 'assert'] as const) {
  const original = console[method] as (...args: unknown[]) => void;
  console[method] = (...args: unknown[]) => {
    consoleLines.push(`${method}: ${args.map((arg) => serialise(arg)).join(' ')}`);
    original.apply(console, args);
  };
}

// ---------------------------------------------------------------------------------------------------------
// The platform's and the back-end's test controls

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * Mints a token through a platform's test control (no credentials): an account token without `modelId`, a
 * model token with it; `expiresIn` in seconds, negative for an already expired token. `platformOrigin` ''
 * is the main platform; the second platform (`crossOriginBase()`) signs with another secret.
 */
export async function mintToken(
  options: { modelId?: string; expiresIn?: number } = {},
  platformOrigin = '',
): Promise<string> {
  const response = await originalFetch.call(window, `${platformOrigin}/__platform/token`, {
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
  preflight: number;
  tokenUsers: string[];
}

/** The main platform's request counters (the demo token route's upstream requests count as `token`). */
export async function platformStats(): Promise<PlatformStats> {
  return json(
    await originalFetch.call(window, '/__platform/stats', { cache: 'no-store' }),
    'GET /__platform/stats',
  );
}

/** How many requests the demo token route answered since the last reset. */
export async function tokenRouteRequests(): Promise<number> {
  const stats = await json<{ tokenRouteRequests: number }>(
    await originalFetch.call(window, '/__backend/stats', { cache: 'no-store' }),
    'GET /__backend/stats',
  );
  return stats.tokenRouteRequests;
}

/**
 * Zeroes the platform's and the token route's counters, and empties the route's token cache (the test back-end
 * keeps one per page); also restores the platform's fault settings and forgets revoked tokens.
 */
export async function resetCounters(): Promise<void> {
  await json(
    await originalFetch.call(window, '/__platform/reset', { method: 'POST' }),
    'POST /__platform/reset',
  );
  await json(
    await originalFetch.call(window, '/__backend/reset', { method: 'POST' }),
    'POST /__backend/reset',
  );
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
    await originalFetch.call(window, '/__platform/faults', {
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
    await originalFetch.call(window, '/__platform/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    }),
    'POST /__platform/revoke',
  );
}

/** Origin of the second platform, whose tokens are well-formed but signed with another secret. */
export async function crossOrigin(): Promise<string> {
  const { crossOriginBaseUrl } = await json<{ crossOriginBaseUrl: string | null }>(
    await originalFetch.call(window, '/__backend/env', { cache: 'no-store' }),
    'GET /__backend/env',
  );
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

export interface RecordedEvent {
  type: string;
  detail: unknown;
}

export interface Embed {
  el: ModelViewerEmbed;
  events: RecordedEvent[];
}

export interface EmbedOptions {
  modelId: string;
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  accessToken?: string;
  passwordMode?: boolean;
  /** The `password` property (never an attribute). */
  password?: string;
  /** Extra attributes, set before the element is connected. */
  attributes?: Record<string, string>;
  /** Watchdog, ms; default 30000. */
  timeout?: number;
  /** CSS of the host; default 320×300 (the SDK's minimum is 300×300). */
  style?: string;
  /** Where to connect it; default a new fixture. */
  parent?: Element;
}

/** Every element and event recording made in this page, for the secrets check. */
const madeElements: ModelViewerEmbed[] = [];
const madeEvents: RecordedEvent[][] = [];

/** Creates a configured element, arms its event recorder, then connects it (which starts the load). */
export async function embed(options: EmbedOptions): Promise<Embed> {
  const el = document.createElement('model-viewer-embed');
  el.style.cssText = options.style ?? 'display: inline-block; width: 320px; height: 300px';
  el.sdkSrc = LOCAL.sdkSrc;
  el.threeSrc = LOCAL.threeSrc;
  el.uiAssetsBase = LOCAL.uiAssetsBase;
  el.baseUrl = LOCAL.baseUrl;
  el.timeout = options.timeout ?? 30_000;
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  el.modelId = options.modelId;
  if (options.tokenUrl !== undefined) el.tokenUrl = options.tokenUrl;
  if (options.tokenProvider !== undefined) el.tokenProvider = options.tokenProvider;
  if (options.accessToken !== undefined) el.accessToken = options.accessToken;
  if (options.passwordMode) el.passwordMode = true;
  if (options.password !== undefined) el.password = options.password;
  const events: RecordedEvent[] = [];
  for (const type of ['progress', 'loaded', 'error'] as const) {
    el.addEventListener(type, (event: Event) => events.push({ type, detail: (event as CustomEvent).detail }));
  }
  madeElements.push(el);
  madeEvents.push(events);
  const parent = options.parent ?? (await fixture<HTMLDivElement>(html`<div></div>`));
  parent.append(el);
  return { el, events };
}

export type Outcome = { type: 'loaded'; modelId: string } | ({ type: 'error' } & ModelErrorDetail);

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

/** The terminal events (`loaded`/`error`) after waiting `ms` more, to prove there is exactly one. */
export async function terminalsAfter(events: readonly RecordedEvent[], ms = 300): Promise<string[]> {
  await sleep(ms);
  return events.filter((event) => event.type !== 'progress').map((event) => event.type);
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
 * loaded. Empty when clean. Places, not values, so a failure never prints a secret.
 */
export function findSecrets(secrets: readonly string[]): string[] {
  const haystacks: [string, () => string][] = [
    [
      'attributes',
      () =>
        madeElements
          .map((el) =>
            el
              .getAttributeNames()
              .map((name) => `${name}=${el.getAttribute(name)}`)
              .join(' '),
          )
          .join('\n'),
    ],
    ['outerHTML', () => madeElements.map((el) => el.outerHTML).join('\n')],
    ['shadow root', () => madeElements.map((el) => el.shadowRoot?.innerHTML ?? '').join('\n')],
    ['event detail', () => JSON.stringify(madeEvents)],
    ['element.error', () => JSON.stringify(madeElements.map((el) => el.error))],
    ['document', () => document.documentElement.outerHTML],
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

/** Asserts that none of `secrets` (tokens, keys) leaked; see `findSecrets`. */
export function expectNoSecrets(secrets: readonly string[]): void {
  expect(secrets.length, 'secrets to look for').to.be.greaterThan(0);
  expect(
    secrets.every((secret) => secret.length >= 16),
    'secrets long enough to be meaningful',
  ).to.equal(true);
  expect(findSecrets(secrets)).to.deep.equal([]);
}

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
