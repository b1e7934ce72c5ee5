/**
 * How the element gets a bimU.io token from the page's own back-end (`token-url`) or from the page's code
 * (`tokenProvider`), without ever seeing the API key.
 *
 * Tokens are shared page-wide: every element that uses the same source (the same absolute `token-url`, or
 * the same `tokenProvider` function object) for the same model shares one request and one cached token
 * until it nears expiry, so twenty embeds of a model make one request, not twenty.
 *
 * Pure module: no lit, no element, no rendering. It uses `fetch`, `AbortController` and the clock.
 */
import { CodedError } from './coded-error.js';
import type { ModelErrorCode } from './errors.js';
import { decodeJwtPayload, expiryClaim, isExpired } from './jwt.js';
import type { TokenProvider, TokenProviderResult } from '../types.js';

export type { TokenProvider, TokenProviderResult };

export interface TokenRequest {
  modelId: string;
  /** The back-end endpoint (`model-viewer-embed/server`): `POST {"modelId"}` → `{"token", "expiresIn"?}`. */
  tokenUrl?: string;
  tokenProvider?: TokenProvider;
  /** Aborts this caller's wait; the shared request goes on while other callers still wait for it. */
  signal: AbortSignal;
  /** Skip the cached token (it just met a 401) and get a new one. */
  forceRefresh?: boolean;
}

export interface ObtainedToken {
  token: string;
  /**
   * When the token expires (ms epoch): from the source's `expiresIn`/`expiresAt`, else the JWT's `exp`;
   * `undefined` if unknown. The one expiry every later check uses.
   */
  expiresAt: number | undefined;
  /** The JWT's payload, decoded once here. */
  claims: Record<string, unknown>;
}

/**
 * Codes of {@link TokenSourceError}: the element's own codes (see `ModelErrorCode`) for what can go wrong
 * getting a token, plus `aborted`, which only the caller whose signal aborted sees:
 * - `token-endpoint-failed`: the endpoint or provider failed, answered an error status other than 401/403, or
 *   gave no usable token;
 * - `invalid-config`: neither or both of `tokenUrl`/`tokenProvider`, an unusable URL, or an empty model id;
 * - `unauthorized` / `forbidden`: the endpoint answered 401 (the page's user is not signed in to its back-end)
 *   or 403 (the back-end's `authorize` refused this model);
 * - `network`: the endpoint could not be reached (offline, DNS, CORS, connection reset).
 */
export type TokenSourceErrorCode =
  | Extract<
      ModelErrorCode,
      'token-endpoint-failed' | 'invalid-config' | 'unauthorized' | 'forbidden' | 'network'
    >
  | 'aborted';

/**
 * Why no token was obtained. The message is for people and never contains the response body (a back-end
 * error page can quote secrets) or a token.
 */
export class TokenSourceError extends CodedError<TokenSourceErrorCode> {
  override readonly name = 'TokenSourceError';
}

/**
 * A cached token is replaced this long before it expires, so that a load starting now does not meet the
 * expiry half-way (the SDK never checks `exp` and would fail with a bare 401).
 */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/**
 * How long a token without any known expiry is reused. bimU.io tokens live two hours; a custom back-end
 * that sends neither `exp` nor `expiresIn` gets a short reuse, and a 401 still forces a refresh.
 */
export const UNKNOWN_EXPIRY_REUSE_MS = 5 * 60_000;

interface Flight {
  promise: Promise<ObtainedToken>;
  controller: AbortController;
  waiters: number;
}

interface Entry {
  cached?: { token: ObtainedToken; reuseUntil: number };
  flight?: Flight;
}

type ModelEntries = Map<string, Entry>;

// Keyed by source identity: the resolved absolute URL string, or the provider function object itself (a
// WeakMap, so a provider that the page drops does not stay alive through this cache).
let urlSources = new Map<string, ModelEntries>();
let providerSources = new WeakMap<TokenProvider, ModelEntries>();

/** Forgets every cached token and detaches in-flight requests. For tests, and for a page after sign-out. */
export function clearTokenCache(): void {
  urlSources = new Map();
  providerSources = new WeakMap();
}

/**
 * Returns a token for `request.modelId` from the cache, from a request already in flight for the same
 * source and model, or from a new request.
 *
 * @throws {TokenSourceError}
 */
export async function obtainToken(request: TokenRequest): Promise<ObtainedToken> {
  const { modelId, signal, forceRefresh = false } = request;
  if (typeof modelId !== 'string' || modelId === '') {
    throw new TokenSourceError('invalid-config', 'A model id is needed to request a token.');
  }
  const source = resolveSource(request);
  if (signal.aborted) throw abortedError();

  const entries = entriesFor(source);
  let entry = entries.get(modelId);
  if (!entry) entries.set(modelId, (entry = {}));

  if (forceRefresh) {
    // The cached token just met a 401: nobody should be handed it again.
    entry.cached = undefined;
  } else if (entry.cached && Date.now() < entry.cached.reuseUntil) {
    return entry.cached.token;
  }

  // A request already in flight started after any cached token was obtained, so it also serves a forced
  // refresh.
  const flight = entry.flight ?? startFlight(entry, source, modelId, forceRefresh);
  return wait(entry, flight, signal);
}

