/** Credentials parsing, secret comparison, tokens, part URL signatures and the wrong-password limiter. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  MAX_AUTHORIZATION_LENGTH,
  parseBasic,
  parseBearer,
  secretsEqual,
} from '../../demo/platform/basic-auth.js';
import { TokenService } from '../../demo/platform/jwt.js';
import { PART_URL_LIFETIME_SECONDS, PartUrlSigner } from '../../demo/platform/part-urls.js';
import { FailureRateLimiter } from '../../demo/platform/rate-limit.js';

const basic = (text: string) => `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;

describe('parseBasic', () => {
  it('splits at the first colon, so passwords may contain colons', () => {
    const parsed = parseBasic(basic('protected-house:a:b:c'));
    assert.equal(parsed.kind, 'ok');
    if (parsed.kind !== 'ok') return;
    assert.equal(parsed.value.username, 'protected-house');
    assert.equal(Buffer.from(parsed.value.password).toString(), 'a:b:c');
  });

  it('accepts an empty password (models shared without one) and a case-insensitive scheme', () => {
    const parsed = parseBasic(`basic ${Buffer.from('open-pavilion:').toString('base64')}`);
    assert.equal(parsed.kind, 'ok');
    if (parsed.kind === 'ok') assert.equal(parsed.value.password.length, 0);
  });

  it('reads a missing or blank header as missing', () => {
    assert.equal(parseBasic(null).kind, 'missing');
    assert.equal(parseBasic('  ').kind, 'missing');
  });

  it('reads everything else as malformed', () => {
    for (const header of [
      'Bearer abc',
      'Basic',
      'Basic !!!!',
      'Basic abc', // not a multiple of 4
      basic('no-colon'),
      `Basic ${'A'.repeat(MAX_AUTHORIZATION_LENGTH)}`,
      'Basic dXNlcjpwYXNz extra',
    ]) {
      assert.equal(parseBasic(header).kind, 'malformed', header.slice(0, 40));
    }
  });
});

describe('parseBearer', () => {
  it('takes a token68 value', () => {
    assert.deepEqual(parseBearer('Bearer a.b.c'), { kind: 'ok', value: 'a.b.c' });
    assert.equal(parseBearer(null).kind, 'missing');
    for (const header of [
      'Basic a.b.c',
      'Bearer',
      'Bearer a b',
      'Bearer <script>',
      `Bearer ${'a'.repeat(5000)}`,
    ]) {
      assert.equal(parseBearer(header).kind, 'malformed', header.slice(0, 40));
    }
  });
});

describe('secretsEqual', () => {
  it('compares bytes and strings of any lengths', () => {
    assert.ok(secretsEqual('local-demo-password', 'local-demo-password'));
    assert.ok(secretsEqual(new TextEncoder().encode('x'), 'x'));
    assert.ok(!secretsEqual('local-demo-password', 'local-demo-passwor'));
    assert.ok(!secretsEqual('', 'a'));
    assert.ok(secretsEqual('', ''));
  });
});

describe('TokenService', () => {
  const secret = new TextEncoder().encode('unit-test-secret');
  const tokens = new TokenService(secret);

  it('issues HS256 JWTs with channelId, sub, iat, exp and, for model tokens, modelId', async () => {
    const jwt = await tokens.issue({
      channelId: 'demo-channel',
      sub: 'protected-house',
      modelId: 'protected-house',
      expiresIn: 7200,
    });
    assert.equal(decodeProtectedHeader(jwt).alg, 'HS256');
    const claims = decodeJwt(jwt);
    assert.equal(claims.channelId, 'demo-channel');
    assert.equal(claims.sub, 'protected-house');
    assert.equal(claims.modelId, 'protected-house');
    assert.equal(claims.exp! - claims.iat!, 7200);
    await jwtVerify(jwt, secret, { algorithms: ['HS256'] });
    const verified = await tokens.verify(jwt);
    assert.ok(verified.ok && verified.claims.modelId === 'protected-house');
  });

  it('leaves modelId out of account tokens', async () => {
    const claims = decodeJwt(
      await tokens.issue({ channelId: 'demo-channel', sub: 'demo-account', expiresIn: 60 }),
    );
    assert.equal('modelId' in claims, false);
  });

  it('rejects expired, tampered, foreign and unsigned tokens', async () => {
    const expired = await tokens.issue({ channelId: 'demo-channel', sub: 'demo-account', expiresIn: -10 });
    assert.deepEqual(await tokens.verify(expired), { ok: false, reason: 'expired' });

    const good = await tokens.issue({ channelId: 'demo-channel', sub: 'demo-account', expiresIn: 60 });
    const [header, payload, signature] = good.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...decodeJwt(good), modelId: 'x' })).toString(
      'base64url',
    );
    assert.equal((await tokens.verify(`${header}.${forgedPayload}.${signature}`)).ok, false);

    const foreign = await new TokenService(new TextEncoder().encode('other')).issue({
      channelId: 'demo-channel',
      sub: 'a',
      expiresIn: 60,
    });
    assert.equal((await tokens.verify(foreign)).ok, false);

    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    assert.equal((await tokens.verify(none)).ok, false);
    assert.equal((await tokens.verify('garbage')).ok, false);
  });
});

describe('PartUrlSigner', () => {
  const signer = new PartUrlSigner(new TextEncoder().encode('k'));
  const parse = (url: string) => {
    const u = new URL(url);
    return { expires: u.searchParams.get('expires'), sig: u.searchParams.get('sig'), path: u.pathname };
  };

  it('signs absolute URLs on the given origin that verify until they expire', () => {
    const now = Date.UTC(2024, 0, 1);
    const url = signer.sign('http://127.0.0.1:1234', 'small-office', 2, now);
    const { expires, sig, path } = parse(url);
    assert.ok(url.startsWith('http://127.0.0.1:1234/rest/api/v1/parts/small-office/2?'));
    assert.equal(path, '/rest/api/v1/parts/small-office/2');
    assert.ok(signer.verify('small-office', 2, expires, sig, now));
    assert.ok(
      !signer.verify('small-office', 2, expires, sig, now + (PART_URL_LIFETIME_SECONDS + 1) * 1000),
      'expired',
    );
  });

  it('binds model, index and expiry', () => {
    const now = Date.now();
    const { expires, sig } = parse(signer.sign('http://x', 'small-office', 0, now));
    assert.ok(!signer.verify('small-office', 1, expires, sig, now));
    assert.ok(!signer.verify('large-campus', 0, expires, sig, now));
    assert.ok(!signer.verify('small-office', 0, String(Number(expires) + 1000), sig, now));
    assert.ok(!signer.verify('small-office', 0, null, sig, now));
    assert.ok(!signer.verify('small-office', 0, expires, null, now));
    assert.ok(!signer.verify('small-office', 0, expires, 'short', now));
    assert.ok(
      !new PartUrlSigner(new TextEncoder().encode('other')).verify('small-office', 0, expires, sig, now),
    );
  });
});

describe('FailureRateLimiter', () => {
  it('refuses after maxFailures within the window, with a Retry-After until the oldest failure ages out', () => {
    let now = 1_000_000;
    const limiter = new FailureRateLimiter({ maxFailures: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 5; i++) {
      assert.equal(limiter.check('m').limited, false);
      limiter.recordFailure('m');
      now += 1000;
    }
    const decision = limiter.check('m');
    assert.ok(decision.limited);
    if (decision.limited) assert.equal(decision.retryAfterSeconds, 55);
    now += 55_000;
    assert.equal(limiter.check('m').limited, false, 'the first failure left the window');
  });

  it('keeps keys apart, and reset forgets one key or all', () => {
    const limiter = new FailureRateLimiter({ maxFailures: 1 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    assert.ok(limiter.check('a').limited && limiter.check('b').limited);
    limiter.reset('a');
    assert.ok(!limiter.check('a').limited && limiter.check('b').limited);
    limiter.reset();
    assert.ok(!limiter.check('b').limited);
  });

  it('is bounded in memory: at most maxFailures timestamps per key and maxKeys keys', () => {
    let now = 0;
    const limiter = new FailureRateLimiter({ maxFailures: 3, windowMs: 1000, maxKeys: 10, now: () => now });
    for (let i = 0; i < 1000; i++) limiter.recordFailure(`key-${i}`);
    assert.equal(limiter.size, 10);
    for (let i = 0; i < 1000; i++) limiter.recordFailure('hot');
    assert.ok(limiter.check('hot').limited);
    now += 1001;
    assert.ok(!limiter.check('hot').limited);
    assert.ok(limiter.size <= 10);
  });
});
