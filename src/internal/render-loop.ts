/**
 * Stopping the SDK's render loop.
 *
 * The SDK's `initialize()` starts `render = () => { requestAnimationFrame(render); renderer.render(…);
 * controls.update(); … }` and its `dispose()` never stops it: every frame afterwards throws
 * "Cannot read properties of null (reading 'update')". The callback is private, but `initialize()` schedules
 * its first frame synchronously, so the element captures the first callback scheduled while `initialize()`
 * runs and, once the viewer is retired, refuses to schedule it again and drops a frame that was already queued.
 *
 * That needs one page-wide wrapper around `window.requestAnimationFrame`, installed on first use and kept:
 * the loop reschedules itself through the global on every frame, and removing the wrapper while another
 * library has wrapped it in turn would unwrap that library too. Callbacks the element does not track pass
 * straight through, unchanged.
 */

const tracked = new WeakSet<FrameRequestCallback>();
const retired = new WeakSet<FrameRequestCallback>();
/** Loops held back while their viewer cannot be seen (see `pauseRenderLoop`). */
const paused = new WeakSet<FrameRequestCallback>();
/** Paused loops whose next frame was held back, to be scheduled again on resume. */
const held = new WeakSet<FrameRequestCallback>();
/** Who waits for a loop's next frame to have run (see `afterNextRun`). */
const waiting = new WeakMap<FrameRequestCallback, (() => void)[]>();
let capturing: FrameRequestCallback[] | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const native = window.requestAnimationFrame;
  window.requestAnimationFrame = function requestAnimationFrame(callback: FrameRequestCallback): number {
    if (capturing && capturing.length === 0) {
      capturing.push(callback);
      tracked.add(callback);
    }
    if (!tracked.has(callback)) return native.call(window, callback);
    if (retired.has(callback)) return 0;
    if (paused.has(callback)) {
      held.add(callback);
      return 0;
    }
    // A frame queued before the viewer was retired or paused still fires after it: check again when it does.
    return native.call(window, (time) => {
      if (retired.has(callback)) return;
      if (paused.has(callback)) {
        held.add(callback);
        return;
      }
      callback(time);
      // Not after a frame that threw: it drew nothing.
      notifyRan(callback);
    });
  };
}

function notifyRan(callback: FrameRequestCallback): void {
  const listeners = waiting.get(callback);
  if (!listeners) return;
  waiting.delete(callback);
  for (const listener of listeners) listener();
}

/**
 * Runs `fn` (the SDK's `initialize()`) and returns the first animation-frame callback it scheduled, which is
 * the SDK's render loop. `fn`'s exceptions propagate.
 */
export function captureRenderLoop(fn: () => void): FrameRequestCallback | undefined {
  install();
  const previous = capturing;
  const captured: FrameRequestCallback[] = [];
  capturing = captured;
  try {
    fn();
  } finally {
    capturing = previous;
  }
  return captured[0];
}

/** Stops a captured render loop for good: it is neither scheduled again nor run from an already queued frame. */
export function stopRenderLoop(callback: FrameRequestCallback | undefined): void {
  if (callback) retired.add(callback);
}

/**
 * Holds back a captured render loop: its next frame (scheduled or already queued) does not run, so a viewer
 * nobody can see draws nothing. The canvas keeps showing its last frame. Safe to call more than once.
 */
export function pauseRenderLoop(callback: FrameRequestCallback | undefined): void {
  if (callback) paused.add(callback);
}

/**
 * Lets a paused loop run again: the frame it was held at is scheduled once. When a queued frame has not fired
 * yet, nothing is scheduled (it will run), so a loop never runs twice per frame however often this is called.
 */
export function resumeRenderLoop(callback: FrameRequestCallback | undefined): void {
  if (!callback || !paused.has(callback)) return;
  paused.delete(callback);
  if (!held.has(callback)) return;
  held.delete(callback);
  window.requestAnimationFrame(callback);
}

/**
 * Calls `listener` once, right after the next frame of a captured loop has run (the SDK's loop draws the scene
 * synchronously in its frame, so the frame after the SDK reports a model loaded is the first that shows it). A
 * paused loop's next frame is the one it runs on resume; a stopped loop never runs again, and the listener is
 * dropped with it.
 */
export function afterNextRun(callback: FrameRequestCallback, listener: () => void): void {
  const listeners = waiting.get(callback);
  if (listeners) listeners.push(listener);
  else waiting.set(callback, [listener]);
}
