/**
 * The demo's back-end (demo/local-backend.ts): which models its token route serves, and, with test controls,
 * one token cache per page that the page's reset drops, so that browser tests can count upstream requests
 * from an empty cache.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalBackend, TOKEN_ROUTE, type LocalBackend } from '../../demo/local-backend.js';
import { FAULT_MODEL_IDS, MODEL_IDS, SCOPE_MODEL_IDS } from '../../demo/platform/index.js';

const ORIGIN = 'http://backend.test';
const PAGE_A = `${ORIGIN}/page-a.html`;
const PAGE_B = `${ORIGIN}/page-b.html`;

async function call(backend: LocalBackend, path: string, page: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('referer', page);
  const response = await backend.handle(new Request(`${ORIGIN}${path}`, { ...init, headers }));
  assert.ok(response, `no response for ${path}`);
  return response;
}

async function routeStatus(backend: LocalBackend, modelId: string, page = PAGE_A): Promise<number> {
  const response = await call(backend, TOKEN_ROUTE, page, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId }),
  });
  await response.body?.cancel();
  return response.status;
}

/** The platform's count of `POST /token` requests made for `page` (the route's upstream requests). */
async function upstreamRequests(backend: LocalBackend, page: string): Promise<number> {
  return ((await (await call(backend, '/__platform/stats', page)).json()) as { token: number }).token;
}

/**
 * A back-end with its models generated: the back-end starts generating them at creation, and generating the
 * large campus blocks the event loop for seconds on a busy machine, long enough for a token request that
 * waits behind it to pass the route's upstream timeout.
 */
async function backendWith(options: Parameters<typeof createLocalBackend>[0] = {}): Promise<LocalBackend> {
  const info = console.info;
  console.info = () => {};
  let backend: LocalBackend;
  try {
    backend = createLocalBackend(options);
  } finally {
    console.info = info;
  }
  await backend.platform.warmUp();
  return backend;
}

describe('demo back-end token route', () => {
  it('serves the five scope models and the token-latency fault model only with test controls', async () => {
    const withControls = await backendWith({ testControls: true });
    const without = await backendWith();
    for (const modelId of [...Object.values(SCOPE_MODEL_IDS), FAULT_MODEL_IDS.tokenLatency]) {
      if (modelId === FAULT_MODEL_IDS.tokenLatency) {
        await call(withControls, '/__platform/faults', PAGE_A, {
          method: 'POST',
          body: JSON.stringify({ latencyMs: 0 }),
        });
      }
      assert.equal(await routeStatus(withControls, modelId), 200, modelId);
      assert.equal(await routeStatus(without, modelId), 403, modelId);
    }
    assert.equal(await routeStatus(without, MODEL_IDS.smallOffice), 200);
    assert.equal(await routeStatus(withControls, MODEL_IDS.protectedHouse), 403);
  });

  it('keeps one token cache per page with test controls, and the page’s reset drops it', async () => {
    const backend = await backendWith({ testControls: true });
    const kiosk = SCOPE_MODEL_IDS.kiosk;
    assert.equal(await routeStatus(backend, kiosk, PAGE_A), 200);
    assert.equal(await routeStatus(backend, kiosk, PAGE_A), 200);
    assert.equal(
      await upstreamRequests(backend, PAGE_A),
      1,
      'page A: the second request is served from cache',
    );

    assert.equal(await routeStatus(backend, kiosk, PAGE_B), 200);
    assert.equal(await upstreamRequests(backend, PAGE_B), 1, 'page B has a cache of its own');

    // The reset zeroes page A's counters and drops its cache; page B's stays.
    await call(backend, '/__backend/reset', PAGE_A, { method: 'POST' });
    await call(backend, '/__platform/reset', PAGE_A, { method: 'POST' });
    assert.equal(await routeStatus(backend, kiosk, PAGE_A), 200);
    assert.equal(await upstreamRequests(backend, PAGE_A), 1, 'page A after its reset');
    assert.equal(await routeStatus(backend, kiosk, PAGE_B), 200);
    assert.equal(await upstreamRequests(backend, PAGE_B), 1, 'page B still has its cached token');
  });
});
