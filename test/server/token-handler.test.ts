/// <reference types="node" />
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  createTokenHandler,
  TokenHandlerConfigError,
  UpstreamTokenError,
  isValidModelId,
} from '../../src/server/index.js';
import type { TokenHandlerOptions } from '../../src/server/index.js';
import {
  ACCOUNT,
  API_KEY,
  accountJwt,
  assertNoSecret,
  deferred,
  fakeClock,
  fakeUpstream,
  makeJwt,
  tokenRequest,
  type UpstreamScript,
  PUBLIC_ACCOUNT_SCOPE,
  waitUntil,
} from './helpers.js';

const BASE_URL = 'https://bimu.test/rest/api/v1';

/** A handler against a fake upstream; upstream errors are collected instead of logged. */
function setup(script: UpstreamScript, options: TokenHandlerOptions = {}) {
  const clock = fakeClock();
  const upstream = fakeUpstream(script);
  const upstreamErrors: UpstreamTokenError[] = [];
  const handler = createTokenHandler({
    ...PUBLIC_ACCOUNT_SCOPE,
    accountName: ACCOUNT,
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    fetch: upstream.fetch,
    now: clock.now,
    onUpstreamError: (error) => upstreamErrors.push(error),
    ...options,
  });
  return { handler, clock, upstream, upstreamErrors };
}

