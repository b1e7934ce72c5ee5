/// <reference types="node" />
/**
 * The cache on its own, keyed: what the token handler relies on today with one account key, and what a
 * cache of per-model tokens relies on with many keys.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTokenCache,
  TokenUnavailableError,
  type TokenCacheOptions,
} from '../../src/server/token-cache.js';
import type { AccountToken } from '../../src/server/upstream.js';
import { deferred, fakeClock } from './helpers.js';

const HOUR = 3600_000;

function cacheWith(
  fetchToken: (key: string) => Promise<AccountToken>,
  clock = fakeClock(),
  overrides: Partial<TokenCacheOptions<string>> = {},
) {
  const options: TokenCacheOptions<string> = {
    fetchToken,
    refreshMarginMs: 300_000,
    minRemainingMs: 30_000,
    minRefreshIntervalMs: 30_000,
    flightTimeoutMs: 10_000,
    initialBackoffMs: 5000,
    maxBackoffMs: 60_000,
    backsOff: (error) => error instanceof Error && error.message === 'refused',
    onBackgroundFailure: () => {},
    now: clock.now,
    ...overrides,
  };
  return { cache: createTokenCache(options), clock };
}

describe('createTokenCache', () => {
  it('keeps one token, one flight and one back-off per key', async () => {
    const clock = fakeClock();
    const gates = new Map([
      ['a', deferred()],
      ['b', deferred()],
    ]);
    const asked: string[] = [];
    const { cache } = cacheWith(async (key) => {
      const serial = asked.push(key);
      await gates.get(key)?.promise;
      if (key === 'refused') throw new Error('refused');
      return { token: `${key}-${serial}`, expiresAt: clock.now() + HOUR };
    }, clock);

    const a = [cache.get('a'), cache.get('a')];
    const b = cache.get('b');
    assert.deepEqual(asked, ['a', 'b'], 'one flight per key');
    gates.get('b')!.resolve();
    assert.equal((await b).token, 'b-2', "b does not wait for a's flight");
    gates.get('a')!.resolve();
    assert.deepEqual(
      (await Promise.all(a)).map((t) => t.token),
      ['a-1', 'a-1'],
    );
    assert.equal((await cache.get('a')).token, 'a-1', 'cached per key');

    await assert.rejects(cache.get('refused'), (error: unknown) => {
      assert.ok(error instanceof TokenUnavailableError);
      assert.equal(error.askedUpstream, true);
      assert.equal(error.retryAfterMs, 5000);
      return true;
    });
    await assert.rejects(cache.get('refused'), (error: unknown) => {
      assert.ok(error instanceof TokenUnavailableError);
      return error.askedUpstream === false;
    });
    assert.equal(asked.filter((key) => key === 'refused').length, 1);
    assert.equal((await cache.get('b')).token, 'b-2', "another key's back-off does not touch b");
  });

  it('serves a short-lived token in its refresh window too: minRemaining is capped at half the margin', async () => {
    const clock = fakeClock();
    let serial = 0;
    const refresh = deferred();
    const { cache } = cacheWith(
      async () => {
        serial += 1;
        if (serial > 1) await refresh.promise;
        return { token: `t${serial}`, expiresAt: clock.now() + 60_000 };
      },
      clock,
      // The held refresh must not count as overdue while the test moves the clock on.
      { flightTimeoutMs: 60_000 },
    );
    assert.equal((await cache.get('a')).token, 't1');
    // A one-minute token: the margin is capped at 30 s, and minRemaining (30 s) at half of that.
    clock.advance(31_000);
    assert.equal((await cache.get('a')).token, 't1', 'served while the refresh runs');
    assert.equal(serial, 2);
    clock.advance(13_000);
    assert.equal((await cache.get('a')).token, 't1', '16 s left: still served');
    clock.advance(2000);
    const waiting = cache.get('a');
    refresh.resolve();
    assert.equal((await waiting).token, 't2', '14 s left: callers wait for the refresh');
  });
});
