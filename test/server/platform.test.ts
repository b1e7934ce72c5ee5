/// <reference types="node" />
/**
 * The token endpoint against the real local bimU.io platform (`demo/platform`), both in-process (its Fetch
 * handler as the upstream `fetch`) and over real HTTP on ephemeral ports. The platform's own counters tell
 * how many upstream `/token` requests the endpoint made.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createPlatform,
  DEMO_ACCOUNT,
  MODEL_IDS,
  type Platform,
  type PlatformOptions,
} from '../../demo/platform/index.js';
import { startPlatformServer, type PlatformServer } from '../../demo/platform/server.js';
import {
  createTokenHandler,
  type TokenHandlerOptions,
  type UpstreamTokenError,
} from '../../src/server/index.js';
import { assertNoSecret, fakeClock, PUBLIC_ACCOUNT_SCOPE, secretForms, tokenRequest } from './helpers.js';

const PLATFORM_ORIGIN = 'http://platform.test';
const DEMO_SECRETS = secretForms(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey);

/** A handler whose upstream is `platform`, reached in-process. */
function againstPlatform(platform: Platform, options: TokenHandlerOptions = {}) {
  const upstreamErrors: UpstreamTokenError[] = [];
  const handler = createTokenHandler({
    ...PUBLIC_ACCOUNT_SCOPE,
    accountName: DEMO_ACCOUNT.accountName,
    apiKey: DEMO_ACCOUNT.apiKey,
    baseUrl: `${PLATFORM_ORIGIN}/rest/api/v1`,
    fetch: async (input, init) =>
      (await platform.handle(new Request(input, init))) ?? new Response('not found', { status: 404 }),
    onUpstreamError: (error) => upstreamErrors.push(error),
    ...options,
  });
  return { handler, upstreamErrors };
}

function newPlatform(options: PlatformOptions = {}): Platform {
  return createPlatform({ testControls: true, ...options });
}

async function stats(platform: Platform): Promise<{ token: number; tokenUsers: string[] }> {
  const response = await platform.handle(new Request(`${PLATFORM_ORIGIN}/__platform/stats`));
  return (await response!.json()) as { token: number; tokenUsers: string[] };
}

/** Asks the platform for a model's blob metadata with `token`: 200 proves the token opens the model. */
async function blobStatus(platform: Platform, token: string, modelId: string): Promise<number> {
  const response = await platform.handle(
    new Request(`${PLATFORM_ORIGIN}/rest/api/v1/channels/${DEMO_ACCOUNT.channelId}/models/${modelId}/blob`, {
      headers: { Authorization: `Bearer ${token}` },
    }),
  );
  await response?.body?.cancel();
  return response!.status;
}

async function getToken(
  handler: (request: Request) => Promise<Response>,
  body: unknown = { modelId: MODEL_IDS.smallOffice },
) {
  const response = await handler(tokenRequest(body));
  const text = await response.text();
  assertNoSecret(text, DEMO_SECRETS);
  return {
    status: response.status,
    body: JSON.parse(text) as { token?: string; expiresIn?: number; error?: string },
  };
}

