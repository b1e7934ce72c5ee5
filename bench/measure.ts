/**
 * One sample in the browser: opens a fresh browser context (cold cache) with the probe, runs one bench page's
 * scenario (a load, or a churn of create → load → teardown cycles), and reads what the page and the probe
 * recorded. A sample that fails is returned with its failure, not thrown, so that the run goes on.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type { BenchPageState, DomCounts, Variant } from './protocol.js';
import {
  CHURN_SIZE,
  CHURN_TIMEOUT_MS,
  CYCLES,
  ELEMENT_PAGE,
  LOAD_TIMEOUT_MS,
  NAVIGATION_TIMEOUT_MS,
  OBSERVE_MS,
  SETTLE_MS,
  VIEWPORT,
} from './options.js';

export interface LoadSample {
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

export interface ChurnSample {
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

export interface ManySample {
  scenario: 'many';
  variant: Variant;
  modelId: string;
  repetition: number;
  ok: boolean;
  failure?: string;
  count?: number;
  firstScreen?: number;
  /** ms from navigation start until every first-screen viewer had loaded. */
  firstScreenLoadedMs?: number | null;
  loaded?: number;
  failed?: number;
  canvases?: number;
  blankCanvases?: number;
  bytesBeforeScroll?: number;
  /** Highest JS heap in use seen while the scenario ran (sampled every 500 ms, no forced GC). */
  peakHeapBytes?: number;
  webglCreated?: number;
  webglLost?: number;
  /** Contexts created and not lost when the observation ended. */
  webglLive?: number;
  tooManyContextsWarnings?: number;
  uncaughtErrors?: number;
  phasesMs?: Record<string, number>;
}

export type Sample = LoadSample | ChurnSample | ManySample;

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
  const url = new URL(variant === 'raw' ? '/raw-sdk.html' : `/${ELEMENT_PAGE}`, origin);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function measureLoad(
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

export async function measureChurn(
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

/** JS heap in use now, without forcing a collection (for a peak). */
async function heapNow(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** `count` viewers in one page, never scrolled: the first screen's load time and what the page pays for all. */
export async function measureMany(
  browser: Browser,
  origin: string,
  probe: string,
  variant: Variant,
  modelId: string,
  token: string,
  count: number,
  size: string,
): Promise<ManySample> {
  const sample: ManySample = { scenario: 'many', variant, modelId, repetition: 1, ok: false, phasesMs: {} };
  const phase = phaseTimer(sample.phasesMs!);
  let opened: OpenedPage | undefined;
  let peak = 0;
  let sampling = true;
  try {
    opened = await openPage(browser, origin, probe);
    phase('open');
    const { page, cdp } = opened;
    await cdp.send('Performance.enable');
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heapNow(cdp).catch(() => 0));
        await sleep(500);
      }
    })();
    const params = { scenario: 'many', model: modelId, token, count: String(count), size };
    await page.goto(pageUrl(origin, variant, params), { waitUntil: 'commit' });
    phase('navigate');
    const state = await waitForDone(page, LOAD_TIMEOUT_MS + 30_000).finally(() => (sampling = false));
    await sampler;
    phase('run');
    const many = state.many!;
    const counters = await probeCounters(page);
    Object.assign(sample, {
      ok: true,
      count: many.count,
      firstScreen: many.firstScreen,
      firstScreenLoadedMs: many.firstScreenLoadedAt,
      loaded: many.loaded,
      failed: many.failed,
      canvases: many.canvases,
      blankCanvases: many.blankCanvases,
      bytesBeforeScroll: many.bytesBeforeScroll,
      peakHeapBytes: peak,
      webglCreated: counters.webglCreated,
      webglLost: counters.webglLost,
      webglLive: counters.webglCreated - counters.webglLost,
      tooManyContextsWarnings: opened.console.tooManyContexts,
      uncaughtErrors: counters.uncaughtErrors,
    } satisfies Partial<ManySample>);
    phase('measure');
  } catch (error) {
    sampling = false;
    sample.failure = error instanceof Error ? error.message : String(error);
  } finally {
    await opened?.context.close().catch(() => undefined);
    phase('close');
  }
  return sample;
}