/** Sends a request and returns status, headers and parsed body, checking that no secret is in any of them. */
async function send(handler: (request: Request) => Promise<Response>, request: Request) {
  const response = await handler(request);
  const text = await response.text();
  const headerText = JSON.stringify([...response.headers]);
  assertNoSecret(text);
  assertNoSecret(headerText);
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const validToken =
  (clock: { now(): number }, lifetimeSeconds = 7200) =>
  () =>
    Response.json({ token: accountJwt(clock.now(), lifetimeSeconds) });

describe('createTokenHandler: configuration', () => {
  it('throws a clear error naming both variables when the credentials are missing', () => {
    assert.throws(
      () => createTokenHandler({ ...PUBLIC_ACCOUNT_SCOPE, env: {} }),
      (error: unknown) =>
        error instanceof TokenHandlerConfigError &&
        error.code === 'missing-credentials' &&
        error.message.includes('BIMU_ACCOUNT_NAME') &&
        error.message.includes('BIMU_API_KEY'),
    );
  });

  it('names only the missing variable and never echoes the one that is set', () => {
    assert.throws(
      () => createTokenHandler({ ...PUBLIC_ACCOUNT_SCOPE, env: { BIMU_API_KEY: API_KEY } }),
      (error: unknown) => {
        assert.ok(error instanceof TokenHandlerConfigError);
        assert.match(error.message, /BIMU_ACCOUNT_NAME/);
        assert.doesNotMatch(error.message, /BIMU_API_KEY/);
        assertNoSecret(error.message);
        assertNoSecret(String(error.stack));
        return true;
      },
    );
    assert.throws(
      () =>
        createTokenHandler({
          ...PUBLIC_ACCOUNT_SCOPE,
          env: { BIMU_ACCOUNT_NAME: ACCOUNT, BIMU_API_KEY: '  \n' },
        }),
      /BIMU_API_KEY/,
    );
  });

  it('reads BIMU_ACCOUNT_NAME and BIMU_API_KEY from process.env by default', async () => {
    const saved = { account: process.env.BIMU_ACCOUNT_NAME, key: process.env.BIMU_API_KEY };
    process.env.BIMU_ACCOUNT_NAME = ACCOUNT;
    process.env.BIMU_API_KEY = `${API_KEY}\n`;
    try {
      const clock = fakeClock();
      const upstream = fakeUpstream(validToken(clock));
      const handler = createTokenHandler({
        ...PUBLIC_ACCOUNT_SCOPE,
        baseUrl: BASE_URL,
        fetch: upstream.fetch,
        now: clock.now,
      });
      const { status } = await send(handler, tokenRequest({ modelId: 'm1' }));
      assert.equal(status, 200);
      // The trailing newline of the variable is not part of the credential.
      assert.equal(
        upstream.calls[0]!.authorization,
        `Basic ${Buffer.from(`${ACCOUNT}:${API_KEY}`).toString('base64')}`,
      );
    } finally {
      if (saved.account === undefined) delete process.env.BIMU_ACCOUNT_NAME;
      else process.env.BIMU_ACCOUNT_NAME = saved.account;
      if (saved.key === undefined) delete process.env.BIMU_API_KEY;
      else process.env.BIMU_API_KEY = saved.key;
    }
  });

  it('prefers explicit options over the environment', async () => {
    const clock = fakeClock();
    const upstream = fakeUpstream(validToken(clock));
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      env: { BIMU_ACCOUNT_NAME: 'env-account', BIMU_API_KEY: 'env-key' },
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      fetch: upstream.fetch,
      now: clock.now,
    });
    await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(
      Buffer.from(upstream.calls[0]!.authorization!.slice(6), 'base64').toString(),
      `${ACCOUNT}:${API_KEY}`,
    );
  });

  it('reads the base URL from BIMU_BASE_URL when the option is absent', async () => {
    const clock = fakeClock();
    const upstream = fakeUpstream(validToken(clock));
    const env = {
      BIMU_ACCOUNT_NAME: ACCOUNT,
      BIMU_API_KEY: API_KEY,
      BIMU_BASE_URL: 'http://127.0.0.1:8787/rest/api/v1/',
    };
    await send(
      createTokenHandler({ ...PUBLIC_ACCOUNT_SCOPE, env, fetch: upstream.fetch, now: clock.now }),
      tokenRequest({ modelId: 'm1' }),
    );
    await send(
      createTokenHandler({
        ...PUBLIC_ACCOUNT_SCOPE,
        env,
        baseUrl: BASE_URL,
        fetch: upstream.fetch,
        now: clock.now,
      }),
      tokenRequest({ modelId: 'm1' }),
    );
    assert.deepEqual(
      upstream.calls.map((c) => c.url),
      ['http://127.0.0.1:8787/rest/api/v1/token', `${BASE_URL}/token`],
    );
  });

  it('refuses invalid options without echoing credentials', () => {
    const base = { ...PUBLIC_ACCOUNT_SCOPE, accountName: ACCOUNT, apiKey: API_KEY };
    const cases: TokenHandlerOptions[] = [
      { ...base, accountName: 'a:b' },
      { ...base, baseUrl: 'not a url' },
      { ...base, baseUrl: 'ftp://bimu.test/api' },
      { ...base, baseUrl: 'https://user:pw@bimu.test/api' },
      { ...base, baseUrl: 'https://bimu.test/api?x=1' },
      { ...base, refreshMarginSeconds: -1 },
      { ...base, maxBodyBytes: Number.NaN },
      { ...base, allowedOrigins: ['https://app.test/path'] },
      { ...base, allowedOrigins: ['*'] },
    ];
    for (const options of cases) {
      assert.throws(
        () => createTokenHandler(options),
        (error: unknown) => {
          assert.ok(error instanceof TokenHandlerConfigError, String(error));
          assert.equal(error.code, 'invalid-option');
          assertNoSecret(error.message);
          return true;
        },
      );
    }
  });

  it('keeps the key out of the handler: toString, JSON, inspect, own properties', () => {
    const { handler } = setup(() => Response.json({}));
    const views = [
      String(handler),
      String(JSON.stringify(handler)),
      JSON.stringify(Object.entries(handler)),
      inspect(handler, { showHidden: true, depth: Infinity, getters: true }),
      String(handler.node),
      inspect(handler.node, { showHidden: true, depth: Infinity }),
    ];
    for (const view of views) assertNoSecret(view);
  });
});