describe('token endpoint against the local platform (in-process)', () => {
  it('returns an account token that opens every model of the channel', async () => {
    const platform = newPlatform();
    const { handler } = againstPlatform(platform);
    const { status, body } = await getToken(handler);
    assert.equal(status, 200);
    assert.ok(body.expiresIn! > 7190 && body.expiresIn! <= 7200, `expiresIn ${body.expiresIn}`);
    assert.equal(await blobStatus(platform, body.token!, MODEL_IDS.smallOffice), 200);
    assert.equal(
      await blobStatus(platform, body.token!, MODEL_IDS.largeCampus),
      200,
      'the account token is not model-bound',
    );
    assert.deepEqual((await stats(platform)).tokenUsers, [DEMO_ACCOUNT.accountName]);
  });

  it('makes exactly one upstream request for 100 concurrent callers', async () => {
    const platform = newPlatform();
    const { handler } = againstPlatform(platform);
    const models = Object.values(MODEL_IDS);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => getToken(handler, { modelId: models[i % models.length] })),
    );
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(new Set(results.map((r) => r.body.token)).size, 1);
    assert.equal((await stats(platform)).token, 1);

    // And the cache serves later callers too.
    await getToken(handler);
    assert.equal((await stats(platform)).token, 1);
  });

  it('refreshes at exp - refreshMarginSeconds', async () => {
    const platform = newPlatform({ tokenLifetimeSeconds: 3600 });
    const clock = fakeClock(Date.now());
    const { handler } = againstPlatform(platform, { now: clock.now, refreshMarginSeconds: 300 });
    await getToken(handler);
    clock.advance((3600 - 300 - 2) * 1000);
    await getToken(handler);
    assert.equal((await stats(platform)).token, 1);
    clock.advance(3000);
    const refreshed = await getToken(handler);
    assert.equal(refreshed.status, 200);
    assert.equal((await stats(platform)).token, 2);
  });

  it('hands out a fresh token once a short-lived one nears expiry (margin capped at half its life)', async () => {
    // The handler's clock is a fake one started at the real time, so the test does not depend on how fast a
    // busy machine runs it (with a real 2 s token, a slow first request left `expiresIn` at 0). The platform
    // signs with the real clock: `exp` is up to `elapsed` seconds later than the handler thinks.
    const started = Date.now();
    const elapsed = () => Math.ceil((Date.now() - started) / 1000);
    const platform = newPlatform({ tokenLifetimeSeconds: 60 });
    const clock = fakeClock(started);
    const { handler } = againstPlatform(platform, { now: clock.now });
    const first = await getToken(handler);
    const expiresIn = first.body.expiresIn!;
    assert.ok(expiresIn >= 59 && expiresIn <= 60 + elapsed(), `expiresIn ${expiresIn}`);

    // The default margin (300 s) is longer than the token's life: it is capped at half of it, 30 s.
    clock.advance(25_000);
    assert.equal(
      (await getToken(handler)).body.token,
      first.body.token,
      'cached for the first half of its life',
    );
    assert.equal((await stats(platform)).token, 1);

    // Past what the cache may still hand out (half the margin, 15 s, left; at most `elapsed` more by the real
    // clock): the platform is asked for a new token.
    clock.advance(59_000 - 25_000 - elapsed() * 1000);
    // (Minted within the same second, the platform's new token can be byte for byte the first one: count.)
    const second = await getToken(handler);
    assert.equal((await stats(platform)).token, 2, 'a new token was asked for');
    assert.equal(await blobStatus(platform, second.body.token!, MODEL_IDS.smallOffice), 200);
  });

  it('replaces the cached token on "refresh": true once it is minRefreshIntervalSeconds old', async () => {
    const platform = newPlatform();
    const clock = fakeClock(Date.now());
    const { handler } = againstPlatform(platform, { now: clock.now, minRefreshIntervalSeconds: 30 });
    await getToken(handler);
    await getToken(handler, { modelId: MODEL_IDS.smallOffice, refresh: true });
    assert.equal((await stats(platform)).token, 1);
    clock.advance(30_000);
    await getToken(handler, { modelId: MODEL_IDS.smallOffice, refresh: true });
    assert.equal((await stats(platform)).token, 2);
  });

  it('answers 403 when authorize refuses, without asking the platform', async () => {
    const platform = newPlatform();
    const { handler } = againstPlatform(platform, {
      authorize: (_, modelId) => modelId !== MODEL_IDS.largeCampus,
    });
    assert.equal((await getToken(handler, { modelId: MODEL_IDS.largeCampus })).status, 403);
    assert.equal((await stats(platform)).token, 0);
    assert.equal((await getToken(handler, { modelId: MODEL_IDS.smallOffice })).status, 200);
  });

  it('answers every bad input without asking the platform', async () => {
    const platform = newPlatform();
    const { handler } = againstPlatform(platform);
    const cases: [Request, number][] = [
      [new Request('http://app.test/t'), 405],
      [new Request('http://app.test/t', { method: 'PUT', body: '{}' }), 405],
      [tokenRequest('{"modelId": "small-office"', {}), 400],
      [tokenRequest({ modelId: '../small-office' }), 400],
      [tokenRequest({ modelId: 'x'.repeat(129) }), 400],
      [
        new Request('http://app.test/t', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain' },
          body: '{"modelId":"small-office"}',
        }),
        400,
      ],
      [tokenRequest({ modelId: MODEL_IDS.smallOffice, pad: 'x'.repeat(5000) }), 413],
    ];
    for (const [request, status] of cases) {
      const response = await handler(request);
      assert.equal(response.status, status, `${request.method} ${status}`);
      assertNoSecret(await response.text(), DEMO_SECRETS);
    }
    assert.equal((await stats(platform)).token, 0);
  });

  it('answers 502 without leaking when the platform refuses the credentials', async () => {
    const platform = newPlatform();
    const { handler, upstreamErrors } = againstPlatform(platform, { apiKey: 'wrong-key' });
    const { status, body } = await getToken(handler);
    assert.equal(status, 502);
    assert.equal(body.error, 'upstream-failed');
    assert.equal(upstreamErrors[0]!.code, 'upstream-unauthorized');
    assert.equal(upstreamErrors[0]!.status, 401);
    assertNoSecret(upstreamErrors[0]!.message, ['wrong-key']);
  });
});

