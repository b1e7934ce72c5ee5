/**
 * Owning the SDK's render loop: stopping it, pausing it, and drawing only on demand.
 *
 * The SDK's `initialize()` starts `render = () => { requestAnimationFrame(render); renderer.render(…);
 * transformControls.update(); measureTool.update(); }` and its `dispose()` never stops it: every frame afterwards
 * throws "Cannot read properties of null (reading 'update')". The callback is private, but `initialize()`
 * schedules its first frame synchronously, so the element captures the first callback scheduled while
 * `initialize()` runs and, from then on, decides whether each frame of that loop runs.
 *
 * A frame runs only when the loop is not retired, not paused (its viewer can be seen) and a frame is wanted:
 * a loop redraws the same picture every frame otherwise, on the main thread and the GPU, for as long as the
 * page is open. The SDK has no animation of its own (its orbit controls have damping off and no auto-rotate,
 * and this loop is its only `requestAnimationFrame`), so the picture changes only when something asks for it:
 * `requestRender` (input, resize, a download's progress, an API call) wants frames for a short settle period.
 * A loop that wants no frame is held, not rescheduled, and `requestRender` schedules it again.
 *
 * That needs one wrapper around the SDK's realm's `requestAnimationFrame` (the page's window, or an isolation
 * frame's), installed on first use and kept:
 * the loop reschedules itself through the global on every frame, and removing the wrapper while another
 * library has wrapped it in turn would unwrap that library too. Callbacks the element does not track pass
 * straight through, unchanged.
 */

interface LoopState {
  retired: boolean;
  paused: boolean;
  /** Frames that run however soon they come (at least one after any request). */
  framesWanted: number;
  /** `performance.now()` until which every frame runs: the settle period after the last request. */
  activeUntil: number;
  /** The loop's next frame was held back: nothing is scheduled until it is wanted again. */
  held: boolean;
  /** Frames the loop has drawn, for tests and measurements. */
  drawn: number;
  /** The window whose `requestAnimationFrame` the loop reschedules itself through. */
  realm: Window;
}

const loops = new WeakMap<FrameRequestCallback, LoopState>();
/** Who waits for a loop's next frame to have run (see `afterNextRun`). */
const waiting = new WeakMap<FrameRequestCallback, (() => void)[]>();
let capturing: FrameRequestCallback[] | undefined;
const installed = new WeakSet<Window>();

/**
 * How long a loop keeps drawing after a request: long enough to follow a drag or a burst of wheel events
 * between two input events (and the SDK's timers, such as its 400 ms orbit-centre update after a wheel zoom,
 * which does not move the camera), short enough that an idle viewer stops within half a second.
 */
export const RENDER_SETTLE_MS = 500;

function wantsFrame(state: LoopState): boolean {
  return !state.retired && !state.paused && (state.framesWanted > 0 || performance.now() < state.activeUntil);
}

function install(realm: Window): void {
  if (installed.has(realm)) return;
  installed.add(realm);
  const native = realm.requestAnimationFrame;
  realm.requestAnimationFrame = function requestAnimationFrame(callback: FrameRequestCallback): number {
    if (capturing && capturing.length === 0) {
      capturing.push(callback);
      // The SDK draws its first frame synchronously in initialize(); a few more show what loads next.
      loops.set(callback, {
        retired: false,
        paused: false,
        framesWanted: 1,
        activeUntil: performance.now() + RENDER_SETTLE_MS,
        held: false,
        drawn: 1,
        realm,
      });
    }
    const state = loops.get(callback);
    if (!state) return native.call(realm, callback);
    if (!wantsFrame(state)) {
      state.held = !state.retired;
      return 0;
    }
    // A frame queued before the loop was retired, paused or settled still fires after it: check again.
    return native.call(realm, (time) => {
      if (!wantsFrame(state)) {
        state.held = !state.retired;
        return;
      }
      state.framesWanted = Math.max(0, state.framesWanted - 1);
      state.drawn++;
      callback(time);
      // Not after a frame that threw: it drew nothing.
      notifyRan(callback);
    });
  };
}

/** Schedules a held loop again when it wants a frame; a loop that is scheduled already is left alone. */
function wake(callback: FrameRequestCallback, state: LoopState): void {
  if (!state.held || !wantsFrame(state)) return;
  state.held = false;
  state.realm.requestAnimationFrame(callback);
}

function notifyRan(callback: FrameRequestCallback): void {
  const listeners = waiting.get(callback);
  if (!listeners) return;
  waiting.delete(callback);
  for (const listener of listeners) listener();
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
  const state = callback && loops.get(callback);
  if (state) state.retired = true;
  // Its listeners hold the element: a stopped loop never runs them, and the SDK keeps the callback reachable.
  if (callback) waiting.delete(callback);
}

/**
 * Holds back a captured render loop: its next frame (scheduled or already queued) does not run, so a viewer
 * nobody can see draws nothing. The canvas keeps showing its last frame. Requests made meanwhile are kept
 * and drawn on resume. Safe to call more than once.
 */
export function pauseRenderLoop(callback: FrameRequestCallback | undefined): void {
  const state = callback && loops.get(callback);
  if (state) state.paused = true;
}

/**
 * Lets a paused loop run again when it wants a frame. When a queued frame has not fired yet, nothing is
 * scheduled (it will run), so a loop never runs twice per frame however often this is called.
 */
export function resumeRenderLoop(callback: FrameRequestCallback | undefined): void {
  const state = callback && loops.get(callback);
  if (!state || !state.paused) return;
  state.paused = false;
  wake(callback, state);
}

/**
 * Asks a loop to draw: the next frame, and every frame for `settleMs` after this call (what a drag, a wheel
 * burst or a streaming download needs between two of its events). A paused loop draws once it resumes.
 */
export function requestRender(callback: FrameRequestCallback | undefined, settleMs = RENDER_SETTLE_MS): void {
  const state = callback && loops.get(callback);
  if (!state || state.retired) return;
  state.framesWanted = Math.max(state.framesWanted, 1);
  state.activeUntil = Math.max(state.activeUntil, performance.now() + settleMs);
  wake(callback, state);
}

/** How many frames a captured loop has drawn (its first, synchronous one included); 0 for an unknown loop. */
export function framesDrawn(callback: FrameRequestCallback | undefined): number {
  return (callback && loops.get(callback)?.drawn) ?? 0;
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