describe('createTokenHandler: the upstream request', () => {
  it('POSTs {baseUrl}/token with Basic accountName:apiKey and an empty body', async () => {
    const script = fakeUpstream(() => Response.json({ token: accountJwt(Date.now()) }));
    const h = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: `${BASE_URL}/`,
      fetch: script.fetch,
    });
    const { status } = await send(h, tokenRequest({ modelId: 'model-1' }));
    assert.equal(status, 200);
    assert.equal(script.calls.length, 1);
    const call = script.calls[0]!;
    assert.equal(call.method, 'POST');
    assert.equal(call.url, `${BASE_URL}/token`);
    assert.equal(call.bodyLength, 0);
    // Not the vendor example's `account':'key`.
    assert.equal(
      Buffer.from(call.authorization!.replace(/^Basic /, ''), 'base64').toString('utf8'),
      `${ACCOUNT}:${API_KEY}`,
    );
  });

  it('encodes non-Latin-1 credentials as UTF-8 and keeps colons in the key', async () => {
    const upstream = fakeUpstream(() => Response.json({ token: accountJwt(Date.now()) }));
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: 'Zoë-büro',
      apiKey: 'ключ:with:colons',
      baseUrl: BASE_URL,
      fetch: upstream.fetch,
    });
    await send(handler, tokenRequest({ modelId: 'm' }));
    const decoded = Buffer.from(upstream.calls[0]!.authorization!.replace(/^Basic /, ''), 'base64').toString(
      'utf8',
    );
    assert.equal(decoded, 'Zoë-büro:ключ:with:colons');
  });
});

describe('createTokenHandler: answers', () => {
  it('answers 200 {token, expiresIn} with Cache-Control: no-store', async () => {
    const { handler, clock } = setup(() => Response.json({ token: accountJwt(clock.now(), 7200) }));
    const response = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(response.headers.get('content-type')!, /^application\/json/);
    assert.equal(typeof response.body.token, 'string');
    assert.equal(response.body.expiresIn, 7200);
    assert.deepEqual(Object.keys(response.body).sort(), ['expiresIn', 'token']);
  });

  it('reports the seconds left, not the lifetime, for a cached token', async () => {
    const { handler, clock } = setup(() => Response.json({ token: accountJwt(clock.now(), 7200) }));
    await send(handler, tokenRequest({ modelId: 'm1' }));
    clock.advance(1000 * 1000);
    const later = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(later.body.expiresIn, 6200);
  });

  it('omits expiresIn and does not cache a token without exp', async () => {
    const { handler, upstream } = setup(() => Response.json({ token: makeJwt({ channelId: 'c' }) }));
    const first = await send(handler, tokenRequest({ modelId: 'm1' }));
    await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(first.status, 200);
    assert.equal('expiresIn' in first.body, false);
    assert.equal(upstream.calls.length, 2);
  });
});

