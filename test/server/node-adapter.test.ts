/// <reference types="node" />
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { createTokenHandler, toNodeMiddleware } from '../../src/server/index.js';
import type { NodeMiddleware } from '../../src/server/index.js';
import {
  ACCOUNT,
  API_KEY,
  accountJwt,
  assertNoSecret,
  fakeUpstream,
  listen,
  PUBLIC_ACCOUNT_SCOPE,
} from './helpers.js';

/** Sends raw bytes over one socket and returns everything the server wrote before closing. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('handler.node on a real http.createServer', () => {
  const upstream = fakeUpstream(() => Response.json({ token: accountJwt(Date.now()) }));
  const handler = createTokenHandler({
    ...PUBLIC_ACCOUNT_SCOPE,
    accountName: ACCOUNT,
    apiKey: API_KEY,
    baseUrl: 'https://bimu.test/rest/api/v1',
    fetch: upstream.fetch,
  });
  let server: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    server = await listen(handler.node);
  });
  after(() => server.close());

  const post = (body: BodyInit, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
    fetch(`${server.url}/api/bimu-token`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);

  it('answers a token, then keeps serving over the same connection after errors', async () => {
    const ok = await post(JSON.stringify({ modelId: 'model-1' }));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const body = (await ok.json()) as { token: string; expiresIn: number };
    assert.equal(body.token.split('.').length, 3);
    assert.ok(body.expiresIn > 7000);

    const wrongMethod = await fetch(`${server.url}/api/bimu-token`);
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
    await wrongMethod.body?.cancel();

    const badType = await post('{"modelId":"m"}', { 'Content-Type': 'text/plain' });
    assert.equal(badType.status, 400);
    await badType.body?.cancel();

    const badId = await post(JSON.stringify({ modelId: '../x' }));
    assert.equal(badId.status, 400);
    await badId.body?.cancel();

    assert.equal(upstream.calls.length, 1);
    const again = await post(JSON.stringify({ modelId: 'model-2' }));
    assert.equal(again.status, 200);
    assert.equal(upstream.calls.length, 1, 'cached');
    await again.body?.cancel();
  });

  it('answers 413 to a 5 MB upload (declared and chunked), and the server stays usable', async () => {
    const declared = await post('x'.repeat(5_000_000));
    assert.equal(declared.status, 413);
    assert.equal(((await declared.json()) as { error: string }).error, 'body-too-large');

    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 5_000_000) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const chunked = await post(stream);
    assert.equal(chunked.status, 413);
    await chunked.body?.cancel();

    const after = await post(JSON.stringify({ modelId: 'm' }));
    assert.equal(after.status, 200);
    await after.body?.cancel();
  });

  it('never writes the key to the wire, whatever the upstream says', async () => {
    const leaky = fakeUpstream(() => new Response(`nope ${API_KEY}`, { status: 401 }));
    const logged: string[] = [];
    const h = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: 'https://bimu.test/rest/api/v1',
      fetch: leaky.fetch,
      onUpstreamError: (error) => logged.push(error.message),
    });
    const s = await listen(h.node);
    try {
      const raw = await rawRequest(
        s.port,
        'POST /api/bimu-token HTTP/1.1\r\nHost: app.test\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{"modelId":"m"}',
      );
      assert.match(raw, /^HTTP\/1\.1 502 /);
      assertNoSecret(raw);
      assertNoSecret(logged.join('\n'));
    } finally {
      await s.close();
    }
  });
});

describe('handler.node and authorize', () => {
  it("passes the Node request to authorize, so Express's req.user can decide", async () => {
    const upstream = fakeUpstream(() => Response.json({ token: accountJwt(Date.now()) }));
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: 'https://bimu.test/rest/api/v1',
      fetch: upstream.fetch,
      authorize: (_request, modelId, { nodeRequest }) =>
        (
          nodeRequest as (IncomingMessage & { user?: { models: string[] } }) | undefined
        )?.user?.models.includes(modelId) ?? false,
    });
    // Stands in for a session middleware (passport) that sets req.user before the route runs.
    const s = await listen((req, res) => {
      Object.assign(req, { user: { models: ['allowed'] } });
      handler.node(req, res);
    });
    try {
      const post = (modelId: string) =>
        fetch(`${s.url}/t`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ modelId }),
        });
      assert.equal((await post('allowed')).status, 200);
      assert.equal((await post('other')).status, 403);
      // As a Fetch handler there is no Node request: a Next.js-style second argument is ignored.
      const fetchStyle = await (handler as unknown as (r: Request, c: unknown) => Promise<Response>)(
        new Request('http://app.test/t', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"modelId":"allowed"}',
        }),
        { params: {}, nodeRequest: { user: { models: ['allowed'] } } },
      );
      assert.equal(fetchStyle.status, 403);
    } finally {
      await s.close();
    }
  });
});

describe('toNodeMiddleware', () => {
  it('reads a body that an Express-style parser already consumed (req.body)', async () => {
    const seen: string[] = [];
    const adapter = toNodeMiddleware(async (request) => {
      seen.push(await request.text());
      return Response.json({ ok: true });
    });
    // Stands in for `app.use(express.json())`: it drains the stream and leaves the parsed value behind.
    const jsonParser: NodeMiddleware = (req, res, next) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (text += chunk));
      req.on('end', () => {
        Object.assign(req, { body: JSON.parse(text), _body: true });
        adapter(req, res, next);
      });
    };
    const s = await listen((req, res) =>
      jsonParser(req, res, (error) => {
        res.statusCode = error ? 500 : 404;
        res.end();
      }),
    );
    try {
      const response = await fetch(s.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"modelId":"m1"}',
      });
      assert.equal(response.status, 200);
      assert.deepEqual(seen, ['{"modelId":"m1"}']);
    } finally {
      await s.close();
    }
  });

  it('streams a large upload to the handler with back-pressure', async () => {
    let received = 0;
    const adapter = toNodeMiddleware(async (request) => {
      const reader = request.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        // A slow consumer: the adapter must pause the socket rather than buffer everything.
        if (received % (1024 * 1024) < value.byteLength)
          await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return Response.json({ received });
    });
    const s = await listen(adapter);
    try {
      const size = 8 * 1024 * 1024;
      const response = await fetch(s.url, { method: 'POST', body: new Uint8Array(size) });
      assert.deepEqual(await response.json(), { received: size });
    } finally {
      await s.close();
    }
  });

  it('leaves the body to the next middleware when the handler answers "not mine"', async () => {
    const adapter = toNodeMiddleware(async () => undefined);
    const s = await listen((req, res) =>
      adapter(req, res, () => {
        let text = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (text += chunk));
        req.on('end', () => res.end(`next read ${text.length}`));
      }),
    );
    try {
      const response = await fetch(s.url, { method: 'POST', body: 'z'.repeat(300_000) });
      assert.equal(await response.text(), 'next read 300000');
    } finally {
      await s.close();
    }
  });

  it('discards an unread body so the keep-alive connection keeps serving', async () => {
    const s = await listen(toNodeMiddleware(async () => Response.json({ ok: true })));
    try {
      for (let i = 0; i < 4; i++) {
        const response = await Promise.race([
          fetch(s.url, { method: 'POST', body: new Uint8Array(1_000_000) }),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`request ${i} hung`)), 3000)),
        ]);
        assert.deepEqual(await response.json(), { ok: true });
      }
    } finally {
      await s.close();
    }
  });

  it('keeps a protocol-relative request target on the request host', async () => {
    const s = await listen(toNodeMiddleware(async (request) => Response.json({ url: request.url })));
    try {
      const raw = await rawRequest(
        s.port,
        'GET //evil.test/x?y=1 HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n',
      );
      assert.match(raw, /"url":"http:\/\/app\.test\/evil\.test\/x\?y=1"/);
    } finally {
      await s.close();
    }
  });

  it('does not pile up listeners while a slow client downloads a large response', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const chunk = new Uint8Array(256 * 1024);
    const s = await listen(
      toNodeMiddleware(async () => {
        let n = 0;
        return new Response(
          new ReadableStream<Uint8Array>({ pull: (c) => (n++ < 64 ? c.enqueue(chunk) : c.close()) }),
        );
      }),
    );
    try {
      const response = await fetch(s.url);
      const reader = response.body!.getReader();
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      assert.equal(total, 64 * chunk.byteLength);
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(
        warnings.filter((name) => name === 'MaxListenersExceededWarning'),
        [],
      );
    } finally {
      process.off('warning', onWarning);
      await s.close();
    }
  });

  it('does not crash the process when the response cannot be written', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const adapter = toNodeMiddleware(async () => Response.json({ late: true }));
    const s = await listen((req, res) => {
      // Another middleware already answered: writeHead would throw ERR_HTTP_HEADERS_SENT.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('first');
      adapter(req, res);
    });
    try {
      await fetch(s.url)
        .then((r) => r.text())
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
      await s.close();
    }
  });
});
