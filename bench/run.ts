/// <reference types="node" />
/**
 * Benchmark: `<model-viewer-embed>` against a hand-written page that uses the raw bimU.io SDK, measured side by
 * side in one run (`npm run bench`, or `node --import tsx bench/run.ts [--runs N] [--churn-runs N] [--quick]
 * [--cycles N] [--throttle BYTES_PER_S] [--out FILE]`; `--help` explains them).
 *
 * 1. Builds both bench pages for production with Vite (raw-sdk.html and element.html, into
 *    node_modules/.cache/model-viewer-embed-bench/pages), the in-page probe (probe.ts, an IIFE), and the
 *    element alone as a minified library, to weigh it.
 * 2. Serves the built pages with Vite's `preview()`, with the local bimU.io platform and the vendor files
 *    mounted on the same origin (demo/local-backend.ts). A production build rather than the dev server: the
 *    dev server serves Lit and the element as dozens of unbundled modules (and Lit in dev mode), which would
 *    make the element look slower for reasons no user ever sees.
 * 3. Drives Debian's Chromium with playwright-core (`CHROMIUM_BIN` overrides /usr/bin/chromium),
 *    interleaving raw and element samples in one browser (alternating which goes first each repetition, so
 *    neither side always runs on a warmer machine; the churn last), each sample in a fresh browser context
 *    (cold HTTP cache), and prints the medians as a Markdown table with the ratio element/raw. Results also
 *    go to bench/results/latest.json.
 *
 * Everything is bounded: every wait has a timeout, a watchdog ends the process if the whole run overruns,
 * and the browser and the server are closed in `finally`.
 */
import { parseArgs } from 'node:util';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, minify, preview, type Plugin, type PreviewServer, type Rolldown } from 'vite';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { createLocalBackend } from '../demo/local-backend.js';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../scripts/chromium.js';
import type { BenchPageState, DomCounts, Variant } from './protocol.js';

// ---------------------------------------------------------------------------------------------------------
// Options

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    'churn-runs': { type: 'string' },
    quick: { type: 'boolean', default: false },
    cycles: { type: 'string' },
    throttle: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: node --import tsx bench/run.ts [options]
  --runs N          repetitions of the load scenarios, per variant (default 5; --quick: 1)
  --churn-runs N    repetitions of the churn scenario, per variant (default 1)
  --quick           one repetition and a shorter churn, for a CI smoke run
  --cycles N        create → load → teardown cycles of the churn scenario (default 20; --quick: 8)
  --throttle N      limit each model-part download to N bytes/s (default 0: unthrottled)
  --out FILE        JSON results (default bench/results/latest.json)`);
  process.exit(0);
}

function positiveInteger(
  value: string | undefined,
  fallback: number,
  name: string,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${value}`);
    process.exit(2);
  }
  return n;
}

const QUICK = args.quick;
const RUNS = positiveInteger(args.runs, QUICK ? 1 : 5, '--runs');
// The baseline's churn is slow by nature: every viewer it "disposes" keeps a render loop drawing into a WebGL
// context, which in software WebGL saturates the GPU process, so each cycle is slower than the last (about
// two minutes for 20 cycles on 2 cores). One churn sample per variant keeps a full run near five minutes;
// its counts (loops, contexts, nodes, errors) are deterministic, only its times vary.
const CHURN_RUNS = positiveInteger(args['churn-runs'], 1, '--churn-runs');
// 20 cycles by default: more than the ~16 WebGL contexts Chromium keeps per page, so a leak of contexts shows
// as evictions ("Too many active WebGL contexts") and not only as a count. The quick run stays under that.
const CYCLES = positiveInteger(args.cycles, QUICK ? 8 : 20, '--cycles');
// Unthrottled by default: the platform runs in-process, so times are the pages' own work (script loading,
// parsing, meshing, drawing), which is where the element can add cost. A throttle makes both pages wait on
// the same emulated network and pushes the ratio toward 1.
const THROTTLE = positiveInteger(args.throttle, 0, '--throttle', true);

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
// Build output goes where tools keep caches (ignored by git and by ESLint's defaults), not under bench/, so
// that linting bench/ after a run does not lint minified bundles.
const DIST_DIR = join(REPO_DIR, 'node_modules', '.cache', 'model-viewer-embed-bench');
const PAGES_DIR = join(DIST_DIR, 'pages');
const OUT_FILE = args.out ?? join(BENCH_DIR, 'results', 'latest.json');

