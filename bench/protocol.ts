/**
 * What the bench pages, the in-page probe and the runner (`run.ts`) exchange. Types only: the pages and the
 * probe run in the browser, the runner in Node.
 */

/** Which page: the hand-written raw-SDK baseline or `<model-viewer-embed>`. */
export type Variant = 'raw' | 'element';

/** Node counts that show what a viewer leaves in the document after teardown. */
export interface DomCounts {
  canvas: number;
  style: number;
  script: number;
  /** `<link rel="stylesheet">`. */
  link: number;
  /** Materialize tooltips, which it appends to `<body>`. */
  tooltip: number;
  /** All elements under `<body>`. */
  bodyElements: number;
}

export interface ChurnResult {
  cycles: number;
  /** Wall time of all cycles, ms. */
  totalMs: number;
  /** Wall time of each create → load → teardown cycle, ms. */
  cycleMs: number[];
  /** Before the first cycle. */
  before: DomCounts;
}

/** The many-embeds scenario: `count` viewers stacked in one page that is never scrolled. */
export interface ManyResult {
  count: number;
  /** Viewers whose box starts within the first screen. */
  firstScreen: number;
  /** `performance.now()` when every first-screen viewer had loaded, or null if one failed. */
  firstScreenLoadedAt: number | null;
  /** Viewers that reported loaded / failed by the end of the observation. */
  loaded: number;
  failed: number;
  /** `<canvas>` elements in the page, and those showing one colour only (blank, or their context lost). */
  canvases: number;
  blankCanvases: number;
  /** Bytes transferred (resource timing, navigation included) when the observation ended; nothing scrolled. */
  bytesBeforeScroll: number;
}

/** `window.__bench`: written by the page (bench/page-common.ts), read by the runner. */
export interface BenchPageState {
  done: boolean;
  /** Why the scenario failed, if it did. */
  failure: string | null;
  /** `performance.now()` (ms since navigation start) of the first progress callback or event. */
  firstProgressAt: number | null;
  /** `performance.now()` when the model was loaded. */
  loadedAt: number | null;
  progressEvents: number;
  /** The first few progress notifications as [ms since navigation, value as reported], for diagnosis. */
  progressValues: [number, string][];
  /** Drawing-buffer size of the viewer's canvas after load, to check both pages draw the same pixels. */
  canvasSize: [number, number] | null;
  churn: ChurnResult | null;
  many: ManyResult | null;
}

/** Counters of the probe (bench/probe.ts), cumulative since navigation. */
export interface ProbeCounters {
  /** Uncaught exceptions (`ErrorEvent` on window). */
  uncaughtErrors: number;
  unhandledRejections: number;
  /** requestAnimationFrame callbacks that ran. */
  rafCallbacks: number;
  /** requestAnimationFrame requests not yet run or cancelled: one per live render loop, between frames. */
  pendingRaf: number;
  /** WebGL contexts created / lost (released by `WEBGL_lose_context` or evicted by the browser). */
  webglCreated: number;
  webglLost: number;
  /** `performance.now()` when the SDK's UMD bundle had defined `bimU.Viewer`, or null. */
  sdkReadyAt: number | null;
  /** The first few uncaught error messages, for diagnosis. */
  firstErrors: string[];
}

export interface BenchProbe {
  counters(): ProbeCounters;
  /** Starts counting the frames the page produces. */
  startFrameMeter(): void;
  /** Stops the meter; returns frames per second since it started. */
  stopFrameMeter(): number;
}

declare global {
  interface Window {
    __bench?: BenchPageState;
    __benchProbe?: BenchProbe;
    /** Set by the bench pages: current node counts, read by the runner after the observation window. */
    __benchCountDom?: () => DomCounts;
  }
}