describe('createTokenHandler: caching and single flight', () => {
  it('reuses the account token for every model and caller until the refresh margin', async () => {
    const { handler, clock, upstream } = setup(() => Response.json({ token: accountJwt(clock0, 7200) }), {
      refreshMarginSeconds: 300,
    });
    const clock0 = clock.now();
    const a = await send(handler, tokenRequest({ modelId: 'm1' }));
    const b = await send(handler, tokenRequest({ modelId: 'm2' }));
    assert.equal(a.body.token, b.body.token);
    assert.equal(upstream.calls.length, 1);

    clock.advance((7200 - 300) * 1000 - 1);
    const c = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(c.body.token, a.body.token);
    assert.equal(upstream.calls.length, 1, 'still cached one millisecond before the margin');

    clock.advance(1);
    await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(upstream.calls.length, 2, 'refreshed at exp - refreshMarginSeconds');
  });

  it('caps the margin at half the lifetime, so short-lived tokens are still cached', async () => {
    const { handler, clock, upstream } = setup(() => Response.json({ token: accountJwt(clock.now(), 60) }), {
      refreshMarginSeconds: 300,
    });
    const first = await send(handler, tokenRequest({ modelId: 'm1' }));
    clock.advance(29_999);
    const second = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(second.body.token, first.body.token);
    assert.equal(second.body.expiresIn, 30);
    assert.equal(upstream.calls.length, 1);
    clock.advance(1);
    // At half the lifetime the refresh starts; this caller still gets the valid token meanwhile.
    const third = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(third.body.token, first.body.token);
    assert.equal(upstream.calls.length, 2);
    await waitUntil(
      async () => (await send(handler, tokenRequest({ modelId: 'm1' }))).body.token !== first.body.token,
    );
    assert.equal(upstream.calls.length, 2);
  });

  it('shares one upstream request among 100 concurrent callers', async () => {
    const gate = deferred();
    const { handler, clock, upstream } = setup(async () => {
      await gate.promise;
      return Response.json({ token: accountJwt(clock.now()) });
    });
    const pending = Array.from({ length: 100 }, (_, i) =>
      send(handler, tokenRequest({ modelId: `model-${i % 7}` })),
    );
    // Let every request pass validation and queue on the single flight before upstream answers.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(upstream.calls.length, 1);
    gate.resolve();
    const responses = await Promise.all(pending);
    assert.equal(upstream.calls.length, 1);
    assert.ok(responses.every((r) => r.status === 200));
    assert.equal(new Set(responses.map((r) => r.body.token)).size, 1);
  });

  it('does not cache a failure: concurrent callers share it, the next caller retries', async () => {
    const gate = deferred();
    const { handler, clock, upstream, upstreamErrors } = setup(async (_, index) => {
      if (index === 0) {
        await gate.promise;
        return new Response('boom', { status: 500 });
      }
      return Response.json({ token: accountJwt(clock.now()) });
    });
    const pending = Array.from({ length: 10 }, () => send(handler, tokenRequest({ modelId: 'm1' })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    gate.resolve();
    const failed = await Promise.all(pending);
    assert.ok(failed.every((r) => r.status === 502));
    assert.equal(upstream.calls.length, 1);
    assert.equal(upstreamErrors.length, 10, 'each failed caller reports the shared failure');

    const retry = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(retry.status, 200);
    assert.equal(upstream.calls.length, 2);
  });

  it('honours "refresh": true only once the cached token is minRefreshIntervalSeconds old', async () => {
    const { handler, clock, upstream } = setup(() => Response.json({ token: accountJwt(clock.now()) }), {
      minRefreshIntervalSeconds: 30,
    });
    const first = await send(handler, tokenRequest({ modelId: 'm1' }));
    clock.advance(29_000);
    const spam = await Promise.all(
      Array.from({ length: 20 }, () => send(handler, tokenRequest({ modelId: 'm1', refresh: true }))),
    );
    assert.ok(spam.every((r) => r.body.token === first.body.token));
    assert.equal(upstream.calls.length, 1);
    clock.advance(1_000);
    const refreshed = await send(handler, tokenRequest({ modelId: 'm1', refresh: true }));
    assert.notEqual(refreshed.body.token, first.body.token);
    assert.equal(upstream.calls.length, 2);
    // Only `true` counts: a truthy string is ignored.
    clock.advance(60_000);
    await send(handler, tokenRequest({ modelId: 'm1', refresh: 'yes' }));
    assert.equal(upstream.calls.length, 2);
  });
});

describe('createTokenHandler: bad requests', () => {
  const ok = () => setup(() => Response.json({ token: accountJwt(Date.now()) }));

  it('answers 405 with Allow: POST to other methods', async () => {
    const { handler, upstream } = ok();
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await handler(new Request('http://app.test/api/bimu-token', { method }));
      assert.equal(response.status, 405, method);
      assert.equal(response.headers.get('allow'), 'POST');
      if (method !== 'HEAD')
        assert.equal(((await response.json()) as { error: string }).error, 'method-not-allowed');
    }
    assert.equal(upstream.calls.length, 0);
  });

  it('answers 400 invalid-content-type to a body that is not application/json', async () => {
    const { handler, upstream } = ok();
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      '',
    ]) {
      const request = new Request('http://app.test/t', {
        method: 'POST',
        headers: contentType ? { 'Content-Type': contentType } : {},
        body: new TextEncoder().encode('{"modelId":"m1"}'),
      });
      const response = await send(handler, request);
      assert.equal(response.status, 400, contentType);
      assert.equal(response.body.error, 'invalid-content-type');
    }
    const withCharset = await send(
      handler,
      tokenRequest({ modelId: 'm1' }, { headers: { 'Content-Type': 'Application/JSON; charset=UTF-8' } }),
    );
    assert.equal(withCharset.status, 200);
    assert.equal(upstream.calls.length, 1);
  });

  it('answers 400 invalid-json to bodies that are not a JSON object', async () => {
    const { handler, upstream } = ok();
    const bodies: BodyInit[] = [
      '',
      'not json',
      '{"modelId":',
      '[]',
      '["m1"]',
      'null',
      '"m1"',
      '42',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    ];
    for (const body of bodies) {
      const response = await send(
        handler,
        new Request('http://app.test/t', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      );
      assert.equal(response.status, 400, String(body));
      assert.equal(response.body.error, 'invalid-json');
    }
    assert.equal(upstream.calls.length, 0);
  });

  it('answers 413 to a body over maxBodyBytes, declared or streamed', async () => {
    const { handler, upstream } = ok();
    const big = JSON.stringify({ modelId: 'm1', pad: 'x'.repeat(5000) });
    const declared = await send(handler, tokenRequest(big));
    assert.equal(declared.status, 413);
    assert.equal(declared.body.error, 'body-too-large');

    // A chunked upload has no Content-Length: the bytes read are what count.
    const encoder = new TextEncoder();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 100_000) return controller.close();
        sent += 1000;
        controller.enqueue(encoder.encode(' '.repeat(1000)));
      },
    });
    const streamed = await send(
      handler,
      new Request('http://app.test/t', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    assert.equal(streamed.status, 413);
    assert.ok(sent < 10_000, `stopped reading early (read ${sent} bytes)`);

    const atLimit = JSON.stringify({ modelId: 'm1', pad: '' }).length;
    const exact = await send(
      handler,
      tokenRequest(JSON.stringify({ modelId: 'm1', pad: 'x'.repeat(4096 - atLimit) })),
    );
    assert.equal(exact.status, 200, 'exactly maxBodyBytes is accepted');
    assert.equal(upstream.calls.length, 1);
  });

  it('answers 400 invalid-model-id to ids that are missing, not strings, too long or unsafe', async () => {
    const { handler, upstream } = ok();
    const bad: unknown[] = [
      undefined,
      null,
      42,
      ['m1'],
      { id: 'm1' },
      '',
      'x'.repeat(129),
      '.',
      '..',
      'a/b',
      '../etc',
      'a b',
      'a%2Fb',
      'a?b',
      'a#b',
      'mödel',
      'a\nb',
      'a\\b',
    ];
    for (const modelId of bad) {
      const response = await send(handler, tokenRequest(modelId === undefined ? {} : { modelId }));
      assert.equal(response.status, 400, JSON.stringify(modelId));
      assert.equal(response.body.error, 'invalid-model-id');
    }
    assert.equal(upstream.calls.length, 0);
    for (const modelId of ['m', 'x'.repeat(128), 'Abc-123_4.5~6', '...', '.hidden']) {
      assert.ok(isValidModelId(modelId), modelId);
      assert.equal((await send(handler, tokenRequest({ modelId }))).status, 200, modelId);
    }
  });
});