const CHROMIUM = CHROMIUM_BIN;
const VIEWPORT = { width: 1280, height: 800 };
/**
 * The churn's viewer box: the SDK's minimum. The baseline's leaked loops draw into every canvas they kept, at a
 * software cost proportional to its pixels; the smallest box keeps the run short and, if anything, understates
 * the baseline's slowdown. The load scenarios use the pages' default 800×400.
 */
const CHURN_SIZE = '300x300';

/** Limits of single waits; a sample that exceeds one is recorded as failed and the run goes on. */
const NAVIGATION_TIMEOUT_MS = 30_000;
const LOAD_TIMEOUT_MS = 90_000;
const CHURN_TIMEOUT_MS = Math.max(120_000, CYCLES * 15_000);
/** After the last teardown: let deferred work settle, then observe the page for two seconds. */
const SETTLE_MS = 500;
const OBSERVE_MS = 2_000;
/** The whole run, as a last resort if something hangs despite the limits above. */
const WATCHDOG_MS = QUICK ? 5 * 60_000 : 10 * 60_000 + RUNS * 60_000 + CHURN_RUNS * 5 * 60_000;

const MODELS = { small: 'small-office', large: 'large-campus' } as const;

// ---------------------------------------------------------------------------------------------------------
// Samples

interface LoadSample {
  scenario: 'load';
  variant: Variant;
  modelId: string;
  repetition: number;
  ok: boolean;
  failure?: string;
  /** ms from navigation start. */
  loadedMs?: number;
  firstProgressMs?: number | null;
  /** ms from navigation start until the SDK had defined `bimU.Viewer`. */
  sdkReadyMs?: number | null;
  progressEvents?: number;
  /** The first progress notifications, [ms, value as reported]. */
  progressValues?: [number, string][];
  heapUsedBytes?: number;
  canvasSize?: [number, number] | null;
  uncaughtErrors?: number;
  consoleErrors?: number;
  /** Wall time of the runner's steps, for diagnosis. */
  phasesMs?: Record<string, number>;
}

interface ChurnSample {
  scenario: 'churn';
  variant: Variant;
  modelId: string;
  repetition: number;
  ok: boolean;
  failure?: string;
  cycles?: number;
  totalMs?: number;
  medianCycleMs?: number;
  cycleMs?: number[];
  /** Uncaught errors while the cycles ran. */
  errorsDuringCycles?: number;
  /** Uncaught errors per second in the observation window after the last teardown. */
  errorsPerSecondAfter?: number;
  /** console.error messages, during and after. */
  consoleErrors?: number;
  rafCallbacksPerSecondAfter?: number;
  /** Frames per second the page still produced after teardown (a frame meter of the probe). */
  framesPerSecondAfter?: number;
  /** Pending rAF requests after teardown: render loops still scheduling themselves. */
  renderLoopsAfter?: number;
  webglCreated?: number;
  webglLost?: number;
  webglAlive?: number;
  tooManyContextsWarnings?: number;
  heapUsedBytes?: number;
  /** Node counts after the last teardown minus before the first cycle. */
  leftovers?: DomCounts;
  firstErrors?: string[];
  phasesMs?: Record<string, number>;
}

type Sample = LoadSample | ChurnSample;

interface ConsoleCounts {
  errors: number;
  tooManyContexts: number;
}

interface OpenedPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  console: ConsoleCounts;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Records how long each step of a sample takes (wall time), into `phases`. */
function phaseTimer(phases: Record<string, number>): (name: string) => void {
  let last = performance.now();
  return (name) => {
    const now = performance.now();
    phases[name] = Math.round(now - last);
    last = now;
  };
}

/** Where the SDK's cdnjs requests (Materialize and its icon font) are served from on the local origin. */
function cdnjsToLocal(url: URL): string | undefined {
  const routes: [string, string][] = [
    ['/ajax/libs/materialize/1.0.0/js/', '/vendor/materialize/'],
    ['/ajax/libs/material-design-iconic-font/2.2.0/', '/vendor/material-design-iconic-font/'],
  ];
  for (const [from, to] of routes) {
    if (url.pathname.startsWith(from)) return to + url.pathname.slice(from.length);
  }
  return undefined;
}

