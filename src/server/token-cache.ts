/**
 * Caches tokens per key and shares one upstream request per key among concurrent callers, and keeps a
 * failing upstream from being asked by every caller.
 *
 * A page with twenty embeds asks the token endpoint twenty times at once, and a busy site asks it all day;
 * bimU.io should see one request per token lifetime, not one per viewer. The key says which token: today the
 * handler caches one account token under one key; a cache of per-model tokens uses the model id.
 */
import type { AccountToken } from './upstream.js';

/** A token as served from the cache. */
export interface CachedToken extends AccountToken {
  /** When it was obtained (ms epoch). */
  obtainedAt: number;
  /** From when on it is refreshed (ms epoch); until `expiresAt - minRemainingMs` it is still served meanwhile. */
  refreshAt: number;
}

/**
 * Why {@link TokenCache.get} has no token to give. `askedUpstream` tells a caller that waited on an upstream
 * request that failed (`cause` is that failure) from one answered without asking, because the cache is
 * backing off after a failure or the upstream request it would join is already overdue.
 */
export class TokenUnavailableError extends Error {
  override readonly name = 'TokenUnavailableError';
  readonly askedUpstream: boolean;
  /** The upstream failure: this caller's, or the one the cache is backing off from. */
  override readonly cause: unknown;
  /** How long the cache will not ask upstream for this key (ms); `undefined` when the next caller may. */
  readonly retryAfterMs: number | undefined;

  constructor(askedUpstream: boolean, cause: unknown, retryAfterMs: number | undefined) {
    super(askedUpstream ? 'The upstream token request failed.' : 'Not asking upstream for now.');
    this.askedUpstream = askedUpstream;
    this.cause = cause;
    this.retryAfterMs = retryAfterMs;
  }
}

/** What the cache tells about a failed background refresh; the callers got the still-valid token. */
export interface BackgroundFailure<Key> {
  key: Key;
  error: unknown;
  /** The earliest time from now the cache asks upstream again for this key (ms). */
  retryAfterMs: number;
  /** How long the token still being served stays valid (ms). */
  tokenValidForMs: number;
}

export interface TokenCacheOptions<Key> {
  /** Fetches a fresh token for `key`; its rejection reaches the callers waiting for it. */
  fetchToken: (key: Key) => Promise<AccountToken>;
  /** How long before `exp` a token is refreshed (capped at half its lifetime). */
  refreshMarginMs: number;
  /**
   * Within the refresh margin a token is still handed out, while a refresh runs in the background, as long as
   * at least this much of its life is left (capped at half the margin).
   */
  minRemainingMs: number;
  /** The minimum age of a cached token before a caller's `forceRefresh` is honoured. */
  minRefreshIntervalMs: number;
  /** An upstream request is overdue after this long: callers that would join it are refused at once. */
  flightTimeoutMs: number;
  /** The pause after the first failure; it doubles with each further consecutive failure… */
  initialBackoffMs: number;
  /** …up to this. */
  maxBackoffMs: number;
  /**
   * Failures that callers without a token do not retry until the back-off has passed: asking again at once
   * would only repeat them (a refused key) or make each caller wait as long again (a hanging upstream). Other
   * failures are retried by the next caller that has no token; all failures pause background refreshes.
   */
  backsOff: (error: unknown) => boolean;
  /** Told of each failed background refresh (none of its callers saw it). */
  onBackgroundFailure: (failure: BackgroundFailure<Key>) => void;
  now: () => number;
}

export interface TokenCache<Key> {
  /**
   * A token for `key` with at least `minRemainingMs` of life left: the cached one (refreshed in the background
   * once within the refresh margin), the one being fetched, or a new one. `forceRefresh` replaces a cached
   * token that is at least `minRefreshIntervalMs` old, so a browser that met a 401 can get a new token, but a
   * flood of such requests still reaches upstream at most once per interval.
   *
   * @throws {TokenUnavailableError}
   */
  get(key: Key, forceRefresh?: boolean): Promise<CachedToken>;
  /** Forgets every cached token and failure (not the requests in flight). */
  clear(): void;
}

interface Flight {
  promise: Promise<CachedToken>;
  deadline: number;
}

interface Failure {
  error: unknown;
  /** Consecutive failures, for the back-off's growth. */
  count: number;
  retryAt: number;
  backsOff: boolean;
}

interface Entry {
  token?: CachedToken;
  flight?: Flight;
  failure?: Failure;
}

