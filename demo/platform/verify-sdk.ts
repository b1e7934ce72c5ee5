/**
 * `npx tsx demo/platform/verify-sdk.ts` — loads every catalog model from the platform with the REAL bimU.io SDK
 * in headless Chromium, through the token flow and the password flow, and checks the fault models and the
 * data endpoints as the SDK sees them. Prints one line per case and a summary; exits 1 if any case fails.
 *
 * This is a development check of the platform against the vendor's code, complementing the HTTP-level tests
 * in test/platform (which only prove what their author believed the SDK does). The browser is Debian's
 * Chromium (`CHROMIUM_BIN`, default /usr/bin/chromium); every request that is not to the platform is blocked,
 * which proves pages work offline.
 *
 * Arguments filter cases by name (`verify-sdk.ts campus`). `THROTTLE=<bytes/s>` throttles part downloads;
 * `SCREENSHOT_DIR=<dir>` saves a screenshot of each loaded model there; `WARM=1` generates every model before the
 * first load, so load times exclude generation.
 */
import { Buffer } from 'node:buffer';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { VENDOR_PATHS } from './assets.js';
import { DEMO_ACCOUNT, FAULT_MODEL_IDS, MODEL_IDS, PROTECTED_HOUSE_PASSWORD } from './catalog.js';
import { createPlatform, type Platform } from './index.js';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../../scripts/chromium.js';

const CHROMIUM = CHROMIUM_BIN;

/** The scratch page: the SDK from the platform's vendor paths and a `runLoad` helper that reports callbacks. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>platform × SDK</title>
<script src="${VENDOR_PATHS.three}"></script>
<script src="${VENDOR_PATHS.bimuUmd}"></script>
<style>body{margin:0} .viewer{width:800px;height:400px}</style>
</head><body>
<script>
window.windowErrors = [];
window.addEventListener('error', (e) => window.windowErrors.push(String(e.message)));
window.addEventListener('unhandledrejection', (e) => window.windowErrors.push(String(e.reason)));
// Triangles actually drawn, read from three's renderer statistics after each frame. three r113 defines
// render() per instance in the WebGLRenderer constructor, so the constructor is wrapped, not the prototype.
window.maxTriangles = 0;
const Renderer = THREE.WebGLRenderer;
THREE.WebGLRenderer = function (...args) {
  const renderer = new Renderer(...args);
  const render = renderer.render;
  renderer.render = function (...renderArgs) {
    const result = render.apply(this, renderArgs);
    window.maxTriangles = Math.max(window.maxTriangles, this.info.render.triangles);
    return result;
  };
  return renderer;
};
THREE.WebGLRenderer.prototype = Renderer.prototype;
const LOCAL_CDN = {
  'https://cdnjs.cloudflare.com/ajax/libs/materialize/1.0.0/js/materialize.min.js': '${VENDOR_PATHS.materialize}',
  'https://cdnjs.cloudflare.com/ajax/libs/material-design-iconic-font/2.2.0/css/material-design-iconic-font.min.css': '${VENDOR_PATHS.iconFontCss}',
};
window.runLoad = (config, options) => new Promise((resolve) => {
  const div = document.createElement('div');
  div.id = 'viewer';
  div.className = 'viewer';
  document.body.append(div);
  // With showUI the SDK appends Materialize and the icon font from cdnjs to <head>; point them at the platform.
  const head = document.head;
  const append = head.append;
  head.append = function (...nodes) {
    for (const node of nodes) {
      if (node.src && LOCAL_CDN[node.src]) node.src = LOCAL_CDN[node.src];
      if (node.href && LOCAL_CDN[node.href]) node.href = LOCAL_CDN[node.href];
    }
    return append.apply(this, nodes);
  };
  const viewer = new bimU.Viewer({ domElementId: 'viewer', showUI: !!options.showUI, showFPS: false });
  viewer.initialize();
  head.append = append;
  window.viewer = viewer;
  const started = performance.now();
  const progress = [];
  const errors = [];
  let downloadedMs;
  let settled = false;
  const finish = (outcome) => {
    if (settled) return;
    settled = true;
    resolve({ outcome, ms: Math.round(performance.now() - started), downloadedMs, progress, errors });
  };
  setTimeout(() => finish('timeout'), options.timeoutMs);
  try {
    viewer.loadModel(
      { ...config },
      (event) => {
        progress.push(event.progress);
        if (event.progress === '100' && downloadedMs === undefined) downloadedMs = Math.round(performance.now() - started);
      },
      () => finish('loaded'),
      (event) => {
        errors.push(event.error instanceof Error ? event.error.message : String(event.error));
        finish('error');
      },
    );
  } catch (error) {
    errors.push(String(error));
    finish('threw');
  }
});
const call = (method, ...args) => new Promise((resolve) =>
  window.viewer[method](...args, (value) => resolve({ ok: true, value }), (event) => resolve({ ok: false, error: String(event.error && event.error.message || event.error) })));
window.dataCalls = async () => ({
  file: await call('getFileProperties'),
  metadata: await call('getModelMetadata'),
  element: await call('getElementDataByIndex', 3),
  query: await call('getElementDataByQuery', "\\"IFC:Type\\" = 'IfcWindow'", '"Element:Name" AS "Name", "Materials:Material"', 3),
  byProperty: await call('getElementDataByProperty', [new bimU.PropertyFilter('IFC', 'Type', 'IfcColumn')], [new bimU.PropertySelector('Element', 'Name')], 2),
  noRows: await call('getElementDataByQuery', "\\"IFC:Type\\" = 'IfcDoor'", '*', 5),
});
</script></body></html>`;

interface LoadResult {
  outcome: 'loaded' | 'error' | 'timeout' | 'threw';
  ms: number;
  /** When the averaged progress first reached 100 (all bytes downloaded, not yet parsed). */
  downloadedMs?: number;
  progress: string[];
  errors: string[];
}

