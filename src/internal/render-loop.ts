/**
 * Stopping the SDK's render loop.
 *
 * The SDK's `initialize()` starts `render = () => { requestAnimationFrame(render); renderer.render(…);
 * controls.update(); … }` and its `dispose()` never stops it: every frame afterwards throws
 * "Cannot read properties of null (reading 'update')". The callback is private, but `initialize()` schedules
 * its first frame synchronously, so the element captures the first callback scheduled while `initialize()`
 * runs and, once the viewer is retired, refuses to schedule it again and drops a frame that was already queued.
 *
 * That needs one wrapper around the SDK's realm's `requestAnimationFrame` (the page's window, or an isolation
 * frame's), installed on first use and kept:
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
/** The window whose `requestAnimationFrame` each captured loop reschedules itself through. */
const loopRealm = new WeakMap<FrameRequestCallback, Window>();
let capturing: FrameRequestCallback[] | undefined;
const installed = new WeakSet<Window>();

function install(realm: Window): void {
  if (installed.has(realm)) return;
  installed.add(realm);
  const native = realm.requestAnimationFrame;
  realm.requestAnimationFrame = function requestAnimationFrame(callback: FrameRequestCallback): number {
    if (capturing && capturing.length === 0) {
      capturing.push(callback);
      tracked.add(callback);
      loopRealm.set(callback, realm);
    }
    if (!tracked.has(callback)) return native.call(realm, callback);
    if (retired.has(callback)) return 0;
    if (paused.has(callback)) {
      held.add(callback);
      return 0;
    }
    // A frame queued before the viewer was retired or paused still fires after it: check again when it does.
    return native.call(realm, (time) => {
      if (retired.has(callback)) return;
      if (paused.has(callback)) {
        held.add(callback);
        return;
      }
      callback(time);
    });
  };
}

/**
 * Runs `fn` (the SDK's `initialize()`) and returns the first animation-frame callback it scheduled through
 * `realm` (the window the SDK was loaded into), which is the SDK's render loop. `fn`'s exceptions propagate.
 */
export function captureRenderLoop(fn: () => void, realm: Window = window): FrameRequestCallback | undefined {
  install(realm);
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
  (loopRealm.get(callback) ?? window).requestAnimationFrame(callback);
}