/** Creates an in-memory cache of tokens by key, with one upstream request in flight per key. */
export function createTokenCache<Key>(options: TokenCacheOptions<Key>): TokenCache<Key> {
  const entries = new Map<Key, Entry>();

  const entryFor = (key: Key): Entry => {
    let entry = entries.get(key);
    if (!entry) entries.set(key, (entry = {}));
    return entry;
  };

  const backoffMs = (count: number): number =>
    Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** Math.min(count - 1, 30));

  const startFlight = (key: Key, entry: Entry): Flight => {
    const startedAt = options.now();
    const flight = { deadline: startedAt + options.flightTimeoutMs } as Flight;
    // Registered before `fetchToken` runs: one that throws synchronously settles (and unregisters) at once.
    entry.flight = flight;
    flight.promise = (async () => {
      try {
        const fresh = await options.fetchToken(key);
        const token: CachedToken = {
          ...fresh,
          obtainedAt: startedAt,
          refreshAt: refreshTime(fresh.expiresAt, startedAt),
        };
        entry.token = token;
        entry.failure = undefined;
        return token;
      } catch (error) {
        const count = (entry.failure?.count ?? 0) + 1;
        const retryAfterMs = backoffMs(count);
        entry.failure = {
          error,
          count,
          retryAt: options.now() + retryAfterMs,
          backsOff: options.backsOff(error),
        };
        throw new TokenUnavailableError(true, error, entry.failure.backsOff ? retryAfterMs : undefined);
      } finally {
        if (entry.flight === flight) entry.flight = undefined;
      }
    })();
    return flight;
  };

  // The margin is capped at half the token's lifetime: with short-lived tokens (a test platform issuing
  // one-minute tokens, a margin of five minutes) the full margin would mean never caching at all.
  // A token without `exp` is never reused, because nothing says how long it stays valid.
  const refreshTime = (expiresAt: number | undefined, obtainedAt: number): number =>
    expiresAt === undefined
      ? obtainedAt
      : expiresAt - Math.min(options.refreshMarginMs, Math.max(0, (expiresAt - obtainedAt) / 2));

  /** Until when a token in its refresh margin is still handed out. */
  // Capped at half the margin, so that short-lived tokens, whose margin is short too, still have a window in
  // which they are served while the refresh runs.
  const servableUntil = (token: CachedToken): number =>
    token.expiresAt === undefined
      ? token.refreshAt
      : token.expiresAt - Math.min(options.minRemainingMs, (token.expiresAt - token.refreshAt) / 2);

  const refreshInBackground = (key: Key, entry: Entry, token: CachedToken) => {
    startFlight(key, entry).promise.catch((error: TokenUnavailableError) => {
      const failure = entry.failure;
      options.onBackgroundFailure({
        key,
        error: error.cause,
        retryAfterMs: failure ? Math.max(0, failure.retryAt - options.now()) : 0,
        tokenValidForMs: Math.max(0, servableUntil(token) - options.now()),
      });
    });
  };

  return {
    async get(key, forceRefresh = false) {
      const entry = entryFor(key);
      const now = options.now();
      const token = entry.token;
      const mayAskUpstream = !entry.failure || now >= entry.failure.retryAt;

      if (token && now < servableUntil(token)) {
        const fresh = now < token.refreshAt;
        const forced = forceRefresh && now - token.obtainedAt >= options.minRefreshIntervalMs;
        if (fresh && !forced) return token;
        if (entry.flight) {
          // Stale-while-revalidate: callers keep the valid token while the one refresh runs.
          if (!forced) return token;
        } else if (!mayAskUpstream) {
          // Backing off after a failure; the token is still good, so nobody needs to wait for upstream.
          return token;
        } else if (!forced) {
          refreshInBackground(key, entry, token);
          return token;
        }
      }

      if (entry.flight) {
        if (now < entry.flight.deadline) return entry.flight.promise;
        // The request has used up its timeout (its timer is late on a busy event loop, or the clock jumped):
        // joining it could only mean waiting for its failure.
        throw new TokenUnavailableError(false, undefined, options.initialBackoffMs);
      }
      if (entry.failure?.backsOff && !mayAskUpstream) {
        throw new TokenUnavailableError(false, entry.failure.error, entry.failure.retryAt - now);
      }
      return startFlight(key, entry).promise;
    },
    clear() {
      entries.clear();
    },
  };
}