interface Case {
  name: string;
  run(page: Page, baseUrl: string, platform: Platform): Promise<string>;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

async function accountToken(baseUrl: string): Promise<string> {
  const basic = Buffer.from(`${DEMO_ACCOUNT.accountName}:${DEMO_ACCOUNT.apiKey}`).toString('base64');
  const response = await fetch(`${baseUrl}/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${basic}` },
  });
  return ((await response.json()) as { token: string }).token;
}

async function load(
  page: Page,
  config: Record<string, unknown>,
  timeoutMs = 60_000,
  showUI = false,
): Promise<LoadResult> {
  return page.evaluate(
    ([c, o]) =>
      (window as unknown as { runLoad: (c: unknown, o: unknown) => Promise<LoadResult> }).runLoad(c, o),
    [config, { timeoutMs, showUI }] as const,
  );
}

async function trianglesDrawn(page: Page): Promise<number> {
  // Let the render loop draw a couple of frames with the model in the scene.
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  return page.evaluate(() => (window as unknown as { maxTriangles: number }).maxTriangles);
}

function describeLoad(result: LoadResult): string {
  const last = result.progress.at(-1);
  const downloaded = result.downloadedMs === undefined ? '' : `, downloaded at ${result.downloadedMs} ms`;
  return `${result.outcome} in ${result.ms} ms${downloaded}, ${result.progress.length} progress events${last ? ` (last ${last}%)` : ''}`;
}

function loadsCase(modelId: string, flow: 'token' | 'password', password?: string): Case {
  return {
    name: `${modelId} via ${flow} flow`,
    async run(page, baseUrl, platform) {
      const config =
        flow === 'token'
          ? { modelId, accessToken: await accountToken(baseUrl), baseUrl }
          : { modelId, password, baseUrl };
      const result = await load(page, config);
      check(
        result.outcome === 'loaded',
        `expected onLoaded, got ${describeLoad(result)} ${result.errors.join(' | ')}`,
      );
      const triangles = await trianglesDrawn(page);
      if (process.env.SCREENSHOT_DIR) {
        await page
          .locator('#viewer')
          .screenshot({ path: `${process.env.SCREENSHOT_DIR}/${modelId}-${flow}.png` });
      }
      const model = platform.getModel(modelId)!;
      check(triangles >= model.triangles, `drew ${triangles} triangles, the model has ${model.triangles}`);
      const sizes = model.parts.map((part) => part.byteLength);
      return `${describeLoad(result)}; drew ${triangles} triangles (model ${model.triangles}); parts ${sizes.join(' + ')} bytes`;
    },
  };
}

function errorCase(
  name: string,
  config: (baseUrl: string) => Promise<Record<string, unknown>>,
  expected: RegExp,
): Case {
  return {
    name,
    async run(page, baseUrl) {
      const result = await load(page, await config(baseUrl), 10_000);
      check(result.outcome === 'error', `expected onError, got ${describeLoad(result)}`);
      check(
        result.errors.some((e) => expected.test(e)),
        `unexpected error: ${result.errors.join(' | ')}`,
      );
      return `${describeLoad(result)}: ${result.errors[0]}`;
    },
  };
}

