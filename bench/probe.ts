/**
 * Instrumentation injected by the runner into every bench page before any page script runs
 * (Playwright's `addInitScript`), identically for both variants, so that the pages themselves stay what a
 * developer would write. It must come first: the SDK's render loop schedules itself through the global
 * `requestAnimationFrame`, three.js creates its WebGL context through `getContext`, and the SDK's bundle
 * assigns the global `bimU`; each is only observable if the wrapper below is in place before.
 *
 * Built by the runner as an IIFE with Vite (not serialised with `Function.prototype.toString`, which under
 * tsx would carry references to its `__name` helper into the page).
 */
import type { ProbeCounters } from './protocol.js';

const counters: ProbeCounters = {
  uncaughtErrors: 0,
  unhandledRejections: 0,
  rafCallbacks: 0,
  pendingRaf: 0,
  webglCreated: 0,
  webglLost: 0,
  sdkReadyAt: null,
  firstErrors: [],
};

// Capture phase on window also sees resource-load errors (a failed <script>); only ErrorEvents are exceptions.
window.addEventListener(
  'error',
  (event) => {
    if (!(event instanceof ErrorEvent)) return;
    counters.uncaughtErrors += 1;
    if (counters.firstErrors.length < 5) counters.firstErrors.push(String(event.message));
  },
  true,
);
window.addEventListener('unhandledrejection', () => {
  counters.unhandledRejections += 1;
});

// Every rAF request is tracked until its callback runs or is cancelled. A render loop re-requests a frame from
// inside its callback, so between frames each live loop holds exactly one pending request: the number of
// pending requests after teardown is the number of loops still running, however slowly frames come (in
// software WebGL, leaked loops that keep drawing can slow frames to well under one per second, so counting
// callbacks in a short window would miss them). Callbacks are counted too, for a rate.
const nativeRaf = window.requestAnimationFrame;
const nativeCancelRaf = window.cancelAnimationFrame;
const pending = new Set<number>();
window.requestAnimationFrame = function requestAnimationFrame(callback: FrameRequestCallback): number {
  const id = nativeRaf.call(window, (time: number) => {
    pending.delete(id);
    counters.rafCallbacks += 1;
    callback(time);
  });
  pending.add(id);
  return id;
};
window.cancelAnimationFrame = function cancelAnimationFrame(id: number): void {
  pending.delete(id);
  nativeCancelRaf.call(window, id);
};

// three.js asks the canvas for 'webgl' (or 'experimental-webgl'); a context is counted once per canvas, and
// its loss, whether released on purpose or evicted by the browser's limit (about 16 per page), once too.
const canvasPrototype = HTMLCanvasElement.prototype;
const nativeGetContext = canvasPrototype.getContext;
const counted = new WeakSet<HTMLCanvasElement>();
canvasPrototype.getContext = function getContext(this: HTMLCanvasElement, ...args: unknown[]) {
  const context = (nativeGetContext as (...a: unknown[]) => RenderingContext | null).apply(this, args);
  if (context && /webgl/i.test(String(args[0])) && !counted.has(this)) {
    counted.add(this);
    counters.webglCreated += 1;
    // Registered before three.js and the element add theirs, so it runs first and is never stopped by them.
    this.addEventListener(
      'webglcontextlost',
      () => {
        counters.webglLost += 1;
      },
      true,
    );
  }
  return context;
} as typeof canvasPrototype.getContext;

// When the SDK is ready: its UMD bundle assigns `bimU = {}` as it starts evaluating and `bimU.Viewer` as its
// last export, so a one-shot setter on that property records when the SDK became usable, in both pages
// (the baseline loads it with a parser-blocking <script>, the element injects it). Each setter turns back
// into a plain data property at once, so nothing else sees a difference.
Object.defineProperty(window, 'bimU', {
  configurable: true,
  enumerable: true,
  get: () => undefined,
  set(namespace: unknown) {
    Object.defineProperty(window, 'bimU', {
      value: namespace,
      writable: true,
      configurable: true,
      enumerable: true,
    });
    if (typeof namespace !== 'object' || namespace === null) return;
    Object.defineProperty(namespace, 'Viewer', {
      configurable: true,
      enumerable: true,
      get: () => undefined,
      set(viewer: unknown) {
        counters.sdkReadyAt ??= performance.now();
        Object.defineProperty(namespace, 'Viewer', {
          value: viewer,
          writable: true,
          configurable: true,
          enumerable: true,
        });
      },
    });
  },
});

// A frame meter: its own rAF loop on the native function (so it is not counted above), started by the
// runner after teardown. The frames it sees are the frames the page can still produce, which leaked render
// loops drawing in software WebGL hold back.
let meter: { frames: number; startedAt: number; running: boolean } | undefined;
function meterFrame(): void {
  if (!meter?.running) return;
  meter.frames += 1;
  nativeRaf.call(window, meterFrame);
}

window.__benchProbe = {
  counters: () => ({ ...counters, pendingRaf: pending.size, firstErrors: [...counters.firstErrors] }),
  startFrameMeter() {
    if (meter) meter.running = false;
    meter = { frames: 0, startedAt: performance.now(), running: true };
    nativeRaf.call(window, meterFrame);
  },
  stopFrameMeter() {
    if (!meter) return 0;
    meter.running = false;
    return (meter.frames * 1000) / (performance.now() - meter.startedAt);
  },
};