async function openPage(browser: Browser, origin: string, probeScript: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    // The raw SDK loads Materialize and an icon font from cdnjs by itself (the element is pointed at /vendor
    // by its ui-assets-base setting). There is no internet here, so cdnjs is emulated with the same local
    // files; without it the baseline would skip Materialize's work and look cheaper than it is. Any other
    // off-origin request fails at once instead of hanging. (Routing intercepts every request of the context,
    // which adds the same small per-request cost to both pages.)
    const localHost = new URL(origin).host;
    await context.route(
      (url) => url.host !== localHost,
      async (route) => {
        const url = new URL(route.request().url());
        const local = url.host === 'cdnjs.cloudflare.com' ? cdnjsToLocal(url) : undefined;
        if (!local) return route.abort('internetdisconnected');
        const response = await route.fetch({
          url: new URL(local, origin).href,
          timeout: NAVIGATION_TIMEOUT_MS,
        });
        // cdnjs answers with CORS headers, which the icon font's cross-origin @font-face loads need.
        return route.fulfill({
          response,
          headers: { ...response.headers(), 'access-control-allow-origin': '*' },
        });
      },
    );
    await context.addInitScript({ content: probeScript });
    const page = await context.newPage();
    page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
    const counts: ConsoleCounts = { errors: 0, tooManyContexts: 0 };
    page.on('console', (message) => {
      if (message.type() === 'error') counts.errors += 1;
      if (message.text().includes('Too many active WebGL contexts')) counts.tooManyContexts += 1;
    });
    const cdp = await context.newCDPSession(page);
    return { context, page, cdp, console: counts };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

/** JS heap in use after a forced garbage collection (main thread; the SDK's parse workers are not included). */
async function heapUsed(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.send('Performance.disable');
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize');
  if (!used) throw new Error('CDP Performance.getMetrics reported no JSHeapUsedSize');
  return used.value;
}

async function waitForDone(page: Page, timeout: number): Promise<BenchPageState> {
  // Interval polling (not the default rAF polling), so the runner adds no requestAnimationFrame callbacks
  // to what the probe counts.
  await page.waitForFunction(() => window.__bench?.done === true, undefined, { timeout, polling: 100 });
  const state = await page.evaluate(() => window.__bench!);
  if (state.failure) throw new Error(`page reported: ${state.failure}`);
  return state;
}

const probeCounters = (page: Page) => page.evaluate(() => window.__benchProbe!.counters());
const domCounts = (page: Page) => page.evaluate(() => window.__benchCountDom!());

function pageUrl(origin: string, variant: Variant, params: Record<string, string>): string {
  const url = new URL(variant === 'raw' ? '/raw-sdk.html' : '/element.html', origin);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function measureLoad(
  browser: Browser,
  origin: string,
  probe: string,
  variant: Variant,
  modelId: string,
  token: string,
  repetition: number,
): Promise<LoadSample> {
  const sample: LoadSample = { scenario: 'load', variant, modelId, repetition, ok: false, phasesMs: {} };
  const phase = phaseTimer(sample.phasesMs!);
  let opened: OpenedPage | undefined;
  try {
    opened = await openPage(browser, origin, probe);
    phase('open');
    await opened.page.goto(pageUrl(origin, variant, { scenario: 'load', model: modelId, token }), {
      waitUntil: 'commit',
    });
    phase('navigate');
    const state = await waitForDone(opened.page, LOAD_TIMEOUT_MS);
    phase('run');
    const counters = await probeCounters(opened.page);
    Object.assign(sample, {
      ok: true,
      loadedMs: state.loadedAt!,
      firstProgressMs: state.firstProgressAt,
      sdkReadyMs: counters.sdkReadyAt,
      progressEvents: state.progressEvents,
      progressValues: state.progressValues,
      canvasSize: state.canvasSize,
      heapUsedBytes: await heapUsed(opened.cdp),
      uncaughtErrors: counters.uncaughtErrors,
      consoleErrors: opened.console.errors,
    });
    phase('measure');
  } catch (error) {
    sample.failure = error instanceof Error ? error.message : String(error);
  } finally {
    await opened?.context.close().catch(() => undefined);
    phase('close');
  }
  return sample;
}

async function measureChurn(
  browser: Browser,
  origin: string,
  probe: string,
  variant: Variant,
  modelId: string,
  token: string,
  repetition: number,
): Promise<ChurnSample> {
  const sample: ChurnSample = { scenario: 'churn', variant, modelId, repetition, ok: false, phasesMs: {} };
  const phase = phaseTimer(sample.phasesMs!);
  let opened: OpenedPage | undefined;
  try {
    opened = await openPage(browser, origin, probe);
    phase('open');
    const { page } = opened;
    const params = { scenario: 'churn', model: modelId, token, cycles: String(CYCLES), size: CHURN_SIZE };
    await page.goto(pageUrl(origin, variant, params), { waitUntil: 'commit' });
    phase('navigate');
    const state = await waitForDone(page, CHURN_TIMEOUT_MS);
    phase('run');
    const churn = state.churn!;
    const atDone = await probeCounters(page);
    await sleep(SETTLE_MS);
    const windowStart = await probeCounters(page);
    await page.evaluate(() => window.__benchProbe!.startFrameMeter());
    await sleep(OBSERVE_MS);
    const framesPerSecondAfter = await page.evaluate(() => window.__benchProbe!.stopFrameMeter());
    const windowEnd = await probeCounters(page);
    const seconds = OBSERVE_MS / 1000;
    const after = await domCounts(page);
    const leftovers = Object.fromEntries(
      Object.entries(after).map(([key, value]) => [key, value - churn.before[key as keyof DomCounts]]),
    ) as unknown as DomCounts;
    Object.assign(sample, {
      ok: true,
      cycles: churn.cycles,
      totalMs: churn.totalMs,
      medianCycleMs: median(churn.cycleMs),
      cycleMs: churn.cycleMs,
      errorsDuringCycles: atDone.uncaughtErrors,
      errorsPerSecondAfter: (windowEnd.uncaughtErrors - windowStart.uncaughtErrors) / seconds,
      rafCallbacksPerSecondAfter: (windowEnd.rafCallbacks - windowStart.rafCallbacks) / seconds,
      framesPerSecondAfter,
      renderLoopsAfter: windowEnd.pendingRaf,
      webglCreated: windowEnd.webglCreated,
      webglLost: windowEnd.webglLost,
      webglAlive: windowEnd.webglCreated - windowEnd.webglLost,
      heapUsedBytes: await heapUsed(opened.cdp),
      leftovers,
      firstErrors: windowEnd.firstErrors,
    } satisfies Partial<ChurnSample>);
    sample.consoleErrors = opened.console.errors;
    sample.tooManyContextsWarnings = opened.console.tooManyContexts;
    phase('observe');
  } catch (error) {
    sample.failure = error instanceof Error ? error.message : String(error);
  } finally {
    await opened?.context.close().catch(() => undefined);
    phase('close');
  }
  return sample;
}

// ---------------------------------------------------------------------------------------------------------
// Build and serve

/** Mounts the local platform and vendor files on the preview server, with the bench's own throttle setting. */
function localBackendPlugin(): Plugin {
  return {
    name: 'bench-local-backend',
    configurePreviewServer(server) {
      const backend = createLocalBackend({ testControls: true, partThrottleBytesPerSecond: THROTTLE });
      server.middlewares.use(backend.middleware as never);
    },
  };
}

async function buildPages(): Promise<void> {
  await build({
    configFile: false,
    root: BENCH_DIR,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: PAGES_DIR,
      emptyOutDir: true,
      target: 'es2022',
      manifest: true,
      // Both pages are loaded by a browser with native modulepreload; the polyfill would only add bytes.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { 'raw-sdk': join(BENCH_DIR, 'raw-sdk.html'), element: join(BENCH_DIR, 'element.html') },
      },
    },
  });
}