const CASES: Case[] = [
  loadsCase(MODEL_IDS.smallOffice, 'token'),
  loadsCase(MODEL_IDS.largeCampus, 'token'),
  loadsCase(MODEL_IDS.protectedHouse, 'token'),
  loadsCase(MODEL_IDS.openPavilion, 'token'),
  loadsCase(MODEL_IDS.privateAnnex, 'token'),
  loadsCase(MODEL_IDS.protectedHouse, 'password', PROTECTED_HOUSE_PASSWORD),
  loadsCase(MODEL_IDS.openPavilion, 'password', ''),
  {
    name: 'protected-house model token (from the password exchange) via token flow',
    async run(page, baseUrl) {
      const basic = Buffer.from(`${MODEL_IDS.protectedHouse}:${PROTECTED_HOUSE_PASSWORD}`).toString('base64');
      const response = await fetch(`${baseUrl}/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}` },
      });
      const { token } = (await response.json()) as { token: string };
      const result = await load(page, { modelId: MODEL_IDS.protectedHouse, accessToken: token, baseUrl });
      check(result.outcome === 'loaded', `expected onLoaded, got ${describeLoad(result)}`);
      return describeLoad(result);
    },
  },
  errorCase(
    'protected-house with a wrong password',
    async (baseUrl) => ({ modelId: MODEL_IDS.protectedHouse, password: 'wrong', baseUrl }),
    /Failed to request access token\..*Status code: 401\./,
  ),
  errorCase(
    'private-annex with a password (unshared)',
    async (baseUrl) => ({ modelId: MODEL_IDS.privateAnnex, password: 'anything', baseUrl }),
    /Status code: 401\./,
  ),
  errorCase(
    'expired token',
    async (baseUrl) => {
      const response = await fetch(`${baseUrl.replace('/rest/api/v1', '')}/__platform/token`, {
        method: 'POST',
        body: JSON.stringify({ expiresIn: -60 }),
      });
      return {
        modelId: MODEL_IDS.smallOffice,
        accessToken: ((await response.json()) as { token: string }).token,
        baseUrl,
      };
    },
    /Failed to fetch blob metadata\..*Status code: 401\./,
  ),
  errorCase(
    'model token on another model',
    async (baseUrl) => {
      const basic = Buffer.from(`${MODEL_IDS.openPavilion}:`).toString('base64');
      const response = await fetch(`${baseUrl}/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}` },
      });
      return {
        modelId: MODEL_IDS.smallOffice,
        accessToken: ((await response.json()) as { token: string }).token,
        baseUrl,
      };
    },
    /Failed to fetch blob metadata\..*Status code: 403\./,
  ),
  errorCase(
    'unknown model',
    async (baseUrl) => ({ modelId: 'no-such-model', accessToken: await accountToken(baseUrl), baseUrl }),
    /Failed to fetch blob metadata\..*Status code: 404\./,
  ),
  errorCase(
    FAULT_MODEL_IDS.token500,
    async (baseUrl) => ({ modelId: FAULT_MODEL_IDS.token500, password: '', baseUrl }),
    /Status code: 500\./,
  ),
  errorCase(
    FAULT_MODEL_IDS.part404,
    async (baseUrl) => ({ modelId: FAULT_MODEL_IDS.part404, password: '', baseUrl }),
    /^Failed to download model\. Status code: 404$/,
  ),
  {
    name: `${FAULT_MODEL_IDS.partGarbage} (expected: hangs, error only on window)`,
    async run(page, baseUrl) {
      const result = await load(page, { modelId: FAULT_MODEL_IDS.partGarbage, password: '', baseUrl }, 5000);
      const windowErrors = await page.evaluate(
        () => (window as unknown as { windowErrors: string[] }).windowErrors,
      );
      check(result.outcome === 'timeout', `expected no callback, got ${describeLoad(result)}`);
      return `${describeLoad(result)}; window errors: ${windowErrors.join(' | ') || 'none'}`;
    },
  },
  {
    name: `${FAULT_MODEL_IDS.emptyUrls} (expected: hangs)`,
    async run(page, baseUrl) {
      const result = await load(page, { modelId: FAULT_MODEL_IDS.emptyUrls, password: '', baseUrl }, 3000);
      check(result.outcome === 'timeout', `expected no callback, got ${describeLoad(result)}`);
      return describeLoad(result);
    },
  },
  {
    name: `${FAULT_MODEL_IDS.partNoLength} (expected: loads, no progress)`,
    async run(page, baseUrl) {
      const result = await load(page, { modelId: FAULT_MODEL_IDS.partNoLength, password: '', baseUrl });
      check(result.outcome === 'loaded' && result.progress.length === 0, `got ${describeLoad(result)}`);
      return describeLoad(result);
    },
  },
  {
    name: `${FAULT_MODEL_IDS.tokenLatency} and ${FAULT_MODEL_IDS.metadataLatency} with latencyMs 700`,
    async run(page, baseUrl) {
      const origin = baseUrl.replace('/rest/api/v1', '');
      await fetch(`${origin}/__platform/faults`, {
        method: 'POST',
        body: JSON.stringify({ latencyMs: 700 }),
      });
      const a = await load(page, { modelId: FAULT_MODEL_IDS.tokenLatency, password: '', baseUrl });
      await page.reload();
      const b = await load(page, { modelId: FAULT_MODEL_IDS.metadataLatency, password: '', baseUrl });
      await fetch(`${origin}/__platform/reset`, { method: 'POST' });
      check(
        a.outcome === 'loaded' && a.ms >= 700 && b.outcome === 'loaded' && b.ms >= 700,
        `got ${describeLoad(a)} / ${describeLoad(b)}`,
      );
      return `token latency: ${describeLoad(a)}; metadata latency: ${describeLoad(b)}`;
    },
  },
  {
    name: 'data endpoints through the SDK (small-office)',
    async run(page, baseUrl) {
      const result = await load(page, {
        modelId: MODEL_IDS.smallOffice,
        accessToken: await accountToken(baseUrl),
        baseUrl,
      });
      check(result.outcome === 'loaded', describeLoad(result));
      const data = await page.evaluate(() =>
        (
          window as unknown as {
            dataCalls: () => Promise<Record<string, { ok: boolean; value?: unknown; error?: string }>>;
          }
        ).dataCalls(),
      );
      for (const [name, outcome] of Object.entries(data)) check(outcome.ok, `${name}: ${outcome.error}`);
      return Object.entries(data)
        .map(([name, outcome]) => `${name}=${JSON.stringify(outcome.value).slice(0, 160)}`)
        .join('\n      ');
    },
  },
  {
    name: 'showUI with Materialize and the icon font from /vendor (offline)',
    async run(page, baseUrl) {
      const result = await load(
        page,
        { modelId: MODEL_IDS.openPavilion, password: '', baseUrl },
        60_000,
        true,
      );
      check(result.outcome === 'loaded', describeLoad(result));
      const ui = await page.evaluate(async () => {
        await document.fonts.ready;
        await new Promise((resolve) => setTimeout(resolve, 500));
        return {
          materialize: typeof (window as unknown as { M?: unknown }).M,
          iconFont: document.fonts.check('16px Material-Design-Iconic-Font'),
          toolbar: !!document.getElementById('viewer-toolbar'),
        };
      });
      check(ui.materialize === 'object' && ui.iconFont && ui.toolbar, JSON.stringify(ui));
      return `${describeLoad(result)}; ${JSON.stringify(ui)}`;
    },
  },
];