describe('createTokenHandler: authorize', () => {
  it('answers 403 when authorize says no, without asking upstream', async () => {
    const seen: { url: string; modelId: string; cookie: string | null }[] = [];
    const { handler, upstream } = setup(() => Response.json({ token: accountJwt(Date.now()) }), {
      authorize: async (request, modelId) => {
        seen.push({ url: request.url, modelId, cookie: request.headers.get('cookie') });
        return request.headers.get('cookie') === 'session=ok' && modelId !== 'secret-model';
      },
    });
    const denied = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error, 'forbidden');
    const deniedModel = await send(
      handler,
      tokenRequest({ modelId: 'secret-model' }, { headers: { Cookie: 'session=ok' } }),
    );
    assert.equal(deniedModel.status, 403);
    assert.equal(upstream.calls.length, 0);
    const allowed = await send(
      handler,
      tokenRequest({ modelId: 'm1' }, { headers: { Cookie: 'session=ok' } }),
    );
    assert.equal(allowed.status, 200);
    assert.deepEqual(
      seen.map((s) => s.modelId),
      ['m1', 'secret-model', 'm1'],
    );
    assert.equal(seen[0]!.url, 'http://app.test/api/bimu-token');
  });

  it('is not called for invalid requests, and its exceptions propagate', async () => {
    let calls = 0;
    const { handler } = setup(() => Response.json({}), {
      authorize: (_, modelId) => {
        calls += 1;
        if (modelId === 'explode') throw new Error('authorize bug');
        return true;
      },
    });
    await send(handler, tokenRequest({ modelId: '..' }));
    assert.equal(calls, 0);
    await assert.rejects(handler(tokenRequest({ modelId: 'explode' })), /authorize bug/);
  });
});

