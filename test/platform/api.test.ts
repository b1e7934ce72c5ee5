/**
 * The REST API at the HTTP level, through the platform's Fetch handler: every endpoint, every error status,
 * CORS, and the bad inputs of issue 2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { decodeJwt, jwtVerify } from 'jose';
import {
  createPlatform,
  DEMO_ACCOUNT,
  FAULT_MODEL_IDS,
  MODEL_IDS,
  PROTECTED_HOUSE_PASSWORD,
  SCOPE_MODEL_PASSWORDS,
  SCOPE_MODELS,
  type Platform,
  type PlatformOptions,
} from '../../demo/platform/index.js';
import { decodePart } from '../../demo/platform/part-encoder.js';

const ORIGIN = 'http://platform.test:4321';
const API = `${ORIGIN}/rest/api/v1`;
const SECRET = 'api-test-secret';

function platformWith(options: PlatformOptions = {}): Platform {
  return createPlatform({ testControls: true, signingSecret: SECRET, ...options });
}

async function call(platform: Platform, url: string, init: RequestInit = {}): Promise<Response> {
  const response = await platform.handle(new Request(url.startsWith('http') ? url : `${ORIGIN}${url}`, init));
  assert.ok(response, `no response for ${url}`);
  return response;
}

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`, 'latin1').toString('base64')}`,
});
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function tokenFor(platform: Platform, user: string, password: string): Promise<string> {
  const response = await call(platform, `${API}/token`, { method: 'POST', headers: basic(user, password) });
  assert.equal(response.status, 200);
  return ((await response.json()) as { token: string }).token;
}

const accountToken = (platform: Platform) =>
  tokenFor(platform, DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey);

async function minted(platform: Platform, body: Record<string, unknown>): Promise<string> {
  const response = await call(platform, '/__platform/token', { method: 'POST', body: JSON.stringify(body) });
  assert.equal(response.status, 200);
  return ((await response.json()) as { token: string }).token;
}

/** Asserts a JSON error with this status, CORS `*`, and no stack trace or request text in the body. */
async function expectError(response: Response, status: number, ...mustNotContain: string[]): Promise<string> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  const text = await response.text();
  const body = JSON.parse(text) as { error: unknown };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(typeof body.error, 'string');
  assert.doesNotMatch(text, /\n\s+at |node:internal|\.ts:\d+/);
  for (const fragment of mustNotContain)
    assert.ok(!text.includes(fragment), `response echoes ${fragment.slice(0, 30)}`);
  return body.error as string;
}

const blobUrl = (modelId: string, channelId: string = DEMO_ACCOUNT.channelId) =>
  `${API}/channels/${channelId}/models/${modelId}/blob`;

