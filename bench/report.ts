/**
 * The bench's report: medians per variant and the element/raw ratio of each back-to-back pair of samples, as a
 * Markdown table with the machine and method above it and notes below.
 */
import {
  CHURN_RUNS,
  CHURN_SIZE,
  CYCLES,
  ELEMENT_PAGE,
  ELEMENT_SETUP,
  MODELS,
  RUNS,
  THROTTLE,
} from './options.js';
import { median, type ChurnSample, type LoadSample, type ManySample, type Sample } from './measure.js';
import type { Bytes, pageJs } from './build.js';
import type { DomCounts, Variant } from './protocol.js';

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

export function summarise(
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

export function describeSample(sample: Sample): string {
  const head = `${sample.scenario.padEnd(5)} ${sample.modelId.padEnd(12)} ${sample.variant.padEnd(7)} #${sample.repetition}`;
  if (!sample.ok) return `${head} FAILED: ${sample.failure}`;
  if (sample.scenario === 'load') {
    return `${head} loaded ${sample.loadedMs!.toFixed(0)} ms, first progress ${sample.firstProgressMs?.toFixed(0) ?? '-'} ms, heap ${(sample.heapUsedBytes! / 1e6).toFixed(1)} MB`;
  }
  if (sample.scenario === 'many') {
    return `${head} ${sample.count} viewers: first screen (${sample.firstScreen}) in ${sample.firstScreenLoadedMs?.toFixed(0) ?? '-'} ms, ${sample.loaded} loaded, ${sample.blankCanvases}/${sample.canvases} blank, ${sample.webglLive} live contexts`;
  }
  return `${head} ${sample.cycles} cycles in ${(sample.totalMs! / 1000).toFixed(1)} s, errors ${sample.errorsDuringCycles}, loops after ${sample.renderLoopsAfter}, contexts alive ${sample.webglAlive}`;
}

/** What the report says about the machine the bench ran on (also written to the JSON results). */
export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGB: number;
  kernel: string;
  node: string;
  chromium: string;
  /** 1-minute load average: other work on the machine (parallel test runs) shows in the times. */
  loadAverage: { start: number; end: number };
}

/** The report as Markdown: machine and method, the table, and the notes that explain it. */
export function renderReport(
  rows: readonly Row[],
  samples: readonly Sample[],
  machine: Machine,
  vendor: { three: Bytes; sdk: Bytes },
): string {
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
      `The element's page (${ELEMENT_PAGE}, \`--element-setup ${ELEMENT_SETUP}\`) gets the scripts ` +
      `${ELEMENT_SETUP === 'scripts' ? 'from its own `<script defer>` tags' : 'from the element, started by its `<meta>` settings, with preload hints'}. ` +
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
  return [
    '## Benchmark: `<model-viewer-embed>` vs the raw bimU.io SDK',
    '',
    ...header.map((line) => `${line}  `),
    '',
    markdownTable(rows),
    '',
    ...notes,
  ].join('\n');
}

/** The many-embeds scenario as a Markdown table: one column per variant (one sample each). */
export function renderManyReport(samples: readonly Sample[]): string {
  const many = (variant: Variant) =>
    samples.find((s): s is ManySample => s.scenario === 'many' && s.variant === variant && s.ok);
  const raw = many('raw');
  const element = many('element');
  if (!raw && !element) return '';
  const count = raw?.count ?? element?.count;
  const cell = (
    sample: ManySample | undefined,
    value: (s: ManySample) => number | null | undefined,
    digits = 0,
  ) => {
    const number = sample ? value(sample) : undefined;
    return number === null || number === undefined
      ? '—'
      : number.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  };
  const rows: [string, (s: ManySample) => number | null | undefined, number?][] = [
    ['viewers in the page', (s) => s.count],
    ['viewers on the first screen', (s) => s.firstScreen],
    ['first screen: navigation → all its models loaded (ms)', (s) => s.firstScreenLoadedMs],
    ['models loaded by the end of the observation (no scroll)', (s) => s.loaded],
    ['bytes downloaded before any scroll (MB)', (s) => (s.bytesBeforeScroll ?? 0) / 1e6, 1],
    ['peak JS heap (MB)', (s) => (s.peakHeapBytes ?? 0) / 1e6, 1],
    ['WebGL contexts created', (s) => s.webglCreated],
    ['WebGL contexts lost (taken by the browser or released)', (s) => s.webglLost],
    ['live WebGL contexts at the end', (s) => s.webglLive],
    ['"Too many active WebGL contexts" warnings', (s) => s.tooManyContextsWarnings],
    ['`<canvas>` in the page', (s) => s.canvases],
    ['of them blank (one colour: nothing drawn, or context lost)', (s) => s.blankCanvases],
    ['uncaught errors', (s) => s.uncaughtErrors],
  ];
  const lines = [
    `### ${count} embeds in one page (one sample per variant, never scrolled)`,
    '',
    '| metric | raw SDK | element |',
    '|---|---:|---:|',
    ...rows.map(
      ([metric, value, digits]) =>
        `| ${metric} | ${cell(raw, value, digits)} | ${cell(element, value, digits)} |`,
    ),
  ];
  return lines.join('\n');
}
