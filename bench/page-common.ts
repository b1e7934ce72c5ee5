/**
 * The scenario both bench pages run, parameterised by the one thing that differs: how a viewer is mounted
 * (raw SDK or `<model-viewer-embed>`). Keeping the loop, the timing and the reporting here guarantees both
 * variants are measured by the same code; this module is in both pages' bundles and is not part of the
 * element's bundle cost.
 *
 * URL parameters (set by the runner): `scenario=load|churn`, `model`, `token`, `cycles` (churn), and `size`
 * (`WIDTHxHEIGHT` of the viewer's box; default 800x400, as in the pages' CSS).
 */
import type { BenchPageState, DomCounts, ManyResult } from './protocol.js';

export interface Scenario {
  kind: 'load' | 'churn' | 'many';
  /** Viewers of the many scenario. */
  count: number;
  modelId: string;
  accessToken: string;
  /** The local platform's REST API, on this origin. */
  baseUrl: string;
  cycles: number;
  /** CSS size of the viewer's box, or null for the page's default. */
  size: [number, number] | null;
}

/** Teardown of one mounted viewer, as its page would do it. */
export type Teardown = () => void;

/**
 * Mounts one viewer into `slot` and loads `scenario.modelId`; calls `onProgress` on every progress
 * notification (with the progress as a fraction from 0 to 1, and as reported) and resolves with its teardown
 * once the model is loaded, or rejects on a load error.
 */
export type Mount = (
  slot: HTMLElement,
  scenario: Scenario,
  onProgress: (fraction: number, reported: string) => void,
) => Promise<Teardown>;

/** Generous: a large model in software WebGL on a busy 2-core machine; the runner has its own limit too. */
const LOAD_TIMEOUT_MS = 60_000;

export function readScenario(): Scenario {
  const params = new URLSearchParams(location.search);
  const named = params.get('scenario');
  const kind = named === 'churn' || named === 'many' ? named : 'load';
  return {
    kind,
    count: Math.max(1, Number(params.get('count') ?? 40)),
    modelId: params.get('model') ?? 'small-office',
    accessToken: params.get('token') ?? '',
    baseUrl: new URL('/rest/api/v1', location.href).href,
    cycles: Math.max(1, Number(params.get('cycles') ?? 20)),
    size: /^\d+x\d+$/.test(params.get('size') ?? '')
      ? (params.get('size')!.split('x').map(Number) as [number, number])
      : null,
  };
}

export function countDom(): DomCounts {
  return {
    canvas: document.querySelectorAll('canvas').length,
    style: document.querySelectorAll('style').length,
    script: document.querySelectorAll('script').length,
    link: document.querySelectorAll('link[rel="stylesheet"]').length,
    tooltip: document.querySelectorAll('.material-tooltip').length,
    bodyElements: document.body.querySelectorAll('*').length,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function newSlot(scenario: Scenario): HTMLElement {
  const slot = document.createElement('div');
  slot.className = 'slot';
  if (scenario.size) {
    slot.style.width = `${scenario.size[0]}px`;
    slot.style.height = `${scenario.size[1]}px`;
  }
  document.querySelector('main')!.append(slot);
  return slot;
}

/** Runs the scenario of the URL with `mount`, reporting into `window.__bench`. */
export async function run(mount: Mount): Promise<void> {
  const state: BenchPageState = {
    done: false,
    failure: null,
    firstProgressAt: null,
    loadedAt: null,
    progressEvents: 0,
    progressValues: [],
    canvasSize: null,
    churn: null,
    many: null,
  };
  window.__bench = state;
  window.__benchCountDom = countDom;
  const scenario = readScenario();
  // "First progress" is the first notification that reports some progress: the SDK's first onProgress often
  // says '0', which the element (whose progress only ever increases) does not forward.
  const onProgress = (fraction: number, reported: string) => {
    state.progressEvents += 1;
    if (fraction > 0) state.firstProgressAt ??= performance.now();
    if (state.progressValues.length < 8) state.progressValues.push([Math.round(performance.now()), reported]);
  };
  try {
    if (scenario.kind === 'many') {
      state.many = await runMany(mount, scenario);
    } else if (scenario.kind === 'load') {
      const slot = newSlot(scenario);
      await withTimeout(mount(slot, scenario, onProgress), LOAD_TIMEOUT_MS, 'load');
      state.loadedAt = performance.now();
      const canvas = slot.querySelector('canvas');
      state.canvasSize = canvas ? [canvas.width, canvas.height] : null;
    } else {
      const before = countDom();
      const cycleMs: number[] = [];
      const start = performance.now();
      for (let i = 0; i < scenario.cycles; i += 1) {
        const cycleStart = performance.now();
        const slot = newSlot(scenario);
        const teardown = await withTimeout(
          mount(slot, scenario, onProgress),
          LOAD_TIMEOUT_MS,
          `cycle ${i + 1}`,
        );
        teardown();
        // What a framework does when the component goes away: its DOM subtree is removed.
        slot.remove();
        cycleMs.push(performance.now() - cycleStart);
      }
      state.churn = { cycles: scenario.cycles, totalMs: performance.now() - start, cycleMs, before };
    }
  } catch (error) {
    state.failure = error instanceof Error ? error.message : String(error);
  } finally {
    state.done = true;
  }
}

/** After the first screen has loaded, how long the many scenario goes on observing (nothing is scrolled). */
const MANY_OBSERVE_MS = 8_000;

/** Distinct colours of a canvas, read through a small 2D copy: 1 means blank (or its context lost). */
function distinctColours(canvas: HTMLCanvasElement): number {
  const copy = document.createElement('canvas');
  copy.width = 32;
  copy.height = 32;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0, copy.width, copy.height);
  const { data } = context.getImageData(0, 0, copy.width, copy.height);
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return colours.size;
}

/**
 * `scenario.count` viewers stacked in the page, all mounted at once as a page of embeds would be: waits for the
 * first screen's viewers, then observes for MANY_OBSERVE_MS (or until every viewer settled) without scrolling.
 */
async function runMany(mount: Mount, scenario: Scenario): Promise<ManyResult> {
  // 250 entries by default; forty raw viewers make more requests than that.
  performance.setResourceTimingBufferSize(10_000);
  const slots = Array.from({ length: scenario.count }, () => newSlot(scenario));
  const firstScreen = slots.filter((slot) => slot.getBoundingClientRect().top < innerHeight);
  let loaded = 0;
  let failed = 0;
  const outcomes = slots.map((slot) =>
    mount(slot, scenario, () => undefined).then(
      () => void (loaded += 1),
      () => {
        failed += 1;
        throw new Error('failed');
      },
    ),
  );
  const firstOutcomes = outcomes.slice(0, firstScreen.length);
  let firstScreenLoadedAt: number | null = null;
  try {
    await withTimeout(Promise.all(firstOutcomes), LOAD_TIMEOUT_MS, 'first screen');
    firstScreenLoadedAt = performance.now();
  } catch {
    // A first-screen viewer failed or timed out: reported as null.
  }
  const settled = Promise.allSettled(outcomes);
  await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, MANY_OBSERVE_MS))]);
  const canvases = [...document.querySelectorAll('canvas')];
  const entries = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
  ] as PerformanceResourceTiming[];
  return {
    count: scenario.count,
    firstScreen: firstScreen.length,
    firstScreenLoadedAt,
    loaded,
    failed,
    canvases: canvases.length,
    blankCanvases: canvases.filter((canvas) => distinctColours(canvas) <= 1).length,
    bytesBeforeScroll: entries.reduce((sum, entry) => sum + (entry.transferSize || 0), 0),
  };
}