describe('POST /token', () => {
  it('trades accountName:apiKey for an account token of the demo channel, valid two hours', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
    assert.equal(payload.channelId, 'demo-channel');
    assert.equal(payload.sub, 'demo-account');
    assert.equal(payload.modelId, undefined);
    assert.equal(payload.exp! - payload.iat!, 7200);
    assert.ok(Math.abs(payload.iat! - Date.now() / 1000) < 5);
  });

  it('honours tokenLifetimeSeconds', async () => {
    const claims = decodeJwt(await accountToken(platformWith({ tokenLifetimeSeconds: 60 })));
    assert.equal(claims.exp! - claims.iat!, 60);
  });

  it('trades modelId:password for a model token of that model', async () => {
    const platform = platformWith();
    const claims = decodeJwt(await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD));
    assert.equal(claims.modelId, MODEL_IDS.protectedHouse);
    assert.equal(claims.channelId, 'demo-channel');
    assert.equal(claims.sub, MODEL_IDS.protectedHouse);
  });

  it('accepts an empty password for a model shared without one', async () => {
    const claims = decodeJwt(await tokenFor(platformWith(), MODEL_IDS.openPavilion, ''));
    assert.equal(claims.modelId, MODEL_IDS.openPavilion);
  });

  it('answers 401 to wrong credentials of every kind, the same way', async () => {
    const platform = platformWith();
    const cases: [string, string][] = [
      [DEMO_ACCOUNT.accountName, 'wrong-key'],
      [MODEL_IDS.protectedHouse, 'wrong'],
      [MODEL_IDS.protectedHouse, ''],
      [MODEL_IDS.privateAnnex, ''],
      [MODEL_IDS.privateAnnex, DEMO_ACCOUNT.apiKey],
      [MODEL_IDS.smallOffice, 'anything'],
      ['no-such-model', 'x'],
    ];
    const messages = new Set<string>();
    for (const [user, password] of cases) {
      const response = await call(platform, `${API}/token`, {
        method: 'POST',
        headers: basic(user, password),
      });
      messages.add(await expectError(response, 401, password || '\u0000'));
      assert.equal(response.headers.get('www-authenticate'), null, 'no browser login dialog');
    }
    assert.equal(messages.size, 1);
  });

  it('answers 401 without credentials and 400 to a malformed Authorization header', async () => {
    const platform = platformWith();
    await expectError(await call(platform, `${API}/token`, { method: 'POST' }), 401);
    for (const value of [
      'Bearer abc',
      'Basic',
      'Basic %%%',
      `Basic ${Buffer.from('nocolon').toString('base64')}`,
      `Basic ${'A'.repeat(10_000)}`,
    ]) {
      await expectError(
        await call(platform, `${API}/token`, { method: 'POST', headers: { Authorization: value } }),
        400,
      );
    }
  });

  it('answers 405 with Allow to other methods and 413 to a body over 16 kB', async () => {
    const platform = platformWith();
    const get = await call(platform, `${API}/token`);
    await expectError(get, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
    const big = await call(platform, `${API}/token`, {
      method: 'POST',
      headers: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey),
      body: 'x'.repeat(17 * 1024),
    });
    await expectError(big, 413);
  });

  it('rate-limits wrong passwords per model: 429 with Retry-After, even for the right password, until reset', async () => {
    const platform = platformWith();
    for (let i = 0; i < 5; i++) {
      await expectError(
        await call(platform, `${API}/token`, {
          method: 'POST',
          headers: basic(MODEL_IDS.protectedHouse, `guess-${i}`),
        }),
        401,
      );
    }
    const limited = await call(platform, `${API}/token`, {
      method: 'POST',
      headers: basic(MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD),
    });
    await expectError(limited, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `Retry-After ${retryAfter}`,
    );
    // Other models are not affected.
    await tokenFor(platform, MODEL_IDS.openPavilion, '');
    await call(platform, '/__platform/reset', { method: 'POST' });
    await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD);
  });

  it('lets a window of passwordRateLimit expire', async () => {
    const platform = platformWith({ passwordRateLimit: { maxFailures: 2, windowMs: 150 } });
    for (let i = 0; i < 2; i++) {
      await call(platform, `${API}/token`, {
        method: 'POST',
        headers: basic(MODEL_IDS.protectedHouse, 'bad'),
      });
    }
    await expectError(
      await call(platform, `${API}/token`, {
        method: 'POST',
        headers: basic(MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD),
      }),
      429,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD);
  });

  it('rate-limits wrong API keys of the account too', async () => {
    const platform = platformWith({ passwordRateLimit: { maxFailures: 1 } });
    await call(platform, `${API}/token`, { method: 'POST', headers: basic(DEMO_ACCOUNT.accountName, 'bad') });
    await expectError(
      await call(platform, `${API}/token`, {
        method: 'POST',
        headers: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey),
      }),
      429,
    );
  });
});