describe('createTokenHandler: upstream failures', () => {
  const failures: [string, UpstreamScript, string, number | undefined][] = [
    [
      '401',
      () => new Response(`{"error":"bad key ${API_KEY}"}`, { status: 401 }),
      'upstream-unauthorized',
      401,
    ],
    ['403', () => new Response('forbidden', { status: 403 }), 'upstream-unauthorized', 403],
    ['500', () => new Response(`stack trace with ${API_KEY}`, { status: 500 }), 'upstream-http-error', 500],
    [
      '503 with a token body',
      () => Response.json({ token: makeJwt({ exp: 4e9 }) }, { status: 503 }),
      'upstream-http-error',
      503,
    ],
    [
      '302 redirect',
      () => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.test/token' } }),
      'upstream-http-error',
      302,
    ],
    [
      'HTML',
      () => new Response(`<html>${API_KEY}</html>`, { status: 200 }),
      'upstream-invalid-response',
      200,
    ],
    [
      'JSON without token',
      () => Response.json({ access_token: 'x', echo: API_KEY }),
      'upstream-invalid-response',
      200,
    ],
    ['token not a string', () => Response.json({ token: 42 }), 'upstream-invalid-response', 200],
    [
      'token not a JWT',
      () => Response.json({ token: `not-a-jwt-${API_KEY}` }),
      'upstream-invalid-response',
      200,
    ],
    [
      'JWT with a non-JSON payload',
      () => Response.json({ token: 'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln' }),
      'upstream-invalid-response',
      200,
    ],
    [
      'expired token',
      () => Response.json({ token: makeJwt({ exp: 1000 }) }),
      'upstream-invalid-response',
      200,
    ],
    ['a huge body', () => new Response('x'.repeat(1_000_000)), 'upstream-invalid-response', 200],
    [
      'network error',
      () => {
        throw new TypeError(`fetch failed: connect ECONNREFUSED for ${API_KEY}`);
      },
      'upstream-network',
      undefined,
    ],
  ];

  for (const [name, script, code, status] of failures) {
    it(`answers 502 upstream-failed on ${name}, reporting ${code} without leaking`, async () => {
      const { handler, upstreamErrors } = setup(script);
      const response = await send(handler, tokenRequest({ modelId: 'm1' }));
      assert.equal(response.status, 502);
      assert.deepEqual(Object.keys(response.body).sort(), ['error', 'message']);
      assert.equal(response.body.error, 'upstream-failed');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(upstreamErrors.length, 1);
      const [error] = upstreamErrors;
      assert.ok(error instanceof UpstreamTokenError);
      assert.equal(error.code, code);
      assert.equal(error.status, status);
      assertNoSecret(error.message);
      assertNoSecret(inspect(error, { depth: Infinity, showHidden: true }));
    });
  }

  it('gives up after upstreamTimeoutMs even when the fetch ignores its signal, and recovers', async () => {
    const { handler, clock, upstream, upstreamErrors } = setup(
      (_, index) =>
        index === 0 ? new Promise<Response>(() => {}) : Response.json({ token: accountJwt(clock.now()) }),
      { upstreamTimeoutMs: 50 },
    );
    const response = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(response.status, 502);
    assert.equal(upstreamErrors[0]!.code, 'upstream-timeout');
    // A caller right after the timeout is not made to wait as long again: 503 at once, no new request.
    const backingOff = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(backingOff.status, 503);
    assert.equal(backingOff.body.error, 'upstream-unavailable');
    assert.equal(backingOff.headers.get('retry-after'), '5');
    assert.equal(upstream.calls.length, 1);
    // The hung request must not hold the single flight: after the back-off the next caller gets a new attempt.
    clock.advance(5000);
    assert.equal((await send(handler, tokenRequest({ modelId: 'm1' }))).status, 200);
    assert.equal(upstream.calls.length, 2);
  });

  it('times out a fetch that honours its abort signal', async () => {
    const { handler, upstreamErrors } = setup(() => new Promise<Response>(() => {}), {
      upstreamTimeoutMs: 50,
      fetch: (_input, init) =>
        new Promise<Response>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    });
    const response = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(response.status, 502);
    assert.equal(upstreamErrors[0]!.code, 'upstream-timeout');
  });

  it('logs a redacted line with console.error by default', async (t) => {
    const logged: string[] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => logged.push(args.map(String).join(' ')));
    const upstream = fakeUpstream(() => new Response(`denied for ${API_KEY}`, { status: 401 }));
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: BASE_URL,
      fetch: upstream.fetch,
    });
    const response = await send(handler, tokenRequest({ modelId: 'm1' }));
    assert.equal(response.status, 502);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /\[model-viewer-embed\/server\].*401.*BIMU_API_KEY/);
    assertNoSecret(logged[0]!);
  });

  it('survives an onUpstreamError that throws', async () => {
    const { handler } = setup(() => new Response('', { status: 500 }), {
      onUpstreamError: () => {
        throw new Error('logger down');
      },
    });
    assert.equal((await send(handler, tokenRequest({ modelId: 'm1' }))).status, 502);
  });
});

