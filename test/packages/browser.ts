/**
 * A page server next to the local bimU.io platform (one origin: the platform's API and its offline SDK files,
 * plus the pages and scripts a test serves), and Debian's Chromium driven by playwright-core with software
 * WebGL, as the project's scripts launch it.
 */
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
