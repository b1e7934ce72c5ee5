/// <reference types="node" />
/**
 * The token endpoint over real HTTP (`handler.node` on a loopback `http.Server`) against a fake bimU.io that
 * is itself a loopback HTTP server: a failing upstream (refresh window, refused key, hanging requests),
 * `Origin` checks for browsers without `Sec-Fetch-Site`, and slow or oversized request bodies.
 *
 * Time is the handler's injected clock wherever the endpoint measures it (token expiry, back-off, flight
 * deadlines); the only real timers are the short `upstreamTimeoutMs` and `bodyTimeoutMs` of a few tests.
 */
import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  createTokenHandler,
  type TokenHandlerOptions,
  type UpstreamTokenError,
} from '../../src/server/index.js';
import {
  ACCOUNT,
  API_KEY,
  accountJwt,
  assertNoSecret,
  fakeClock,
  listen,
  PUBLIC_ACCOUNT_SCOPE,
  startFakeBimu,
  waitUntil,
} from './helpers.js';

type Clock = ReturnType<typeof fakeClock>;
type FakeBimu = Awaited<ReturnType<typeof startFakeBimu>>;

const tokenAnswer = (clock: Clock, lifetimeSeconds = 7200) => ({
  status: 200,
  body: { token: accountJwt(clock.now(), lifetimeSeconds) },
});

/** The token endpoint on a loopback server, with `bimu` as its upstream; upstream errors are collected. */
async function startEndpoint(
  t: TestContext,
  bimu: FakeBimu,
  clock: Clock,
  options: TokenHandlerOptions = {},
) {
  const logged: UpstreamTokenError[] = [];
  const handler = createTokenHandler({
    ...PUBLIC_ACCOUNT_SCOPE,
    accountName: ACCOUNT,
    apiKey: API_KEY,
    baseUrl: bimu.baseUrl,
    now: clock.now,
    onUpstreamError: (error) => logged.push(error),
    ...options,
  });
  const server = await listen(handler.node);
  t.after(async () => {
    await server.close();
    await bimu.close();
  });
  const post = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${server.url}/api/bimu-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ modelId: 'model-1' }),
    });
    const text = await response.text();
    assertNoSecret(text);
    assertNoSecret(JSON.stringify([...response.headers]));
    return {
      status: response.status,
      headers: response.headers,
      body: JSON.parse(text) as { token?: string; expiresIn?: number; error?: string },
    };
  };
  return { server, post, logged };
}

describe('token endpoint over HTTP: refresh window outage', () => {
  it('serves the still-valid token while bimU.io fails, refreshing in the background with pauses', async (t) => {
    const clock = fakeClock();
    let healthy = true;
    const bimu = await startFakeBimu(() => (healthy ? tokenAnswer(clock) : { status: 500, body: {} }));
    const { post, logged } = await startEndpoint(t, bimu, clock, { refreshMarginSeconds: 300 });

    const first = await post();
    assert.equal(first.status, 200);
    healthy = false;
    clock.advance((7200 - 299) * 1000);

    const inWindow = await post();
    assert.equal(inWindow.status, 200);
    assert.equal(inWindow.body.token, first.body.token);
    assert.equal(inWindow.body.expiresIn, 299);
    // The background refresh fails; it is logged, with what the endpoint does about it.
    await waitUntil(() => logged.length === 1);
    assert.equal(bimu.requests, 2);
    assert.equal(logged[0]!.code, 'upstream-http-error');
    assert.match(logged[0]!.message, /Still serving the cached token \(valid 269 s more\)/);
    assert.match(logged[0]!.message, /next refresh in 5 s/);

    // Within the pause after the failure the token keeps being served without asking bimU.io.
    for (let i = 0; i < 10; i++) assert.equal((await post()).body.token, first.body.token);
    assert.equal(bimu.requests, 2);

    healthy = true;
    clock.advance(5000);
    assert.equal((await post()).body.token, first.body.token, 'served while the next refresh runs');
    await waitUntil(async () => (await post()).body.token !== first.body.token);
    assert.equal(bimu.requests, 3);
  });

  it('keeps exactly one upstream request in flight while many callers get the cached token', async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu((index) => (index === 0 ? tokenAnswer(clock) : 'hang'));
    const { post } = await startEndpoint(t, bimu, clock, {
      refreshMarginSeconds: 300,
      upstreamTimeoutMs: 60_000,
    });
    const first = await post();
    clock.advance((7200 - 200) * 1000);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post()));
    assert.ok(answers.every((answer) => answer.status === 200 && answer.body.token === first.body.token));
    await bimu.receivedAtLeast(2);
    assert.equal(bimu.requests, 2);
  });

  it('answers 502 once the cached token has less than minRemainingSeconds left', async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu((index) =>
      index === 0 ? tokenAnswer(clock) : { status: 500, body: {} },
    );
    const { post } = await startEndpoint(t, bimu, clock, {
      refreshMarginSeconds: 300,
      minRemainingSeconds: 30,
    });
    assert.equal((await post()).status, 200);
    clock.advance((7200 - 30) * 1000);
    const expired = await post();
    assert.equal(expired.status, 502);
    assert.equal(expired.body.error, 'upstream-failed');
    assert.equal(bimu.requests, 2);
  });
});