type Source = { kind: 'url'; url: string } | { kind: 'provider'; provider: TokenProvider };

function resolveSource(request: TokenRequest): Source {
  const hasUrl = typeof request.tokenUrl === 'string' && request.tokenUrl.trim() !== '';
  const hasProvider = request.tokenProvider !== undefined && request.tokenProvider !== null;
  if (hasUrl === hasProvider) {
    throw new TokenSourceError(
      'invalid-config',
      hasUrl
        ? 'Use either a token URL or a token provider, not both.'
        : 'No token URL or token provider is set.',
    );
  }
  if (hasProvider) {
    if (typeof request.tokenProvider !== 'function') {
      throw new TokenSourceError(
        'invalid-config',
        'tokenProvider must be a function (modelId, { signal }) => Promise<token>.',
      );
    }
    return { kind: 'provider', provider: request.tokenProvider };
  }
  // Resolve like `fetch` would, so that "/api/token" and "https://site.test/api/token" share one cache entry.
  const base =
    (globalThis as { document?: { baseURI?: string } }).document?.baseURI ?? globalThis.location?.href;
  let url: URL;
  try {
    url = new URL(request.tokenUrl!.trim(), base);
  } catch {
    throw new TokenSourceError('invalid-config', 'token-url is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TokenSourceError('invalid-config', 'token-url must be an http(s) URL.');
  }
  url.hash = '';
  return { kind: 'url', url: url.href };
}

function entriesFor(source: Source): ModelEntries {
  if (source.kind === 'url') {
    let entries = urlSources.get(source.url);
    if (!entries) urlSources.set(source.url, (entries = new Map()));
    return entries;
  }
  let entries = providerSources.get(source.provider);
  if (!entries) providerSources.set(source.provider, (entries = new Map()));
  return entries;
}

function startFlight(entry: Entry, source: Source, modelId: string, forceRefresh: boolean): Flight {
  const controller = new AbortController();
  const flight: Flight = { controller, waiters: 0, promise: undefined as unknown as Promise<ObtainedToken> };
  const request = (refresh: boolean) =>
    source.kind === 'url'
      ? fromEndpoint(source.url, modelId, refresh, controller.signal)
      : fromProvider(source.provider, modelId, controller.signal);
  flight.promise = (async () => {
    let requestedAt = Date.now();
    let token = await request(forceRefresh);
    if (hasExpired(token)) {
      // A source can hand out a token that has already expired (a back-end cache trusting a skewed clock, a
      // provider's stale copy). The SDK would only meet a 401 with it, so ask once more before the load starts,
      // as after a 401 (`"refresh": true` for token-url), and give up if that token has expired too.
      requestedAt = Date.now();
      token = await request(true);
      if (hasExpired(token)) {
        throw new TokenSourceError(
          'token-endpoint-failed',
          'The token received has already expired, also when asked again.',
        );
      }
    }
    // Only the most recent flight for this entry may replace the cached token; one that every waiter
    // abandoned has already been detached.
    if (entry.flight === flight) cacheToken(entry, token, reuseUntil(token.expiresAt, requestedAt));
    return token;
  })();
  entry.flight = flight;
  // Detach when settled, success or failure alike: a failure is never cached and the next caller retries.
  const detach = () => {
    if (entry.flight === flight) entry.flight = undefined;
  };
  flight.promise.then(detach, detach);
  return flight;
}

/**
 * Caches `token` in `entry` until `until`, then forgets it: a token that is never handed out again must not
 * stay in the page's memory. The timer holds the entry only weakly, so that it does not keep alive an entry
 * whose provider the page dropped, or one that `clearTokenCache` detached.
 */
function cacheToken(entry: Entry, token: ObtainedToken, until: number): void {
  const cached = { token, reuseUntil: until };
  entry.cached = cached;
  const ref = new WeakRef(entry);
  // A token replaced meanwhile is not this timer's to remove; compared by expiry time, not by the token itself,
  // which the timer must not hold.
  const timer = setTimeout(
    () => {
      const current = ref.deref();
      if (current?.cached?.reuseUntil === until) current.cached = undefined;
    },
    // Clamped: browsers run a longer delay than 2^31 - 1 ms (24.8 days) at once. A longer-lived token is then
    // forgotten early, which costs one more request.
    Math.min(Math.max(0, until - Date.now()), 2 ** 31 - 1),
  );
  // Server-side rendering imports this module in Node, where a pending timer would keep the process alive.
  (timer as { unref?: () => void }).unref?.();
}

/**
 * Until when a token is handed out again: up to the margin before expiry, where the margin is capped at half
 * the token's lifetime so that short-lived tokens (a test platform's) are still shared.
 */
function reuseUntil(expiresAt: number | undefined, requestedAt: number): number {
  if (expiresAt === undefined) return requestedAt + UNKNOWN_EXPIRY_REUSE_MS;
  return expiresAt - Math.min(TOKEN_REFRESH_MARGIN_MS, Math.max(0, (expiresAt - requestedAt) / 2));
}

/** Waits for `flight` on behalf of one caller; when the last waiter aborts, the shared request is aborted. */
function wait(entry: Entry, flight: Flight, signal: AbortSignal): Promise<ObtainedToken> {
  flight.waiters += 1;
  return new Promise<ObtainedToken>((resolve, reject) => {
    const onAbort = () => {
      flight.waiters -= 1;
      if (flight.waiters === 0) {
        // Nobody wants this answer any more. Detach it first so that a caller arriving later starts afresh
        // instead of joining a request that is being aborted.
        if (entry.flight === flight) entry.flight = undefined;
        flight.controller.abort();
      }
      reject(abortedError());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    flight.promise.then(
      (token) => {
        signal.removeEventListener('abort', onAbort);
        resolve(token);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

async function fromEndpoint(
  url: string,
  modelId: string,
  forceRefresh: boolean,
  signal: AbortSignal,
): Promise<ObtainedToken> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      // Same-origin cookies let the back-end's `authorize` see who is asking.
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      // `refresh` asks `model-viewer-embed/server` to replace its cached token too, after a 401; other
      // back-ends ignore the field.
      body: JSON.stringify(forceRefresh ? { modelId, refresh: true } : { modelId }),
      signal,
      cache: 'no-store',
    });
  } catch {
    if (signal.aborted) throw abortedError();
    throw new TokenSourceError(
      'network',
      'The token endpoint could not be reached (network error, or blocked by CORS).',
    );
  }

  if (!response.ok) {
    // The body is not read: an error page can quote secrets, and it would not help the user anyway.
    void response.body?.cancel().catch(() => {});
    const { status } = response;
    if (status === 401) {
      throw new TokenSourceError(
        'unauthorized',
        'The token endpoint refused the request (HTTP 401): sign in to the page first.',
        401,
      );
    }
    if (status === 403) {
      throw new TokenSourceError(
        'forbidden',
        'The token endpoint refused access to this model (HTTP 403).',
        403,
      );
    }
    throw new TokenSourceError(
      'token-endpoint-failed',
      `The token endpoint answered HTTP ${status}.`,
      status,
    );
  }

  // A redirect to a sign-in page ends in a 200 HTML page; say so rather than only "not JSON".
  const redirected = response.redirected ? ' It redirected the request, perhaps to a sign-in page.' : '';
  const receivedAt = Date.now();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (signal.aborted) throw abortedError();
    throw new TokenSourceError(
      'token-endpoint-failed',
      `The token endpoint did not answer JSON.${redirected}`,
    );
  }
  const { token, expiresIn } = (typeof body === 'object' && body !== null ? body : {}) as {
    token?: unknown;
    expiresIn?: unknown;
  };
  // `expiresIn` is relative, so it is immune to a wrong clock on the visitor's machine; `exp` is not.
  const expiresAt =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0
      ? receivedAt + expiresIn * 1000
      : undefined;
  return checkedToken(token, expiresAt, `The token endpoint answered without a "token" string.${redirected}`);
}

async function fromProvider(
  provider: TokenProvider,
  modelId: string,
  signal: AbortSignal,
): Promise<ObtainedToken> {
  let result: TokenProviderResult;
  try {
    result = await provider(modelId, { signal });
  } catch (error) {
    if (signal.aborted) throw abortedError();
    if (error instanceof TokenSourceError) throw error;
    // The provider's own message is the page author's, and it is the most useful thing to show them;
    // it is not a response body we received.
    const reason = error instanceof Error && error.message ? `: ${error.message}` : '.';
    throw new TokenSourceError('token-endpoint-failed', `The tokenProvider failed${reason}`);
  }
  if (typeof result === 'string')
    return checkedToken(result, undefined, 'The tokenProvider returned no token.');
  if (typeof result !== 'object' || result === null) {
    return checkedToken(
      undefined,
      undefined,
      'The tokenProvider returned neither a token string nor { token }.',
    );
  }
  const { expiresAt } = result;
  const expiry =
    expiresAt instanceof Date ? expiresAt.getTime() : typeof expiresAt === 'number' ? expiresAt : undefined;
  return checkedToken(
    result.token,
    expiry !== undefined && Number.isFinite(expiry) ? expiry : undefined,
    'The tokenProvider returned no token.',
  );
}

/** Accepts only a JWT, decoding it once; the expiry falls back to the JWT's own `exp`. Expiry is checked by the caller. */
function checkedToken(token: unknown, expiresAt: number | undefined, missingMessage: string): ObtainedToken {
  if (typeof token !== 'string' || token === '')
    throw new TokenSourceError('token-endpoint-failed', missingMessage);
  // The SDK decodes the payload itself and throws on anything else, long after the cause is visible.
  const claims = decodeJwtPayload(token);
  if (!claims) throw new TokenSourceError('token-endpoint-failed', 'The token received is not a JWT.');
  return { token, expiresAt: expiresAt ?? expiryClaim(claims), claims };
}

function hasExpired(token: ObtainedToken): boolean {
  return isExpired(token.expiresAt);
}

function abortedError(): TokenSourceError {
  return new TokenSourceError('aborted', 'The token request was aborted.');
}
