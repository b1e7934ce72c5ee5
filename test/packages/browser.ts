/**
 * A page server next to the local bimU.io platform (one origin: the platform's API and its offline SDK files,
 * plus the pages and scripts a test serves), and Debian's Chromium driven by playwright-core with software
 * WebGL, as the project's scripts launch it.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createPlatform } from '../../demo/platform/index.js';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../../scripts/chromium.js';

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** Serves `routes` (path → [content type, body]) and the platform (with its fault models) for everything else. */
export async function serve(routes: Map<string, [string, string | Buffer]>): Promise<Served> {
  const platform = createPlatform({ testControls: true });
  const server: Server = createServer((request, response) => {
    const route = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
    if (route) {
      response.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-store' });
      response.end(route[1]);
      return;
    }
    platform.middleware(request, response, () => {
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: [...CHROMIUM_ARGS] });
}

/**
 * Runs before any page script: keeps every WebGL context created, so a test can count the live ones
 * (`liveWebGLContexts()`), as test/integration/churn.test.ts does.
 */
export const COUNT_WEBGL_CONTEXTS = `
  window.webglContexts = new Set();
  const nativeGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (...args) {
    const context = nativeGetContext.apply(this, args);
    if (context instanceof WebGLRenderingContext || context instanceof WebGL2RenderingContext) window.webglContexts.add(context);
    return context;
  };
  window.liveWebGLContexts = () => [...window.webglContexts].filter((context) => !context.isContextLost()).length;
`;

/** Uncaught errors and Chromium's warning about evicting WebGL contexts, collected from a page. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (/Too many active WebGL contexts/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/**
 * Waits for `window.appEvents[index]` (`loaded:<modelId>`, `error:<code>:<modelId>`) and returns it. No timeout
 * of its own: every load ends in `loaded` or `error`, by the element's watchdog (60 s without progress) at the
 * latest.
 */
export async function eventAt(page: Page, index: number): Promise<string> {
  const handle = await page.waitForFunction((at) => window.appEvents[at], index, { timeout: 0 });
  return (await handle.jsonValue()) as string;
}

/**
 * Whether the page's `<model-viewer-embed>` is one it has not had before: after a remount it must be, or the
 * framework kept the element and the cycle tested nothing (and the wait for its load would never end).
 */
export async function elementIsNew(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.querySelector('model-viewer-embed');
    if (!element) return false;
    window.seenElements ??= new WeakSet();
    const isNew = !window.seenElements.has(element);
    window.seenElements.add(element);
    return isNew;
  });
}

declare global {
  interface Window {
    seenElements?: WeakSet<Element>;
    appEvents: string[];
    webglContexts: Set<WebGLRenderingContext | WebGL2RenderingContext>;
    liveWebGLContexts(): number;
  }
}

/** The three switches every framework's test app exposes, each driven from the test through the page. */
export interface AppDriver {
  setModelId(modelId: string): Promise<unknown>;
  setMounted(mounted: boolean): Promise<unknown>;
  /** Unmounts the element and mounts it again, as the framework does when a keyed or conditional block changes. */
  remount(): Promise<unknown>;
}

/**
 * The app started on `protected-house` (with a password): its `loaded` reaches the framework's handler, then a
 * model switch, an `error` (a model whose part answers 404) and one more switch, each delivered once. Returns
 * how many events the page has seen.
 */
export async function checkModelSwitches(page: Page, app: AppDriver): Promise<number> {
  assert.equal(await eventAt(page, 0), 'loaded:protected-house');
  await app.setModelId('open-pavilion');
  assert.equal(await eventAt(page, 1), 'loaded:open-pavilion');
  // Shared without a password, its part answers 404: the element's `error` reaches the handler.
  await app.setModelId('fault-part-404');
  assert.match(await eventAt(page, 2), /^error:[a-z-]+:fault-part-404$/);
  // One more load, so that a second delivery of any earlier event would have arrived before it.
  await app.setModelId('open-pavilion');
  assert.equal(await eventAt(page, 3), 'loaded:open-pavilion');
  assert.equal(
    (await page.evaluate(() => window.appEvents)).length,
    4,
    'each event reached the handler once',
  );
  return 4;
}

/**
 * 100 unmount/mount cycles of the element on `open-pavilion`, then a final unmount: each cycle mounts a new
 * element, every tenth one loads to the end and the others are torn down at whatever stage they reached, and
 * no WebGL context is left alive. `events` is how many events the page has seen before.
 */
export async function checkRemounts(page: Page, app: AppDriver, events: number): Promise<void> {
  assert.ok(await elementIsNew(page));
  let seen = events;
  for (let cycle = 1; cycle <= 100; cycle += 1) {
    await app.remount();
    assert.ok(await elementIsNew(page), `cycle ${cycle} mounted a new element`);
    if (cycle % 10 === 0) {
      // The remount before may still deliver its load; wait for this cycle's.
      let event = await eventAt(page, seen++);
      while (event !== 'loaded:open-pavilion') event = await eventAt(page, seen++);
    } else {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
  }
  await app.setMounted(false);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  assert.equal(await page.evaluate(() => document.querySelector('model-viewer-embed')), null);
  assert.equal(
    await page.evaluate(() => window.liveWebGLContexts()),
    0,
    'no live WebGL context after unmount',
  );
  assert.ok(
    (await page.evaluate(() => window.webglContexts.size)) >= 10,
    'a viewer (a WebGL context) was created in at least the ten completed cycles',
  );
}