async function main(): Promise<void> {
  const throttle = Number(process.env.THROTTLE ?? 0);
  const platform = createPlatform({ testControls: true, partThrottleBytesPerSecond: throttle });
  const serve = (req: IncomingMessage, res: ServerResponse) =>
    platform.middleware(req, res, () => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    });
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/rest/api/v1`;

  if (process.env.WARM === '1') {
    const warmStarted = performance.now();
    await platform.warmUp();
    console.log(
      `Generated every model in ${Math.round(performance.now() - warmStarted)} ms before the first load.`,
    );
  }
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
  const only = process.argv.slice(2);
  let failures = 0;
  const blocked = new Set<string>();
  for (const testCase of CASES) {
    if (only.length > 0 && !only.some((word) => testCase.name.includes(word))) continue;
    // A fresh context per case: one viewer per page, so WebGL contexts and SDK globals never pile up.
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('blob:') || url.startsWith('data:'))
        return route.continue();
      blocked.add(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(origin);
    try {
      const detail = await testCase.run(page, baseUrl, platform);
      console.log(`ok   ${testCase.name}\n      ${detail}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${testCase.name}\n      ${(error as Error).message}`);
    } finally {
      await context.close();
    }
  }
  await browser.close();
  server.closeAllConnections();
  server.close();
  if (blocked.size > 0) console.log(`Blocked off-platform requests: ${[...blocked].join(', ')}`);
  console.log(failures === 0 ? 'All SDK checks passed.' : `${failures} SDK check(s) failed.`);
  process.exitCode = failures === 0 ? 0 : 1;
}

void main();