describe('createTokenHandler: origins', () => {
  it('serves same-origin and non-browser callers, refuses other sites by default', async () => {
    const { handler } = setup(() => Response.json({ token: accountJwt(Date.now()) }));
    const same = await send(
      handler,
      tokenRequest(
        { modelId: 'm1' },
        { headers: { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://app.test' } },
      ),
    );
    assert.equal(same.status, 200);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    for (const site of ['cross-site', 'same-site']) {
      const other = await send(
        handler,
        tokenRequest({ modelId: 'm1' }, { headers: { 'Sec-Fetch-Site': site, Origin: 'https://evil.test' } }),
      );
      assert.equal(other.status, 403, site);
      assert.equal(other.body.error, 'origin-not-allowed');
      assert.equal(other.headers.get('access-control-allow-origin'), null);
    }
  });

  it('answers preflights and adds CORS headers for allowedOrigins only', async () => {
    const { handler } = setup(() => Response.json({ token: accountJwt(Date.now()) }), {
      allowedOrigins: ['https://shop.test'],
    });
    const preflight = await handler(
      new Request('http://app.test/t', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://shop.test',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
          'Sec-Fetch-Site': 'cross-site',
        },
      }),
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.test');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST');
    assert.match(preflight.headers.get('access-control-allow-headers')!, /content-type/i);

    const allowed = await send(
      handler,
      tokenRequest(
        { modelId: 'm1' },
        { headers: { Origin: 'https://shop.test', 'Sec-Fetch-Site': 'cross-site' } },
      ),
    );
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.test');
    assert.equal(allowed.headers.get('vary'), 'Origin');

    const other = await handler(
      new Request('http://app.test/t', {
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.test', 'Sec-Fetch-Site': 'cross-site' },
      }),
    );
    assert.equal(other.status, 403);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});

describe('createTokenHandler: slow bodies', () => {
  it('answers 408 body-timeout when the body is not complete within bodyTimeoutMs', async () => {
    const { handler, upstream } = setup(() => Response.json({ token: accountJwt(Date.now()) }), {
      bodyTimeoutMs: 50,
    });
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // The start of a body whose rest never arrives.
        controller.enqueue(new TextEncoder().encode('{"modelId":'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const response = await send(
      handler,
      new Request('http://app.test/t', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    assert.equal(response.status, 408);
    assert.equal(response.body.error, 'body-timeout');
    assert.ok(cancelled, 'the upload is cancelled');
    assert.equal(upstream.calls.length, 0);
  });
});