describe('token endpoint over HTTP: a refused key', () => {
  it('answers 50 sequential callers with one upstream request, then asks again after growing pauses', async (t) => {
    const clock = fakeClock();
    let refuse = true;
    const bimu = await startFakeBimu(() =>
      refuse ? { status: 401, body: { error: 'invalid credentials' } } : tokenAnswer(clock),
    );
    const { post, logged } = await startEndpoint(t, bimu, clock);

    const answers = [];
    for (let i = 0; i < 50; i++) answers.push(await post());
    assert.equal(bimu.requests, 1);
    assert.equal(answers[0]!.status, 502);
    assert.equal(answers[0]!.body.error, 'upstream-failed');
    assert.equal(answers[0]!.headers.get('retry-after'), '5');
    for (const answer of answers.slice(1)) {
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error, 'upstream-unavailable');
      assert.equal(answer.headers.get('retry-after'), '5');
    }
    assert.equal(logged.length, 1, 'one log line per upstream request, not per caller');
    assert.equal(logged[0]!.code, 'upstream-unauthorized');
    assert.match(logged[0]!.message, /Not asking bimU\.io again for 5 s: callers get 503 until then\./);

    const pauses = [];
    let retryAfter = Number(answers[0]!.headers.get('retry-after'));
    for (let i = 0; i < 5; i++) {
      clock.advance(retryAfter * 1000 - 1);
      assert.equal((await post()).status, 503, 'not before the pause is over');
      clock.advance(1);
      const answer = await post();
      assert.equal(answer.status, 502);
      retryAfter = Number(answer.headers.get('retry-after'));
      pauses.push(retryAfter);
    }
    assert.deepEqual(pauses, [10, 20, 40, 60, 60]);
    assert.equal(bimu.requests, 6);

    refuse = false;
    clock.advance(60_000);
    assert.equal((await post()).status, 200);
    assert.equal(bimu.requests, 7);
  });
});

describe('token endpoint over HTTP: a hanging upstream', () => {
  it('answers the next caller after a timed-out request at once, without a new upstream request', async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu(() => 'hang');
    // Counted at the handler: on a busy machine the timeout can abort a request before the fake bimU.io sees it.
    let upstreamRequests = 0;
    const { post, logged } = await startEndpoint(t, bimu, clock, {
      upstreamTimeoutMs: 100,
      fetch: (input, init) => {
        upstreamRequests += 1;
        return fetch(input, init);
      },
    });
    const timedOut = await post();
    assert.equal(timedOut.status, 502);
    assert.equal(logged[0]!.code, 'upstream-timeout');
    assert.match(logged[0]!.message, /Not asking bimU\.io again for 5 s/);
    const next = await post();
    assert.equal(next.status, 503);
    assert.equal(next.headers.get('retry-after'), '5');
    assert.equal(upstreamRequests, 1);
  });

  it('refuses at once a caller that would join an upstream request already past its deadline', async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu(() => 'hang');
    // The real timer of this request does not fire during the test; the clock says it is overdue.
    const { post } = await startEndpoint(t, bimu, clock, { upstreamTimeoutMs: 60_000 });
    const first = post();
    await bimu.receivedAtLeast(1);
    clock.advance(60_000);
    const late = await post();
    assert.equal(late.status, 503);
    assert.equal(late.body.error, 'upstream-unavailable');
    assert.equal(late.headers.get('retry-after'), '5');
    assert.equal(bimu.requests, 1);
    await bimu.close();
    assert.equal((await first).status, 502, 'the hung request fails once bimU.io drops the connection');
  });
});