describe('GET /channels/{c}/models/{m}/blob', () => {
  it('returns absolute, signed part URLs on the request origin and the shift', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const response = await call(platform, blobUrl(MODEL_IDS.largeCampus), { headers: bearer(token) });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const body = (await response.json()) as { urls: string[]; shift: number[] };
    assert.equal(body.urls.length, 5);
    assert.deepEqual(body.shift, [0, 0, 0]);
    body.urls.forEach((url, i) => {
      assert.match(
        url,
        new RegExp(`^${ORIGIN}/rest/api/v1/parts/large-campus/${i}\\?expires=\\d+&sig=[\\w-]{43}$`),
      );
    });
    // Another origin, another set of URLs: nothing is tied to one host or port.
    const elsewhere = await call(
      platform,
      `http://127.0.0.1:9/rest/api/v1/channels/demo-channel/models/small-office/blob`,
      { headers: bearer(token) },
    );
    assert.match(
      ((await elsewhere.json()) as { urls: string[] }).urls[0]!,
      /^http:\/\/127\.0\.0\.1:9\/rest\/api\/v1\/parts\//,
    );
  });

  it('opens every catalog model with an account token', async () => {
    const platform = platformWith();
    await call(platform, '/__platform/faults', { method: 'POST', body: JSON.stringify({ latencyMs: 0 }) });
    const token = await accountToken(platform);
    for (const model of platform.catalog.models) {
      const response = await call(platform, blobUrl(model.id), { headers: bearer(token) });
      assert.equal(response.status, 200, model.id);
    }
  });

  it('opens a model with its own model token, and answers 403 for any other model', async () => {
    const platform = platformWith();
    const token = await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD);
    assert.equal(
      (await call(platform, blobUrl(MODEL_IDS.protectedHouse), { headers: bearer(token) })).status,
      200,
    );
    await expectError(await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(token) }), 403);
    await expectError(await call(platform, blobUrl(MODEL_IDS.privateAnnex), { headers: bearer(token) }), 403);
  });

  it('answers 401 without a token, to an expired one, a forged one and one from another key', async () => {
    const platform = platformWith();
    await expectError(await call(platform, blobUrl(MODEL_IDS.smallOffice)), 401);
    const expired = await minted(platform, { expiresIn: -60 });
    assert.equal(
      await expectError(
        await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(expired) }),
        401,
      ),
      'Token expired.',
    );
    const good = await accountToken(platform);
    const [h, , s] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ channelId: 'demo-channel', sub: 'x', iat: 1, exp: 9e9 })).toString('base64url')}.${s}`;
    await expectError(await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(forged) }), 401);
    const foreign = await accountToken(platformWith({ signingSecret: 'another' }));
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(foreign) }),
      401,
    );
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer('not.a.jwt') }),
      401,
    );
  });

  it('answers 400 to a malformed Authorization header', async () => {
    const platform = platformWith();
    for (const value of ['Basic abc', 'Bearer', 'Bearer a b', 'Token x']) {
      await expectError(
        await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: { Authorization: value } }),
        400,
      );
    }
  });

  it('answers 404 to an unknown model or channel, and 403 to a token of another channel', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    await expectError(await call(platform, blobUrl('no-such-model'), { headers: bearer(token) }), 404);
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice, 'other-channel'), { headers: bearer(token) }),
      404,
    );
    const otherChannel = await minted(platform, { channelId: 'other-channel' });
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(otherChannel) }),
      403,
    );
    const unknownModelToken = await minted(platform, { modelId: 'ghost' });
    await expectError(await call(platform, blobUrl('ghost'), { headers: bearer(unknownModelToken) }), 404);
  });

  it('issues tokens with the lifetime set through the faults control until reset', async () => {
    const platform = platformWith();
    const lifetime = async () => {
      const { exp, iat } = decodeJwt(
        await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD),
      );
      return exp! - iat!;
    };
    await call(platform, '/__platform/faults', {
      method: 'POST',
      body: JSON.stringify({ tokenLifetimeSeconds: 8 }),
    });
    assert.equal(await lifetime(), 8);
    assert.equal(
      decodeJwt(await accountToken(platform)).exp! - decodeJwt(await accountToken(platform)).iat!,
      8,
    );
    await call(platform, '/__platform/faults', {
      method: 'POST',
      body: JSON.stringify({ tokenLifetimeSeconds: null }),
    });
    assert.equal(await lifetime(), 7200);
    await call(platform, '/__platform/faults', {
      method: 'POST',
      body: JSON.stringify({ tokenLifetimeSeconds: 8 }),
    });
    await call(platform, '/__platform/reset', { method: 'POST' });
    assert.equal(await lifetime(), 7200);
  });

  it('answers 401 to a revoked token, and only to that one, until reset', async () => {
    const platform = platformWith();
    const revoked = await tokenFor(platform, MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD);
    const other = await accountToken(platform);
    const revoke = await call(platform, '/__platform/revoke', {
      method: 'POST',
      body: JSON.stringify({ token: revoked }),
    });
    assert.equal(revoke.status, 200);
    assert.equal(
      await expectError(
        await call(platform, blobUrl(MODEL_IDS.protectedHouse), { headers: bearer(revoked) }),
        401,
      ),
      'Token revoked.',
    );
    assert.equal(
      (await call(platform, blobUrl(MODEL_IDS.protectedHouse), { headers: bearer(other) })).status,
      200,
    );
    await expectError(
      await call(platform, '/__platform/revoke', { method: 'POST', body: JSON.stringify({ token: 7 }) }),
      400,
    );
    await call(platform, '/__platform/reset', { method: 'POST' });
    assert.equal(
      (await call(platform, blobUrl(MODEL_IDS.protectedHouse), { headers: bearer(revoked) })).status,
      200,
    );
  });

  it('serves the scope test models, each through the password flow with its own password', async () => {
    assert.equal(SCOPE_MODELS.length, 5);
    const platform = platformWith();
    for (const model of SCOPE_MODELS) {
      const password = SCOPE_MODEL_PASSWORDS[model.id as keyof typeof SCOPE_MODEL_PASSWORDS];
      const token = await tokenFor(platform, model.id, password);
      assert.equal(decodeJwt(token).modelId, model.id);
      assert.equal(
        (await call(platform, blobUrl(model.id), { headers: bearer(token) })).status,
        200,
        model.id,
      );
      if (password !== '') {
        await expectError(
          await call(platform, `${API}/token`, { method: 'POST', headers: basic(model.id, '') }),
          401,
        );
      }
    }
  });

  it('has no fault models unless test controls are on', async () => {
    const platform = createPlatform({ signingSecret: SECRET });
    const token = await accountToken(platform);
    await expectError(
      await call(platform, blobUrl(FAULT_MODEL_IDS.part404), { headers: bearer(token) }),
      404,
    );
    await expectError(
      await call(platform, `${API}/token`, { method: 'POST', headers: basic(FAULT_MODEL_IDS.token500, '') }),
      401,
    );
    assert.ok(platform.catalog.models.every((model) => model.fault === undefined));
    assert.ok(platform.catalog.models.every((model) => !model.id.startsWith('scope-')));
    assert.equal(await platform.handle(new Request(`${ORIGIN}/__platform/stats`)), undefined);
  });
});

describe('parts', () => {
  async function partUrls(platform: Platform, modelId: string): Promise<string[]> {
    const token = await accountToken(platform);
    const response = await call(platform, blobUrl(modelId), { headers: bearer(token) });
    return ((await response.json()) as { urls: string[] }).urls;
  }

  it('serves each part without auth, with Content-Length, CORS * and a decodable body', async () => {
    const platform = platformWith();
    const [url] = await partUrls(platform, MODEL_IDS.smallOffice);
    const response = await call(platform, url!);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(Number(response.headers.get('content-length')), bytes.byteLength);
    const part = decodePart(bytes);
    assert.equal(part.mesh.indices.length / 3, platform.getModel(MODEL_IDS.smallOffice)!.triangles);
  });

  it('answers HEAD like GET', async () => {
    const platform = platformWith();
    const [url] = await partUrls(platform, MODEL_IDS.openPavilion);
    const response = await call(platform, url!, { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(
      Number(response.headers.get('content-length')),
      platform.getModel(MODEL_IDS.openPavilion)!.parts[0]!.byteLength,
    );
  });

  it('answers 403 to a URL whose signature or expiry was changed or removed', async () => {
    const platform = platformWith();
    const [url] = await partUrls(platform, MODEL_IDS.smallOffice);
    const u = new URL(url!);
    const variants = [
      url!.replace(/sig=[\w-]{5}/, 'sig=AAAAA'),
      url!.replace(/expires=(\d+)/, (_, n: string) => `expires=${Number(n) + 3600}`),
      `${u.origin}${u.pathname}`,
      url!.replace('/parts/small-office/', '/parts/large-campus/'),
    ];
    for (const variant of variants) await expectError(await call(platform, variant), 403);
    await expectError(await call(platform, `${API}/parts/small-office/abc?expires=1&sig=x`), 404);
    await expectError(await call(platform, url!, { method: 'POST' }), 405);
  });

  it('streams throttled parts with Content-Length, at about the configured rate', async () => {
    const platform = platformWith({ partThrottleBytesPerSecond: 1_000_000 });
    const [url] = await partUrls(platform, MODEL_IDS.protectedHouse);
    const expected = platform.getModel(MODEL_IDS.protectedHouse)!.parts[0]!;
    const started = performance.now();
    const response = await call(platform, url!);
    assert.equal(Number(response.headers.get('content-length')), expected.byteLength);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const seconds = (performance.now() - started) / 1000;
    assert.deepEqual(bytes, expected);
    const minimum = expected.byteLength / 1_000_000 - 0.06;
    assert.ok(seconds >= minimum, `${expected.byteLength} bytes in ${seconds.toFixed(3)} s`);
  });

  it('stops a throttled stream when the client goes away', async () => {
    const platform = platformWith({ partThrottleBytesPerSecond: 20_000 });
    const [url] = await partUrls(platform, MODEL_IDS.protectedHouse);
    const abort = new AbortController();
    const response = await call(platform, url!, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    const started = performance.now();
    // After the abort the stream ends at its next tick instead of trickling out megabytes for minutes.
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) break;
    }
    assert.ok(performance.now() - started < 1000);
  });
});

describe('fault models', () => {
  async function blobOf(platform: Platform, modelId: string) {
    const token = await tokenFor(platform, modelId, '');
    return call(platform, blobUrl(modelId), { headers: bearer(token) });
  }

  it('fault-token-500 answers 500 on /token', async () => {
    const platform = platformWith();
    await expectError(
      await call(platform, `${API}/token`, { method: 'POST', headers: basic(FAULT_MODEL_IDS.token500, '') }),
      500,
    );
  });

  it('fault-token-latency waits latencyMs, and stops waiting when the client goes away', async () => {
    const platform = platformWith();
    await call(platform, '/__platform/faults', { method: 'POST', body: JSON.stringify({ latencyMs: 150 }) });
    let started = performance.now();
    await tokenFor(platform, FAULT_MODEL_IDS.tokenLatency, '');
    assert.ok(performance.now() - started >= 140);

    await call(platform, '/__platform/reset', { method: 'POST' });
    const abort = new AbortController();
    started = performance.now();
    const pending = call(platform, `${API}/token`, {
      method: 'POST',
      headers: basic(FAULT_MODEL_IDS.tokenLatency, ''),
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 50);
    const response = await pending;
    assert.ok(performance.now() - started < 1000, 'the 30 s default wait ended with the client');
    assert.ok(response.status >= 500);
  });

  it('fault-metadata-latency waits latencyMs on the blob metadata', async () => {
    const platform = platformWith();
    await call(platform, '/__platform/faults', { method: 'POST', body: JSON.stringify({ latencyMs: 150 }) });
    const token = await tokenFor(platform, FAULT_MODEL_IDS.metadataLatency, '');
    const started = performance.now();
    const response = await call(platform, blobUrl(FAULT_MODEL_IDS.metadataLatency), {
      headers: bearer(token),
    });
    assert.equal(response.status, 200);
    assert.ok(performance.now() - started >= 140);
  });

  it('fault-empty-urls lists no parts', async () => {
    const body = (await (await blobOf(platformWith(), FAULT_MODEL_IDS.emptyUrls)).json()) as {
      urls: string[];
    };
    assert.deepEqual(body.urls, []);
  });

  it('fault-part-404, fault-part-garbage and fault-part-no-length misbehave on the part URL', async () => {
    const platform = platformWith();
    const part = async (modelId: string) => {
      const { urls } = (await (await blobOf(platform, modelId)).json()) as { urls: string[] };
      assert.equal(urls.length, 1);
      return call(platform, urls[0]!);
    };
    await expectError(await part(FAULT_MODEL_IDS.part404), 404);

    const garbage = await part(FAULT_MODEL_IDS.partGarbage);
    assert.equal(garbage.status, 200);
    const garbageBytes = new Uint8Array(await garbage.arrayBuffer());
    assert.ok(garbageBytes.length > 0);
    assert.throws(() => decodePart(garbageBytes));

    const noLength = await part(FAULT_MODEL_IDS.partNoLength);
    assert.equal(noLength.status, 200);
    assert.equal(noLength.headers.get('content-length'), null);
    const streamed = new Uint8Array(await noLength.arrayBuffer());
    assert.deepEqual(streamed, platform.getModel(FAULT_MODEL_IDS.partNoLength)!.parts[0]);
    assert.doesNotThrow(() => decodePart(streamed));
  });
});

describe('data endpoints', () => {
  const base = `${API}/channels/demo-channel`;

  it('GET attachments/{m}: file properties', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const response = await call(platform, `${base}/attachments/${MODEL_IDS.smallOffice}`, {
      headers: bearer(token),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    const size = platform.getModel(MODEL_IDS.smallOffice)!.parts.reduce((s, p) => s + p.byteLength, 0);
    assert.deepEqual(body, {
      id: 'small-office',
      fn: 'small-office.ifc',
      sr: 'IFC',
      sz: size,
      u: '2024-05-20T14:02:00.000Z',
      c: '2024-03-04T09:15:00.000Z',
      ss: 1,
    });
    const unshared = await call(platform, `${base}/attachments/${MODEL_IDS.privateAnnex}`, {
      headers: bearer(token),
    });
    assert.equal(((await unshared.json()) as { ss: number }).ss, 0);
  });

  it('GET models/{m}: raw DEFLATE of {os, m}', async () => {
    const platform = platformWith();
    const response = await call(platform, `${base}/models/${MODEL_IDS.largeCampus}`, {
      headers: bearer(await accountToken(platform)),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/octet-stream');
    const body = JSON.parse(inflateRawSync(Buffer.from(await response.arrayBuffer())).toString()) as {
      os: string;
      m: { g: string; n: string; v: unknown }[];
    };
    assert.equal(typeof body.os, 'string');
    const triangles = body.m.find((p) => p.n === 'Triangles')?.v as number;
    assert.ok(triangles >= 200_000);
  });

  it('GET models/{m}/elements/{i}: raw DEFLATE of {eId, uId, p}; 404 past the end, 400 for a non-index', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const response = await call(platform, `${base}/models/${MODEL_IDS.smallOffice}/elements/3`, {
      headers: bearer(token),
    });
    assert.equal(response.status, 200);
    const body = JSON.parse(inflateRawSync(Buffer.from(await response.arrayBuffer())).toString()) as {
      eId: string;
      uId: string;
      p: { g: string; n: string; v: unknown }[];
    };
    const element = platform.getModel(MODEL_IDS.smallOffice)!.elements[3]!;
    assert.equal(body.eId, element.elementId);
    assert.equal(body.uId, element.uniqueId);
    const names = body.p.map((p) => `${p.g}:${p.n}`);
    for (const name of ['Element:Name', 'IFC:Type', 'Constraints:Level', 'Materials:Material'])
      assert.ok(names.includes(name), name);
    const count = platform.getModel(MODEL_IDS.smallOffice)!.elements.length;
    await expectError(
      await call(platform, `${base}/models/${MODEL_IDS.smallOffice}/elements/${count}`, {
        headers: bearer(token),
      }),
      404,
    );
    for (const index of ['abc', '-1', '1.5', '9'.repeat(12), '%3Cscript%3E']) {
      await expectError(
        await call(platform, `${base}/models/${MODEL_IDS.smallOffice}/elements/${index}`, {
          headers: bearer(token),
        }),
        400,
        '<script>',
      );
    }
  });

  it('POST models/{m}/query: newline-delimited JSON, [] for no rows', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const query = (sql: string) =>
      call(platform, `${base}/models/${MODEL_IDS.smallOffice}/query`, {
        method: 'POST',
        headers: { ...bearer(token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: sql }),
      });
    const response = await query(
      `SELECT "Element:Name" AS "Name" FROM ModelDatabase WHERE "IFC:Type" = 'IfcRoof' LIMIT 3`,
    );
    assert.equal(response.status, 200);
    const lines = (await response.text()).split('\n');
    assert.ok(lines.length >= 1 && lines.length <= 3);
    for (const line of lines) assert.match((JSON.parse(line) as { Name: string }).Name, /Roof/);
    const none = await query(`SELECT * FROM ModelDatabase WHERE "IFC:Type" = 'IfcDoor'`);
    assert.equal(await none.text(), '[]');
  });

  it('query: 400 for malformed JSON, a missing query and bad SQL; 413 over 1 MB either way; 408 past the time budget', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const post = (modelId: string, body: string, p: Platform = platform, t = token) =>
      call(p, `${base}/models/${modelId}/query`, {
        method: 'POST',
        headers: { ...bearer(t), 'Content-Type': 'application/json' },
        body,
      });
    await expectError(await post(MODEL_IDS.smallOffice, '{"query": '), 400);
    await expectError(await post(MODEL_IDS.smallOffice, '[]'), 400);
    await expectError(await post(MODEL_IDS.smallOffice, '{"query": 42}'), 400);
    await expectError(
      await post(MODEL_IDS.smallOffice, JSON.stringify({ query: 'DROP TABLE ModelDatabase <script>' })),
      400,
      '<script>',
    );
    await expectError(
      await post(MODEL_IDS.smallOffice, JSON.stringify({ query: 'x'.repeat(1024 * 1024 + 1) })),
      413,
    );
    await expectError(
      await post(MODEL_IDS.largeCampus, JSON.stringify({ query: 'SELECT * FROM ModelDatabase' })),
      413,
    );

    const slow = platformWith({ queryTimeoutMs: 0 });
    await expectError(
      await post(
        MODEL_IDS.smallOffice,
        JSON.stringify({ query: 'SELECT * FROM ModelDatabase' }),
        slow,
        await accountToken(slow),
      ),
      408,
    );
  });

  it('require a valid token like the blob metadata', async () => {
    const platform = platformWith();
    const modelToken = await tokenFor(platform, MODEL_IDS.openPavilion, '');
    for (const path of [
      `${base}/attachments/${MODEL_IDS.smallOffice}`,
      `${base}/models/${MODEL_IDS.smallOffice}`,
      `${base}/models/${MODEL_IDS.smallOffice}/elements/0`,
    ]) {
      await expectError(await call(platform, path), 401);
      await expectError(await call(platform, path, { headers: bearer(modelToken) }), 403);
    }
    await expectError(
      await call(platform, `${base}/models/${MODEL_IDS.smallOffice}/query`, { method: 'POST', body: '{}' }),
      401,
    );
  });
});

describe('CORS', () => {
  it('answers preflights of the authenticated endpoints', async () => {
    const platform = platformWith();
    for (const path of [
      `${API}/token`,
      blobUrl(MODEL_IDS.smallOffice),
      `${API}/channels/demo-channel/models/small-office/query`,
    ]) {
      const response = await call(platform, path, {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://elsewhere.test',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /Authorization/);
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
      assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    }
  });

  it('never allows credentials (tokens are headers, not cookies)', async () => {
    const response = await call(platformWith(), `${API}/token`, { method: 'OPTIONS' });
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });
});

describe('routing and bad input', () => {
  it('leaves non-platform paths to the caller', async () => {
    const platform = platformWith();
    for (const path of ['/', '/index.html', '/rest/api/v2/token', '/vendorx/a.js', '/rest/api/v1x']) {
      assert.equal(await platform.handle(new Request(`${ORIGIN}${path}`)), undefined, path);
    }
  });

  it('answers unknown API routes with a JSON 404 and wrong methods with 405 + Allow', async () => {
    const platform = platformWith();
    for (const path of [
      '/rest/api/v1',
      '/rest/api/v1/',
      '/rest/api/v1/nope',
      '/rest/api/v1/channels',
      '/rest/api/v1/channels/demo-channel/models/small-office/blob/extra',
      '/rest/api/v1//token',
    ]) {
      await expectError(await call(platform, path), 404);
    }
    const response = await call(platform, blobUrl(MODEL_IDS.smallOffice), { method: 'DELETE' });
    await expectError(response, 405);
    assert.equal(response.headers.get('allow'), 'GET, OPTIONS');
    await expectError(await call(platform, `${API}/channels/demo-channel/models/small-office/query`), 405);
  });

  it('answers hostile ids and channels with 4xx JSON that echoes none of them, and keeps serving', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    const hostile = [
      '../small-office',
      '..%2fsmall-office',
      '%2e%2e',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      "small-office'--",
      '%22quoted%22',
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '<script>alert(1)</script>',
      'a'.repeat(10_000),
      '%ZZ',
      '%00',
      'small office',
    ];
    for (const id of hostile) {
      for (const url of [
        `${API}/channels/demo-channel/models/${id}/blob`,
        `${API}/channels/${id}/models/small-office/blob`,
        `${API}/channels/demo-channel/attachments/${id}`,
        `${API}/channels/demo-channel/models/${id}/elements/0`,
        `${API}/parts/${id}/0?expires=1&sig=x`,
      ]) {
        let response: Response;
        try {
          response = await call(platform, url, { headers: bearer(token) });
        } catch {
          continue; // The URL parser itself refused it: nothing reached the platform.
        }
        assert.ok(
          response.status >= 400 && response.status < 500,
          `${response.status} for ${url.slice(0, 80)}`,
        );
        await expectError(response, response.status, '<script>', 'a'.repeat(200), 'passwd');
      }
    }
    const token2 = await tokenFor(platform, `<script>${'x'.repeat(10_000)}`, 'p').catch(() => undefined);
    assert.equal(token2, undefined);
    assert.equal(
      (await call(platform, blobUrl(MODEL_IDS.smallOffice), { headers: bearer(token) })).status,
      200,
      'still serving',
    );
  });

  it('answers odd headers with 4xx, not a crash', async () => {
    const platform = platformWith();
    const token = await accountToken(platform);
    await expectError(
      await call(platform, `${API}/token`, {
        method: 'POST',
        headers: { Authorization: 'Basic \u00e9\u00e9\u00e9\u00e9' },
      }),
      400,
    );
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice), {
        headers: { Authorization: `Bearer ${token}${'x'.repeat(5000)}` },
      }),
      400,
    );
    await expectError(
      await call(platform, blobUrl(MODEL_IDS.smallOffice), {
        headers: { Authorization: `Bearer ${'\u00e9'}` },
      }),
      400,
    );
  });
});