describe('token endpoint against the local platform over HTTP', () => {
  let platformServer: PlatformServer;
  let app: http.Server;
  let appUrl: string;
  before(async () => {
    platformServer = await startPlatformServer({ port: 0, testControls: true });
    // The page's own back-end: the handler's Node form, calling the platform with the global fetch.
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      env: { BIMU_ACCOUNT_NAME: DEMO_ACCOUNT.accountName, BIMU_API_KEY: DEMO_ACCOUNT.apiKey },
      baseUrl: platformServer.baseUrl,
    });
    app = http.createServer((req, res) => {
      if (req.url === '/api/bimu-token') return handler.node(req, res);
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  after(async () => {
    app.closeAllConnections();
    await new Promise((resolve) => app.close(resolve));
    await platformServer.close();
  });

  it('serves 100 concurrent browser-style requests with one platform request, and the token loads a model', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${appUrl}/api/bimu-token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
          body: JSON.stringify({ modelId: MODEL_IDS.smallOffice }),
        }),
      ),
    );
    const bodies = await Promise.all(
      responses.map(async (r) => ({
        status: r.status,
        cache: r.headers.get('cache-control'),
        text: await r.text(),
      })),
    );
    for (const body of bodies) {
      assert.equal(body.status, 200);
      assert.equal(body.cache, 'no-store');
      assertNoSecret(body.text, DEMO_SECRETS);
    }
    const tokens = new Set(bodies.map((b) => (JSON.parse(b.text) as { token: string }).token));
    assert.equal(tokens.size, 1);
    const platformStats = (await (await fetch(`${platformServer.url}/__platform/stats`)).json()) as {
      token: number;
    };
    assert.equal(platformStats.token, 1);

    const [token] = tokens;
    const blob = await fetch(
      `${platformServer.baseUrl}/channels/${DEMO_ACCOUNT.channelId}/models/${MODEL_IDS.smallOffice}/blob`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    assert.equal(blob.status, 200);
    assert.ok(((await blob.json()) as { urls: string[] }).urls.length > 0);
  });

  it('refuses a cross-site browser request', async () => {
    const response = await fetch(`${appUrl}/api/bimu-token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Sec-Fetch-Site': 'cross-site',
        Origin: 'https://evil.test',
      },
      body: JSON.stringify({ modelId: MODEL_IDS.smallOffice }),
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    await response.body?.cancel();
  });
});