/** Builds `entry` into one chunk in memory, with every dependency bundled, and returns its code. */
async function buildInMemory(entry: string, format: 'iife' | 'es'): Promise<string> {
  const output = await build({
    configFile: false,
    root: REPO_DIR,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: [format], name: 'benchBundle', fileName: 'bundle' },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = results.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`expected one chunk for ${entry}, got ${chunks.length}`);
  return chunks[0]!.code;
}

/**
 * The element as a page ships it: `model-viewer-embed/define` with Lit, minified. Vite's library mode keeps the
 * whitespace of ES output (for the pure annotations a consumer's bundler uses), so it is minified here the way
 * an application build would.
 */
async function elementBundle(): Promise<Uint8Array> {
  const code = await buildInMemory(join(REPO_DIR, 'src', 'define.ts'), 'es');
  const minified = await minify('define.js', code, { module: true, compress: true, mangle: true });
  if (minified.errors.length > 0) throw new Error(`minifying the element: ${minified.errors[0]!.message}`);
  return Buffer.from(minified.code);
}

interface Bytes {
  raw: number;
  gzip: number;
}

function weigh(buffers: readonly Uint8Array[]): Bytes {
  const joined = Buffer.concat(buffers);
  return { raw: joined.length, gzip: gzipSync(joined, { level: 9 }).length };
}

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/**
 * JS each built page loads besides three.js and the SDK, split into what only that page loads and what both
 * share (the bench's own scenario code in page-common.ts).
 */
