/**
 * One call to the SDK's `loadModel`, and how it ends.
 *
 * The SDK has no abort and no timeout, some of its failures never reach `onError` (they surface only as
 * uncaught errors on `window`, after which the load hangs), and it can call `onError` once per failing part.
 * An attempt therefore ends with the first of: the SDK's `onLoaded` or `onError`, an uncaught SDK error
 * attributed to it, its watchdog (no sign of progress for `timeout` ms), or the run's abort.
 */
import { LoadError, ModelErrorCode, mapSdkError } from './errors.js';
import type { ProgressTracker } from './progress.js';
import { sdkScriptUrl } from './sdk-loader.js';
import { explainTrustedTypes } from './trusted-types.js';
import { watchSdkErrors } from './load-error-attribution.js';
import { realmOf } from './realm.js';
import type { ViewerSession } from './viewer-session.js';
import type { ViewerSlot } from './viewer-slot.js';
import type { BimuModelConfig } from './sdk-types.js';

/** What one attempt ended in. */
export type AttemptOutcome = { ok: true } | { ok: false; error: LoadError };

export interface AttemptContext {
  slot: ViewerSlot;
  /** Watchdog in ms; 0 disables it. */
  timeout: number;
  tracker: ProgressTracker;
  signal: AbortSignal;
  /** Called with each new progress value of the load (0 to 1). */
  onProgress(value: number): void;
}

/**
 * Runs one `loadModel` on `session`. Resolves with its outcome; rejects with the abort reason when the run is
 * aborted first. Messages are not redacted here: the load flow does that once, for the whole run.
 */
export function attemptLoad(
  session: ViewerSession,
  config: BimuModelConfig,
  context: AttemptContext,
): Promise<AttemptOutcome> {
  const { slot, timeout, tracker, signal } = context;
  const sdkSettled = deferred();
  // The watchdog reports an uncaught SDK error it could not attribute (several loads were in flight) rather
  // than a bare timeout: it is the likelier cause of the hang.
  let ambiguousError: string | undefined;
  const outcome = firstOutcome<AttemptOutcome>(() => {
    watchdog.stop();
    stopWatchingErrors();
    signal.removeEventListener('abort', onAbort);
  });
  const watchdog = startWatchdog(timeout, () => outcome.settle(stalled(ambiguousError, timeout)));
  const stopWatchingErrors = watchSdkErrors(
    {
      onAttributed: (message) => outcome.settle(viewerFailure(message)),
      onAmbiguous: (message) => {
        ambiguousError = message;
      },
    },
    isSdkScript,
    realmOf(session.container),
  );
  const onAbort = () => outcome.fail(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });

  slot.loading(session, sdkSettled.promise);
  const callbacks = {
    onProgress(event: unknown) {
      if (outcome.settled) return;
      watchdog.arm();
      const value = tracker.update(event);
      if (value !== undefined) context.onProgress(value);
    },
    onLoaded() {
      sdkSettled.resolve();
      outcome.settle({ ok: true });
    },
    onError(event: unknown) {
      // The SDK can call onError once per failing part: the first one decides.
      sdkSettled.resolve();
      outcome.settle({ ok: false, error: mapSdkError(event) });
    },
  };
  try {
    session.load(config, callbacks);
  } catch (error) {
    sdkSettled.resolve();
    outcome.settle({ ok: false, error: mapSdkError(error) });
  }
  return outcome.promise.then((result) => {
    // A successful load leaves nothing in flight. After a failure the SDK may still be downloading other
    // parts, so the viewer is only disposed once `sdkSettled` resolves (or the slot's grace period ends).
    if (result.ok) slot.loaded(session);
    return result;
  });
}

/** Recognises the SDK's script in an uncaught error's file name or stack. */
function isSdkScript(url: string): boolean {
  const sdkUrl = sdkScriptUrl();
  return sdkUrl !== undefined ? url.includes(sdkUrl) : /bimU\.io\.Viewer/.test(url);
}

/**
 * The outcome of an uncaught SDK error during a load. The SDK's later sinks (the model-part worker's `blob:`
 * URL, its dialogs) refused by Trusted Types surface only this way, so those say what the page must allow.
 */
function viewerFailure(message: string): AttemptOutcome {
  const error = new LoadError(
    ModelErrorCode.Viewer,
    `The bimU.io viewer failed: ${explainTrustedTypes(message)}`,
  );
  return { ok: false, error };
}

/** The outcome of a load that showed no progress for `timeout` ms. */
function stalled(ambiguousError: string | undefined, timeout: number): AttemptOutcome {
  if (ambiguousError !== undefined) return viewerFailure(ambiguousError);
  const message = `The model showed no progress for ${timeout} ms; the load was abandoned.`;
  return { ok: false, error: new LoadError(ModelErrorCode.Timeout, message) };
}

/** A timer that fires `onStall` once `timeout` ms pass without `arm()`; armed from the start. 0 disables it. */
function startWatchdog(timeout: number, onStall: () => void): { arm(): void; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = {
    arm() {
      clearTimeout(timer);
      if (timeout > 0) timer = setTimeout(onStall, timeout);
    },
    stop() {
      clearTimeout(timer);
    },
  };
  watchdog.arm();
  return watchdog;
}

/** A promise that the first of `settle`/`fail` decides; `onSettled` runs once, synchronously, when it does. */
function firstOutcome<T>(onSettled: () => void): {
  promise: Promise<T>;
  readonly settled: boolean;
  settle(value: T): void;
  fail(reason: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  let settled = false;
  const once =
    <A>(action: (arg: A) => void) =>
    (arg: A) => {
      if (settled) return;
      settled = true;
      onSettled();
      action(arg);
    };
  return {
    promise,
    get settled() {
      return settled;
    },
    settle: once(resolve),
    fail: once(reject),
  };
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}