describe('token endpoint over HTTP: Origin without Sec-Fetch-Site', () => {
  it("compares Origin with the request's own origin and allowedOrigins, refusing other sites", async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu(() => tokenAnswer(clock));
    const { server, post } = await startEndpoint(t, bimu, clock, { allowedOrigins: ['https://shop.test'] });

    const otherSites: Record<string, string>[] = [
      { Origin: 'http://evil.test' },
      { Origin: 'null' },
      // A proxy's forwarded host must match too, not only its scheme.
      { Origin: 'https://evil.test', 'X-Forwarded-Proto': 'https' },
    ];
    for (const headers of otherSites) {
      const refused = await post(headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.equal(refused.body.error, 'origin-not-allowed');
      assert.equal(refused.headers.get('access-control-allow-origin'), null);
    }

    assert.equal((await post({ Origin: server.url })).status, 200, 'same origin');
    const shop = await post({ Origin: 'https://shop.test' });
    assert.equal(shop.status, 200, 'allowed origin');
    assert.equal(shop.headers.get('access-control-allow-origin'), 'https://shop.test');
    // Behind a TLS-terminating proxy the server sees http://127.0.0.1:port; the browser used the public origin.
    const proxied = await post({
      Origin: 'https://app.example',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Host': 'app.example',
    });
    assert.equal(proxied.status, 200, 'same origin behind a proxy');
    assert.equal((await post()).status, 200, 'no Origin: not a browser page (curl, another server)');
    assert.equal(bimu.requests, 1);
  });
});

/** The outcome of a raw HTTP exchange: what the server wrote, and how many body bytes the client wrote. */
interface RawExchange {
  response: string;
  bodyBytesWritten: number;
}

/**
 * Sends `head` and then `bodyBytes` of body (in 64 KiB writes that wait for `drain`, framed as chunks when
 * `chunked`) over one socket, and resolves once the socket is closed, whoever closed it. `bodyBytes` 0 sends
 * `partialBody` and then nothing more.
 */
function rawUpload(port: number, head: string, bodyBytes: number, chunked = false, partialBody = '') {
  return new Promise<RawExchange>((resolve) => {
    let response = '';
    let written = 0;
    let closed = false;
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    // The server may reset the connection while the client still writes; that is one of the outcomes.
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      resolve({ response, bodyBytesWritten: written });
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    socket.once('connect', async () => {
      socket.write(head);
      if (partialBody) socket.write(partialBody);
      while (!closed && written < bodyBytes) {
        const framed = chunked
          ? Buffer.concat([Buffer.from(`10000\r\n`), chunk, Buffer.from('\r\n')])
          : chunk;
        written += chunk.byteLength;
        if (!socket.write(framed)) {
          await new Promise<void>((wake) => {
            socket.once('drain', wake);
            socket.once('close', wake);
          });
        }
      }
      if (!closed && chunked) socket.write('0\r\n\r\n');
    });
  });
}

describe('token endpoint over HTTP: slow and oversized bodies', () => {
  it('answers 408 and closes the connection when the body is not complete within bodyTimeoutMs', async (t) => {
    const clock = fakeClock();
    const bimu = await startFakeBimu(() => tokenAnswer(clock));
    const { server, post } = await startEndpoint(t, bimu, clock, { bodyTimeoutMs: 100 });
    const { response } = await rawUpload(
      server.port,
      'POST /api/bimu-token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n',
      0,
      false,
      '{"modelId":',
    );
    assert.match(response, /^HTTP\/1\.1 408 /);
    assert.match(response, /\r\nconnection: close\r\n/i);
    assert.match(response, /"error":"body-timeout"/);
    assert.equal(bimu.requests, 0);
    assert.equal((await post()).status, 200, 'the server keeps serving');
  });

  for (const chunked of [false, true]) {
    it(`closes the connection after a 413 instead of draining a 10 MiB ${chunked ? 'chunked' : 'declared'} upload`, async (t) => {
      const clock = fakeClock();
      const bimu = await startFakeBimu(() => tokenAnswer(clock));
      const { server, post } = await startEndpoint(t, bimu, clock);
      const serverSockets: net.Socket[] = [];
      server.server.on('connection', (socket: net.Socket) => serverSockets.push(socket));
      const size = 10 * 1024 * 1024;
      const framing = chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`;
      const { response } = await rawUpload(
        server.port,
        `POST /api/bimu-token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${framing}\r\n\r\n`,
        size,
        chunked,
      );
      assert.match(response, /^HTTP\/1\.1 413 /);
      assert.match(response, /\r\nconnection: close\r\n/i);
      await waitUntil(() => serverSockets.length === 1 && serverSockets[0]!.destroyed);
      const bytesRead = serverSockets[0]!.bytesRead;
      assert.ok(bytesRead < 1024 * 1024, `the server read ${bytesRead} bytes of the upload`);
      assert.equal((await post()).status, 200, 'the server keeps serving');
    });
  }
});
