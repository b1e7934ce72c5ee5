/**
 * Caches one account token and shares one upstream request among concurrent callers.
 *
 * A page with twenty embeds asks the token endpoint twenty times at once, and a busy site asks it all day;
 * bimU.io should see one request per token lifetime, not one per viewer.
 */
import type { AccountToken } from './upstream.js';

/** A token as served from the cache. */
export interface CachedToken extends AccountToken {
  /** When it was obtained (ms epoch). */
  obtainedAt: number;
  /** From when on it is no longer handed out (ms epoch). */
  refreshAt: number;
}

export interface TokenCacheOptions {
  /** Fetches a fresh token; its rejection reaches the callers waiting for it and is not cached. */
  fetchToken: () => Promise<AccountToken>;
  /** How long before `exp` a token stops being handed out. */
  refreshMarginMs: number;
  /** The minimum age of a cached token before a caller's `forceRefresh` is honoured. */
  minRefreshIntervalMs: number;
  now: () => number;
}

export interface TokenCache {
  /**
   * A token that is not within the refresh margin of its expiry: the cached one, the one being fetched, or
   * a new one. `forceRefresh` replaces a cached token that is at least `minRefreshIntervalMs` old, so a
   * browser that met a 401 can get a new token, but a flood of such requests still reaches bimU.io at
   * most once per interval.
   */
  get(forceRefresh?: boolean): Promise<CachedToken>;
  /** Forgets the cached token (not an in-flight request). */
  clear(): void;
}

/** Creates an in-memory, single-flight cache for one account's token. */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  let cached: CachedToken | undefined;
  let inFlight: Promise<CachedToken> | undefined;

  const refresh = (): Promise<CachedToken> => {
    // Every caller that arrives while this request runs gets this same promise.
    inFlight ??= (async () => {
      try {
        const obtainedAt = options.now();
        const fresh = await options.fetchToken();
        const entry: CachedToken = {
          ...fresh,
          obtainedAt,
          refreshAt: refreshTime(fresh.expiresAt, obtainedAt),
        };
        cached = entry;
        return entry;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  // The margin is capped at half the token's lifetime: with short-lived tokens (a test platform issuing
  // one-minute tokens, a margin of five minutes) the full margin would mean never caching at all.
  // A token without `exp` is never reused, because nothing says how long it stays valid.
  const refreshTime = (expiresAt: number | undefined, obtainedAt: number): number =>
    expiresAt === undefined
      ? obtainedAt
      : expiresAt - Math.min(options.refreshMarginMs, Math.max(0, (expiresAt - obtainedAt) / 2));

  return {
    get(forceRefresh = false) {
      if (inFlight) return inFlight;
      const now = options.now();
      if (cached && now < cached.refreshAt) {
        const forcedAndOldEnough = forceRefresh && now - cached.obtainedAt >= options.minRefreshIntervalMs;
        if (!forcedAndOldEnough) return Promise.resolve(cached);
      }
      return refresh();
    },
    clear() {
      cached = undefined;
    },
  };
}