function pageJs(): { raw: Bytes; element: Bytes; shared: Bytes } {
  const manifest = JSON.parse(readFileSync(join(PAGES_DIR, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
    return seen;
  };
  const rawKeys = closure('raw-sdk.html');
  const elementKeys = closure('element.html');
  const files = (keys: Iterable<string>) =>
    [...keys].map((key) => readFileSync(join(PAGES_DIR, manifest[key]!.file)));
  return {
    raw: weigh(files([...rawKeys].filter((key) => !elementKeys.has(key)))),
    element: weigh(files([...elementKeys].filter((key) => !rawKeys.has(key)))),
    shared: weigh(files([...rawKeys].filter((key) => elementKeys.has(key)))),
  };
}

async function mintToken(origin: string, modelId: string): Promise<string> {
  const response = await fetch(new URL('/__platform/token', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId, expiresIn: 4 * 3600 }),
    signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`minting a token for ${modelId}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Fetches a model's parts once from Node, so that the platform generates the model (on first use, in
 * memory) before any timed sample rather than inside the first one.
 */
async function warmPlatform(origin: string, modelId: string, token: string): Promise<void> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    channelId: string;
  };
  const blob = await fetch(
    new URL(`/rest/api/v1/channels/${payload.channelId}/models/${modelId}/blob`, origin),
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(LOAD_TIMEOUT_MS),
    },
  );
  if (!blob.ok) throw new Error(`warming ${modelId}: blob metadata HTTP ${blob.status}`);
  const { urls } = (await blob.json()) as { urls: string[] };
  for (const url of urls) {
    const part = await fetch(url, { signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
    await part.arrayBuffer();
  }
}

async function fetchBytes(origin: string, path: string): Promise<Bytes> {
  const response = await fetch(new URL(path, origin), { signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return weigh([new Uint8Array(await response.arrayBuffer())]);
}

// ---------------------------------------------------------------------------------------------------------
// Report

interface Row {
  metric: string;
  raw: number | null;
  element: number | null;
  /** Digits after the decimal point; counts use 0 but show a median's .5. */
  digits: number;
  count: boolean;
  /**
   * element / raw of each repetition's pair of samples, which ran back to back: a ratio per pair cancels
   * most of the drift in the machine's load over a run.
   */
  pairedRatios: number[];
  /** Shown instead of a ratio, where a ratio would mislead (bytes against next to nothing). */
  note?: string;
}

function summarise(
  samples: readonly Sample[],
  bundle: { library: Bytes; pages: ReturnType<typeof pageJs> },
): Row[] {
  const rows: Row[] = [];
  const pick = <S extends Sample>(scenario: S['scenario'], variant: Variant, modelIds: readonly string[]) =>
    samples.filter(
      (s): s is S => s.scenario === scenario && s.variant === variant && modelIds.includes(s.modelId) && s.ok,
    );
  const numbers = <S extends Sample>(list: readonly S[], get: (s: S) => number | null | undefined) =>
    list.map(get).filter((v): v is number => typeof v === 'number');
  const add = <S extends Sample>(
    metric: string,
    raw: readonly S[],
    element: readonly S[],
    get: (s: S) => number | null | undefined,
    { digits = 0, count = false } = {},
  ) => {
    const rawValues = numbers(raw, get);
    const elementValues = numbers(element, get);
    const pairedRatios: number[] = [];
    for (const r of raw) {
      const e = element.find((s) => s.repetition === r.repetition && s.modelId === r.modelId);
      const rv = get(r);
      const ev = e ? get(e) : undefined;
      if (typeof rv === 'number' && typeof ev === 'number' && rv !== 0) pairedRatios.push(ev / rv);
    }
    rows.push({
      metric,
      raw: rawValues.length ? median(rawValues) : null,
      element: elementValues.length ? median(elementValues) : null,
      digits,
      count,
      pairedRatios,
    });
  };

  for (const modelId of [MODELS.small, MODELS.large]) {
    const raw = pick<LoadSample>('load', 'raw', [modelId]);
    const element = pick<LoadSample>('load', 'element', [modelId]);
    add(`${modelId}: navigation → model loaded (ms)`, raw, element, (s) => s.loadedMs);
  }
  {
    // The SDK does not depend on the model: all load samples of a variant are pooled.
    const raw = pick<LoadSample>('load', 'raw', [MODELS.small, MODELS.large]);
    const element = pick<LoadSample>('load', 'element', [MODELS.small, MODELS.large]);
    add('navigation → SDK ready (`bimU.Viewer` defined), all loads (ms)', raw, element, (s) => s.sdkReadyMs);
  }
  for (const modelId of [MODELS.small, MODELS.large]) {
    const raw = pick<LoadSample>('load', 'raw', [modelId]);
    const element = pick<LoadSample>('load', 'element', [modelId]);
    add(`${modelId}: navigation → first progress > 0 (ms)`, raw, element, (s) => s.firstProgressMs);
  }
  for (const modelId of [MODELS.small, MODELS.large]) {
    const raw = pick<LoadSample>('load', 'raw', [modelId]);
    const element = pick<LoadSample>('load', 'element', [modelId]);
    add(`${modelId}: JS heap after load (MB)`, raw, element, (s) => (s.heapUsedBytes ?? 0) / 1e6, {
      digits: 1,
    });
  }

  const raw = pick<ChurnSample>('churn', 'raw', [MODELS.small]);
  const element = pick<ChurnSample>('churn', 'element', [MODELS.small]);
  const churn = (metric: string, get: (s: ChurnSample) => number | undefined, digits = 0, count = true) =>
    add(`churn ×${CYCLES}: ${metric}`, raw, element, get, { digits, count });
  churn('total time (s)', (s) => (s.totalMs ?? 0) / 1000, 1, false);
  churn('median cycle (ms)', (s) => s.medianCycleMs, 0, false);
  churn('uncaught errors during the cycles', (s) => s.errorsDuringCycles);
  churn('render loops still running after teardown', (s) => s.renderLoopsAfter);
  churn('page frame rate after teardown (fps)', (s) => s.framesPerSecondAfter, 1, false);
  churn('rAF callbacks per second after teardown', (s) => s.rafCallbacksPerSecondAfter);
  churn('uncaught errors per second after teardown', (s) => s.errorsPerSecondAfter);
  churn('console errors', (s) => s.consoleErrors);
  churn('WebGL contexts created', (s) => s.webglCreated);
  churn('WebGL contexts still alive after teardown', (s) => s.webglAlive);
  churn('"Too many active WebGL contexts" warnings', (s) => s.tooManyContextsWarnings);
  churn('JS heap after teardown (MB)', (s) => (s.heapUsedBytes ?? 0) / 1e6, 1, false);
  const labels: Record<keyof DomCounts, string> = {
    canvas: '`<canvas>`',
    style: '`<style>`',
    script: '`<script>`',
    link: '`<link rel=stylesheet>`',
    tooltip: 'Materialize tooltips',
    bodyElements: 'elements under `<body>`',
  };
  for (const key of Object.keys(labels) as (keyof DomCounts)[]) {
    churn(`${labels[key]} left in the document`, (s) => s.leftovers?.[key]);
  }

  const kB = (bytes: number) => bytes / 1024;
  const fixed = (metric: string, raw: number, element: number, note?: string) =>
    rows.push({ metric, raw, element, digits: 1, count: false, pairedRatios: [], ...(note ? { note } : {}) });
  fixed('element JS (Lit + element, minified) (kB)', 0, kB(bundle.library.raw));
  fixed('element JS, gzip (kB)', 0, kB(bundle.library.gzip));
  const pages = bundle.pages;
  fixed(
    "page's own JS besides three + SDK, gzip (kB)",
    kB(pages.raw.gzip),
    kB(pages.element.gzip),
    `+${kB(pages.element.gzip - pages.raw.gzip).toFixed(1)} kB`,
  );
  return rows;
}

function formatNumber(value: number | null, row: Row): string {
  if (value === null) return 'n/a';
  // Medians of an even number of integer counts can end in .5: show it rather than round it away.
  const digits = row.count && !Number.isInteger(value) ? 1 : row.digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRatio(row: Row): string {
  if (row.note) return row.note;
  if (row.raw === null || row.element === null) return 'n/a';
  if (row.raw === 0) return row.element === 0 ? '= (both 0)' : '— (raw is 0)';
  const ratios = row.pairedRatios;
  if (ratios.length === 0) return `${(row.element / row.raw).toFixed(2)}×`;
  if (ratios.length === 1) return `${ratios[0]!.toFixed(2)}×`;
  return `${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}

function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| Metric | raw SDK (median) | element (median) | element / raw (median of pairs, range) |',
    '|---|---:|---:|---:|',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.metric} | ${formatNumber(row.raw, row)} | ${formatNumber(row.element, row)} | ${formatRatio(row)} |`,
    );
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Main

function describeSample(sample: Sample): string {
  const head = `${sample.scenario.padEnd(5)} ${sample.modelId.padEnd(12)} ${sample.variant.padEnd(7)} #${sample.repetition}`;
  if (!sample.ok) return `${head} FAILED: ${sample.failure}`;
  if (sample.scenario === 'load') {
    return `${head} loaded ${sample.loadedMs!.toFixed(0)} ms, first progress ${sample.firstProgressMs?.toFixed(0) ?? '-'} ms, heap ${(sample.heapUsedBytes! / 1e6).toFixed(1)} MB`;
  }
  return `${head} ${sample.cycles} cycles in ${(sample.totalMs! / 1000).toFixed(1)} s, errors ${sample.errorsDuringCycles}, loops after ${sample.renderLoopsAfter}, contexts alive ${sample.webglAlive}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  // Other work on the machine (parallel test runs) shows in the times; the load average is reported with them.
  const loadAverageAtStart = loadavg()[0]!;
  const log = (text: string) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);

  log('building the bench pages, the probe and the element library (production, Vite)');
  await buildPages();
  const probe = await buildInMemory(join(BENCH_DIR, 'probe.ts'), 'iife');
  const library = weigh([await elementBundle()]);
  const pages = pageJs();

  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const samples: Sample[] = [];
  try {
    server = await preview({
      configFile: false,
      root: BENCH_DIR,
      logLevel: 'warn',
      plugins: [localBackendPlugin()],
      build: { outDir: PAGES_DIR },
      preview: { host: '127.0.0.1', port: 4390, strictPort: false, open: false },
    });
    const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
    if (!origin) throw new Error('the preview server reported no local URL');
    log(`serving on ${origin}`);

    const tokens = {
      small: await mintToken(origin, MODELS.small),
      large: await mintToken(origin, MODELS.large),
    };
    await warmPlatform(origin, MODELS.small, tokens.small);
    await warmPlatform(origin, MODELS.large, tokens.large);
    const vendor = {
      three: await fetchBytes(origin, '/vendor/three/three.min.js'),
      sdk: await fetchBytes(origin, '/vendor/bimu/bimU.io.Viewer.umd.js'),
    };

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      headless: true,
      timeout: 60_000,
    });
    const chromiumVersion = browser.version();
    log(`Chromium ${chromiumVersion}`);

    // Untimed loads first: the GPU process's start-up and SwiftShader's first shader compilations (shared by
    // every later context; they made the first large-campus load twice as slow) and the vendor files' first
    // reads happen there instead of in the first timed sample. The element's warm-up also checks that it
    // loads at all before minutes are spent measuring it.
    const warmUps = [
      ['raw', MODELS.large, tokens.large],
      ['element', MODELS.small, tokens.small],
    ] as const;
    for (const [variant, modelId, token] of warmUps) {
      const warm = await measureLoad(browser, origin, probe, variant, modelId, token, 0);
      log(`warm-up ${describeSample(warm)}`);
    }

    for (let repetition = 1; repetition <= RUNS; repetition += 1) {
      const order: Variant[] = repetition % 2 === 1 ? ['raw', 'element'] : ['element', 'raw'];
      for (const [modelId, token] of [
        [MODELS.small, tokens.small],
        [MODELS.large, tokens.large],
      ] as const) {
        for (const variant of order) {
          const sample = await measureLoad(browser, origin, probe, variant, modelId, token, repetition);
          samples.push(sample);
          log(describeSample(sample));
        }
      }
    }
    // The churn runs last, element first: the baseline's churn leaves the browser's (shared) GPU process busy
    // for a while after its page is closed, which would slow whatever sample came next.
    for (let repetition = 1; repetition <= CHURN_RUNS; repetition += 1) {
      const order: Variant[] = repetition % 2 === 1 ? ['element', 'raw'] : ['raw', 'element'];
      for (const variant of order) {
        const sample = await measureChurn(
          browser,
          origin,
          probe,
          variant,
          MODELS.small,
          tokens.small,
          repetition,
        );
        samples.push(sample);
        log(describeSample(sample));
      }
    }

    const rows = summarise(samples, { library, pages });
    const cpu = cpus();
    const machine = {
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.version,
      chromium: chromiumVersion,
      loadAverage: { start: loadAverageAtStart, end: loadavg()[0]! },
    };
    const failed = samples.filter((s) => !s.ok);
    // Software WebGL's cost follows the canvas's pixels: both variants must draw the same number of them.
    const canvasSizes = (variant: Variant) =>
      new Set(
        samples
          .filter((s): s is LoadSample => s.scenario === 'load' && s.variant === variant && s.ok)
          .map((s) => s.canvasSize?.join('×') ?? 'none'),
      );
    const sizeWarning =
      [...canvasSizes('raw')].join() === [...canvasSizes('element')].join()
        ? []
        : [
            `- **Warning**: the pages drew different canvas sizes (raw ${[...canvasSizes('raw')].join(', ')}; ` +
              `element ${[...canvasSizes('element')].join(', ')}), so load times are not comparable.`,
          ];
    const header = [
      `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGB} GB RAM, Linux ${machine.kernel}, Node ${machine.node}; ` +
        `1-minute load average ${machine.loadAverage.start.toFixed(1)} at the start, ${machine.loadAverage.end.toFixed(1)} at the end.`,
      `Browser: Chromium ${machine.chromium}, headless. **WebGL is software (SwiftShader, on the CPU)**: absolute times are not GPU times; compare the ratios.`,
      `Method: raw and element samples interleaved in one browser (alternating which goes first; the churn last), ` +
        `each in a fresh browser context (cold cache); medians of ${RUNS} load and ${CHURN_RUNS} churn sample(s) per variant. ` +
        `Production builds (Vite) served with the local bimU.io platform on the same origin, part downloads ` +
        `${THROTTLE > 0 ? `throttled to ${THROTTLE} B/s` : 'unthrottled'}; viewer 800×400 (churn: ${CHURN_SIZE.replace('x', '×')}). ` +
        `Both pages also load three.js r113 (${(vendor.three.gzip / 1024).toFixed(0)} kB gzip) and the SDK (${(vendor.sdk.gzip / 1024).toFixed(0)} kB gzip).`,
    ];
    const notes = [
      'Notes:',
      '- Each repetition runs the raw and the element sample back to back; the last column is the median of those ' +
        "per-pair ratios and their range (one pair for the churn), which cancels most drift in the machine's load.",
      '- "Render loops still running" counts pending `requestAnimationFrame` requests after teardown. The baseline\'s ' +
        'leaked loops keep drawing into the WebGL contexts `dispose()` keeps; in software WebGL that saturates the GPU ' +
        "process, which holds back the page's frames and the next viewer's load (each baseline cycle is slower than " +
        'the last), and is why its per-second rates after teardown can read near 0: few frames run at all. The page ' +
        'frame rate comes from a meter the probe runs after teardown, identical in both pages.',
      "- Leftovers: the element's `<script>`s (three.js, the SDK, Materialize), `<style>` and `<link>` (the SDK's CSS " +
        "and icon font) are loaded once per page and shared by all embeds; the baseline's grow by one per viewer " +
        '(its three.js and SDK tags are in the HTML from the start and not counted).',
      '- Bundle: the element as `model-viewer-embed/define` with Lit, built by Vite (es2022) and minified. Page JS compares what ' +
        "each built bench page loads besides three.js and the SDK, without the bench's shared scenario code.",
      ...sizeWarning,
    ];
    const table = markdownTable(rows);
    console.log(
      [
        '## Benchmark: `<model-viewer-embed>` vs the raw bimU.io SDK',
        '',
        ...header.map((line) => `${line}  `),
        '',
        table,
        '',
        ...notes,
      ].join('\n'),
    );
    if (failed.length > 0) {
      console.log(`\n${failed.length} sample(s) failed and are left out of the medians:`);
      for (const sample of failed) console.log(`- ${describeSample(sample)}`);
    }

    mkdirSync(dirname(OUT_FILE), { recursive: true });
    writeFileSync(
      OUT_FILE,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          options: {
            runs: RUNS,
            churnRuns: CHURN_RUNS,
            quick: QUICK,
            cycles: CYCLES,
            churnSize: CHURN_SIZE,
            throttleBytesPerSecond: THROTTLE,
            viewport: VIEWPORT,
          },
          bundle: { library, pages, vendor },
          rows,
          samples,
        },
        null,
        2,
      )}\n`,
    );
    log(
      `results written to ${relative(process.cwd(), OUT_FILE)}; ${samples.length} samples, ${failed.length} failed`,
    );
    return failed.length > 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('bench failed:', error);
      process.exitCode = 1;
    },
  )
  .finally(() => {
    // Lingering keep-alive sockets must not keep the process alive; give stdout time to flush first.
    setTimeout(() => process.exit(), 5_000).unref();
  });
