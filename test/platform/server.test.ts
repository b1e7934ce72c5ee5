/**
 * The platform over real HTTP: the standalone server, the connect and Koa middlewares, the vendor files, the
 * test control surface, and `npm run platform` itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { VENDOR_FILES } from '../../demo/platform/assets.js';
import {
  createPlatform,
  DEMO_ACCOUNT,
  FAULT_MODEL_IDS,
  MODEL_IDS,
  PROTECTED_HOUSE_PASSWORD,
  VENDOR_PATHS,
  type KoaContextLike,
} from '../../demo/platform/index.js';
import { startPlatformServer, type PlatformServer } from '../../demo/platform/server.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A raw HTTP/1.1 request, for what `fetch` will not send (malformed headers) or hides (transfer encoding). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: a request that declares more body than it sends must not poison a reused
    // keep-alive socket for the next one.
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('latin1'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('startPlatformServer', () => {
  let server: PlatformServer;
  before(async () => {
    server = await startPlatformServer({ port: 0, testControls: true });
  });
  after(() => server.close());

  it('listens on 127.0.0.1 on an ephemeral port and reports its URLs', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.equal(server.baseUrl, `${server.url}/rest/api/v1`);
  });

  it('serves the token → blob → part flow with part URLs on its own origin', async () => {
    const tokenResponse = await fetch(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: basic(MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD) },
    });
    const { token } = (await tokenResponse.json()) as { token: string };
    const blob = await fetch(
      `${server.baseUrl}/channels/${decodeJwt(token).channelId}/models/${MODEL_IDS.protectedHouse}/blob`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const { urls } = (await blob.json()) as { urls: string[] };
    assert.ok(urls[0]!.startsWith(`${server.url}/rest/api/v1/parts/`));
    const part = await raw(urls[0]!);
    assert.equal(part.status, 200);
    assert.equal(Number(part.headers['content-length']), part.body.length);
    assert.equal(part.headers['transfer-encoding'], undefined);
    assert.equal(part.headers['access-control-allow-origin'], '*');
  });

  it('sends fault-part-no-length chunked, without Content-Length', async () => {
    const { token } = (await (
      await fetch(`${server.baseUrl}/token`, {
        method: 'POST',
        headers: { Authorization: basic(FAULT_MODEL_IDS.partNoLength, '') },
      })
    ).json()) as { token: string };
    const { urls } = (await (
      await fetch(`${server.baseUrl}/channels/demo-channel/models/${FAULT_MODEL_IDS.partNoLength}/blob`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as { urls: string[] };
    const part = await raw(urls[0]!);
    assert.equal(part.status, 200);
    assert.equal(part.headers['content-length'], undefined);
    assert.equal(part.headers['transfer-encoding'], 'chunked');
    assert.equal(
      part.body.length,
      server.platform.getModel(FAULT_MODEL_IDS.partNoLength)!.parts[0]!.byteLength,
    );
  });

  it('refuses a malformed Content-Length and a body over the limit, and keeps serving', async () => {
    const bad = await raw(`${server.baseUrl}/channels/demo-channel/models/small-office/query`, {
      method: 'POST',
      headers: { 'Content-Length': String(2 * 1024 * 1024), Authorization: 'Bearer a.b.c' },
    }).catch(() => undefined);
    // Node's parser may reject it first (400) or the platform does (401/413): either way a 4xx or a closed socket.
    if (bad) assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
    const tooBig = await raw(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey),
        'Content-Type': 'text/plain',
      },
      body: 'x'.repeat(20_000),
    });
    assert.equal(tooBig.status, 413);
    assert.equal(
      (
        await fetch(`${server.baseUrl}/token`, {
          method: 'POST',
          headers: { Authorization: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey) },
        })
      ).status,
      200,
    );
  });

  it('ends the 30 s token latency when the client disconnects, and still closes promptly', async () => {
    const started = performance.now();
    await fetch(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: basic(FAULT_MODEL_IDS.tokenLatency, '') },
      signal: AbortSignal.timeout(100),
    }).catch(() => undefined);
    assert.ok(performance.now() - started < 2000);
    const stats = (await (await fetch(`${server.url}/__platform/stats`)).json()) as { token: number };
    assert.ok(stats.token >= 1);
  });

  it('answers paths outside the platform with a JSON 404', async () => {
    const response = await fetch(`${server.url}/`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'Not found.' });
  });
});

describe('test control surface', () => {
  let server: PlatformServer;
  before(async () => {
    server = await startPlatformServer({ port: 0, testControls: true });
  });
  after(() => server.close());
  const post = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('mints account and model tokens with any lifetime and channel', async () => {
    const account = decodeJwt(
      ((await (await post('/__platform/token', {})).json()) as { token: string }).token,
    );
    assert.equal(account.channelId, 'demo-channel');
    assert.equal(account.modelId, undefined);
    assert.equal(account.exp! - account.iat!, 7200);
    const model = decodeJwt(
      (
        (await (
          await post('/__platform/token', { modelId: 'small-office', expiresIn: -30, channelId: 'c2' })
        ).json()) as { token: string }
      ).token,
    );
    assert.equal(model.modelId, 'small-office');
    assert.equal(model.channelId, 'c2');
    assert.ok(model.exp! < Date.now() / 1000);
  });

  it('validates what it mints from', async () => {
    for (const body of [
      { modelId: '<script>' },
      { expiresIn: '60' },
      { expiresIn: 1e12 },
      { channelId: 7 },
    ]) {
      const response = await post('/__platform/token', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.ok(!(await response.text()).includes('<script>'));
    }
    assert.equal(
      (await fetch(`${server.url}/__platform/token`, { method: 'POST', body: '{oops' })).status,
      400,
    );
    assert.equal((await fetch(`${server.url}/__platform/token`)).status, 405);
    assert.equal((await fetch(`${server.url}/__platform/nope`)).status, 404);
  });

  it('counts requests per endpoint and records /token usernames, never secrets; reset zeroes them', async () => {
    await post('/__platform/reset');
    await fetch(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey) },
    });
    await fetch(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: basic(MODEL_IDS.protectedHouse, PROTECTED_HOUSE_PASSWORD) },
    });
    await fetch(`${server.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: basic('x'.repeat(1000), 'secret') },
    });
    await fetch(`${server.baseUrl}/channels/demo-channel/models/small-office/blob`);
    await fetch(`${server.url}${VENDOR_PATHS.three}`, { method: 'HEAD' });
    const text = await (await fetch(`${server.url}/__platform/stats`)).text();
    const stats = JSON.parse(text) as Record<string, unknown> & { tokenUsers: string[] };
    assert.equal(stats.token, 3);
    assert.equal(stats.blob, 1);
    assert.equal(stats.parts, 0);
    assert.equal(stats.vendor, 1);
    assert.deepEqual(stats.tokenUsers.slice(0, 2), [DEMO_ACCOUNT.accountName, MODEL_IDS.protectedHouse]);
    assert.equal(stats.tokenUsers[2]!.length, 128, 'usernames are truncated');
    for (const secret of [DEMO_ACCOUNT.apiKey, PROTECTED_HOUSE_PASSWORD, 'secret'])
      assert.ok(!text.includes(secret));

    await post('/__platform/reset');
    const after = (await (await fetch(`${server.url}/__platform/stats`)).json()) as {
      token: number;
      tokenUsers: string[];
    };
    assert.equal(after.token, 0);
    assert.deepEqual(after.tokenUsers, []);
  });

  it('keeps counters per page (Referer): a page counts, reads and resets only its own requests', async () => {
    const pageA = 'http://localhost:8000/?wtr-session-id=page-a';
    const pageB = 'http://localhost:8000/?wtr-session-id=page-b';
    const from = (referer: string, init: RequestInit = {}) => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), referer },
    });
    const statsOf = async (referer: string) =>
      (await (await fetch(`${server.url}/__platform/stats`, from(referer))).json()) as {
        blob: number;
        token: number;
        tokenUsers: string[];
      };
    const blob = `${server.baseUrl}/channels/demo-channel/models/small-office/blob`;
    await fetch(`${server.url}/__platform/reset`, from(pageA, { method: 'POST' }));
    await fetch(`${server.url}/__platform/reset`, from(pageB, { method: 'POST' }));
    await fetch(blob, from(pageA));
    await fetch(blob, from(`${pageA}#fragment-ignored`));
    await fetch(
      `${server.baseUrl}/token`,
      from(pageB, { method: 'POST', headers: { Authorization: basic('b', 'p') } }),
    );

    assert.deepEqual(await statsOf(pageA), { ...(await statsOf(pageA)), blob: 2, token: 0, tokenUsers: [] });
    assert.deepEqual((await statsOf(pageB)).tokenUsers, ['b']);
    assert.equal((await statsOf(pageB)).blob, 0, "page A's requests are not page B's");

    // A request of page A arriving after page B reset its counters (a closed page's straggler) leaves B at 0.
    await fetch(`${server.url}/__platform/reset`, from(pageB, { method: 'POST' }));
    await fetch(blob, from(pageA));
    assert.equal((await statsOf(pageB)).blob, 0);
    assert.equal((await statsOf(pageA)).blob, 3, "B's reset left A's counters alone");
  });

  it('keeps at most the last 100 usernames', async () => {
    await post('/__platform/reset');
    for (let i = 0; i < 105; i++) {
      await fetch(`${server.baseUrl}/token`, {
        method: 'POST',
        headers: { Authorization: basic(`user-${i}`, 'p') },
      });
    }
    const { tokenUsers } = (await (await fetch(`${server.url}/__platform/stats`)).json()) as {
      tokenUsers: string[];
    };
    assert.equal(tokenUsers.length, 100);
    assert.equal(tokenUsers[0], 'user-5');
  });

  it('sets the fault latency and token lifetime, and reset restores the defaults', async () => {
    assert.deepEqual(await (await post('/__platform/faults', { latencyMs: 250 })).json(), {
      latencyMs: 250,
      tokenLifetimeSeconds: null,
    });
    assert.deepEqual(await (await post('/__platform/faults', { tokenLifetimeSeconds: 8 })).json(), {
      latencyMs: 250,
      tokenLifetimeSeconds: 8,
    });
    assert.deepEqual(await (await fetch(`${server.url}/__platform/faults`)).json(), {
      latencyMs: 250,
      tokenLifetimeSeconds: 8,
    });
    assert.equal((await post('/__platform/faults', { latencyMs: -1 })).status, 400);
    // A refused request changes nothing, not even its valid half.
    assert.equal((await post('/__platform/faults', { latencyMs: 1, tokenLifetimeSeconds: 0 })).status, 400);
    assert.equal((await post('/__platform/faults', { tokenLifetimeSeconds: '8' })).status, 400);
    assert.deepEqual(await (await fetch(`${server.url}/__platform/faults`)).json(), {
      latencyMs: 250,
      tokenLifetimeSeconds: 8,
    });
    await post('/__platform/reset');
    assert.deepEqual(await (await fetch(`${server.url}/__platform/faults`)).json(), {
      latencyMs: 30_000,
      tokenLifetimeSeconds: null,
    });
  });
});

describe('vendor files', () => {
  let server: PlatformServer;
  before(async () => {
    server = await startPlatformServer({ port: 0 });
  });
  after(() => server.close());
  const require = createRequire(import.meta.url);
  const fileOf = (pkg: string, file: string) =>
    readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file));

  it('serves the exact files from node_modules with content types and cache headers', async () => {
    const expected: [string, string, string, RegExp][] = [
      [VENDOR_PATHS.three, 'three', 'build/three.min.js', /^text\/javascript/],
      [VENDOR_PATHS.bimuUmd, 'bimu.io.viewer', 'dist/bimU.io.Viewer.umd.js', /^text\/javascript/],
      [VENDOR_PATHS.bimuEsm, 'bimu.io.viewer', 'dist/bimU.io.Viewer.esm.js', /^text\/javascript/],
      [VENDOR_PATHS.materialize, 'materialize-css', 'dist/js/materialize.min.js', /^text\/javascript/],
      [
        VENDOR_PATHS.iconFontCss,
        'material-design-iconic-font',
        'dist/css/material-design-iconic-font.min.css',
        /^text\/css/,
      ],
      [
        `${VENDOR_PATHS.iconFontDir}Material-Design-Iconic-Font.woff2`,
        'material-design-iconic-font',
        'dist/fonts/Material-Design-Iconic-Font.woff2',
        /^font\/woff2$/,
      ],
    ];
    for (const [path, pkg, file, type] of expected) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type')!, type);
      assert.match(response.headers.get('cache-control')!, /max-age=\d+/);
      assert.equal(
        response.headers.get('access-control-allow-origin'),
        '*',
        'fonts load cross-origin only with CORS',
      );
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), await fileOf(pkg, file), path);
    }
  });

  it("resolves the icon CSS's ../fonts/ URLs (with their ?v= query) to served fonts", async () => {
    const css = await (await fetch(`${server.url}${VENDOR_PATHS.iconFontCss}`)).text();
    const urls = [...css.matchAll(/url\(([^)]+)\)/g)].map(
      (m) => new URL(m[1]!.replace(/['"]/g, ''), `${server.url}${VENDOR_PATHS.iconFontCss}`),
    );
    assert.ok(urls.length >= 3);
    for (const url of urls) assert.equal((await fetch(url, { method: 'HEAD' })).status, 200, url.pathname);
  });

  it('serves every listed file, revalidates with ETag, and refuses other methods', async () => {
    for (const path of VENDOR_FILES)
      assert.equal((await fetch(`${server.url}${path}`, { method: 'HEAD' })).status, 200, path);
    const first = await fetch(`${server.url}${VENDOR_PATHS.three}`, { method: 'HEAD' });
    const etag = first.headers.get('etag')!;
    assert.equal(
      (await fetch(`${server.url}${VENDOR_PATHS.three}`, { headers: { 'If-None-Match': etag } })).status,
      304,
    );
    const post = await fetch(`${server.url}${VENDOR_PATHS.three}`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  it('has nothing to traverse: only listed paths are served', async () => {
    for (const path of [
      '/vendor/three/package.json',
      '/vendor/three/..%2fpackage.json',
      '/vendor/three/%2e%2e/%2e%2e/package.json',
      '/vendor/three/../../package.json',
      '/vendor/material-design-iconic-font/fonts/../../../../etc/passwd',
      '/vendor/material-design-iconic-font/fonts/%2e%2e%2f%2e%2e%2fpackage.json',
      '/vendor/',
      '/vendor/bimu/',
    ]) {
      const response = await raw(`${server.url}${path}`);
      assert.ok(response.status === 404, `${response.status} for ${path}`);
      assert.doesNotMatch(response.body, /"name"|root:/);
    }
  });
});

describe('middlewares', () => {
  it('connect middleware: handles platform paths, calls next for others', async () => {
    const platform = createPlatform();
    let nexts = 0;
    const server = createServer((req, res) =>
      platform.middleware(req, res, () => {
        nexts++;
        res.end('site');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'site');
      assert.equal((await fetch(`${origin}/rest/api/v1/token`, { method: 'POST' })).status, 401);
      assert.equal(nexts, 1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('Koa middleware: writes the response itself (respond = false) or calls next', async () => {
    const platform = createPlatform();
    const contexts: KoaContextLike[] = [];
    const server = createServer((req, res) => {
      const ctx: KoaContextLike = { req, res };
      contexts.push(ctx);
      void platform.koaMiddleware(ctx, async () => {
        res.end('next');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const response = await fetch(`${origin}/rest/api/v1/token`, {
        method: 'POST',
        headers: { Authorization: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey) },
      });
      assert.equal(response.status, 200);
      assert.equal(contexts[0]!.respond, false);
      assert.equal(contexts[0]!.status, 200);
      assert.equal(await (await fetch(`${origin}/other`)).text(), 'next');
      assert.equal(contexts[1]!.respond, undefined);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('npm run platform', () => {
  it('starts on the given port, prints URLs and LOCAL-ONLY credentials, serves, and stops on SIGTERM', async () => {
    const started = performance.now();
    const child = spawn('npm', ['run', '--silent', 'platform', '--', '--port', '0', '--test-controls'], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': npm can exit before the platform process, which shares the output pipe, has written
    // its last lines ("SIGTERM: stopping"); 'close' waits until every writer of the pipes is gone.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      // Waits for the URL, or fails when the process ends without printing it; no wall-clock bound, since
      // starting npm and tsx on a busy machine can take any time (the test's own timeout still applies).
      const url = await new Promise<string>((resolve, reject) => {
        void exited.then(() => reject(new Error(`exited without printing a URL:\n${output}`)));
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]!);
        });
      });
      const startupMs = performance.now() - started;
      assert.match(output, /LOCAL-ONLY/);
      assert.match(output, new RegExp(`${DEMO_ACCOUNT.accountName}.*${DEMO_ACCOUNT.apiKey}`));
      // Each shared model with its own LOCAL-ONLY password.
      assert.match(output, /small-office +shared, password local-demo-small-office-password \(LOCAL-ONLY\)/);
      assert.match(output, /protected-house +shared, password local-demo-password \(LOCAL-ONLY\)/);
      assert.match(output, /\/rest\/api\/v1/);
      // The platform's own start (create + listen, a few ms) keeps its 2 s budget; the process start around it
      // (Node, tsx compiling TypeScript) is printed for the record only: a busy machine slows it arbitrarily.
      const timing = /platform ready in (\d+) ms, (\d+) ms after process start/.exec(output);
      assert.ok(timing, output);
      assert.ok(Number(timing[1]) < 2000, `platform start ${timing[1]} ms`);
      console.log(
        `npm run platform: URL after ${Math.round(startupMs)} ms; platform ready in ${timing[1]} ms, ${timing[2]} ms after process start`,
      );
      const response = await fetch(`${url}/rest/api/v1/token`, {
        method: 'POST',
        headers: { Authorization: basic(DEMO_ACCOUNT.accountName, DEMO_ACCOUNT.apiKey) },
      });
      assert.equal(response.status, 200);
      assert.equal((await fetch(`${url}/__platform/stats`)).status, 200);
    } finally {
      // npm runs the CLI in a child process; signal the whole group so neither outlives the test. The signal
      // may arrive while the platform generates a model (synchronous work of up to seconds on a busy machine):
      // the script runs the CLI in Node itself (`node --import tsx`), not through the `tsx` binary, whose
      // parent process SIGKILLs a child that has not acknowledged a relayed signal within 60 ms.
      process.kill(-child.pid!, 'SIGTERM');
    }
    const code = await exited;
    assert.ok(code === 0 || code === null, `exit code ${code}\n${output}`);
    assert.match(output, /SIGTERM: stopping/);
  });

  it('refuses a bad --port with a usage message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/platform/cli.ts', '--port', 'abc'], {
      cwd: new URL('../..', import.meta.url),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 2);
    assert.match(stderr, /Usage: npm run platform/);
  });
});
