/**
 * Loading, as the element sees it: a Lit reactive controller that turns input changes into runs of the load
 * flow (`load-flow.ts`) and runs into the element's state and events.
 *
 * One run per change of the inputs (or per `reload()`), in the shape of `@lit/task`: each run owns an
 * `AbortController`, and only the latest run may touch the element's state or dispatch events, so a load
 * superseded by new inputs or by disconnection emits nothing more. Every run that is not superseded ends in
 * exactly one `loaded` or one `error`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ModelContextLostEvent,
  ModelContextRestoredEvent,
  ModelLoadedEvent,
  ModelErrorEvent,
  ModelProgressEvent,
  type ModelErrorDetail,
} from '../events.js';
import { ModelErrorCode } from '../internal/errors.js';
import {
  isIdle,
  loadModel,
  modelIdOf,
  type IsolationFrameLike,
  type LoadInputs,
  type LoadOutcome,
} from '../internal/load-flow.js';
import { ViewerSlot, type ContextCallbacks } from '../internal/viewer-slot.js';
import type { IsolationFrame } from './isolation-frame.js';
import { SdkLoadError } from '../internal/sdk-loader.js';
import { isErrorLike } from '../internal/realm.js';
import type { TokenProvider } from '../types.js';
import type { ResolvedText } from '../internal/strings.js';
import { colorSettingsProblem } from '../internal/setting-parsers.js';
import type { BimuViewer } from '../internal/sdk-types.js';
import { ModelStatus } from '../types.js';

/**
 * The element's code that only some loads need, downloaded by the first load that does. A table, as
 * `SHIPPED_LANGUAGES` is for the language chunks, so that a test can make a download fail.
 */
export const LAZY_CHUNKS: Readonly<{ isolationFrame: () => Promise<typeof import('./isolation-frame.js')> }> =
  {
    isolationFrame: () => import('./isolation-frame.js'),
  };

export type { LoadInputs };
export { ModelStatus };

/** The SDK's camera API (`getViewpoint`/`setViewpoint`, a BCF-like viewpoint object), as far as parking uses it. */
interface ViewpointApi {
  getViewpoint?: () => unknown;
  setViewpoint?: (viewpoint: unknown) => void;
}

/** What the element tells the loading controller, and what it hears from it. */
export interface LoadingHooks {
  /** The element's texts, for what the load shows itself (the password prompt). */
  text?: () => ResolvedText;
  /** Resolves once `text` is in the element's language (see `LoadRun.textReady`). */
  textReady?: () => Promise<void>;
  /** Hears when the element is about to create a viewer and when its viewer released its context. */
  budget?: Pick<ContextCallbacks, 'acquiring' | 'released'>;
  /** Called with the viewer once its model is drawn, before `loaded` or `context-restored`. */
  onViewerReady?: (viewer: BimuViewer, reason: 'load' | 'restore') => void;
  /** Called with each new isolation frame's document once it is ready. */
  onFrameDocument?: (doc: Document) => void;
  /**
   * Called once the element has released its viewer (removed from the page, its isolation frame unloaded by a
   * move, or parked): features drop what they kept of the viewer. Any object of an isolation frame's realm
   * (the viewer, a viewpoint the SDK returned) keeps that whole realm in memory for as long as it is held.
   */
  onViewerReleased?: () => void;
}

/** The abort reason of a superseded run; never reported. */
class Superseded extends Error {
  constructor() {
    super('superseded');
    // An Error keeps the frames it was created in, receivers included, until its stack is read. This one is made
    // when a disconnected element is torn down, so it kept the element and its `password` alive for as long as
    // anything held the aborted signal (the SDK's dialog button does, during Materialize's closing animation). A
    // plain stack drops them.
    this.stack = 'Superseded: superseded';
  }
}

export class LoadingController implements ReactiveController {
  status: ModelStatus = ModelStatus.Idle;
  progress = 0;
  error: ModelErrorDetail | null = null;
  /** The browser took the loaded viewer's WebGL context: the model is not drawn until it is restored. */
  contextLost = false;
  /**
   * The loaded model has been drawn: the viewer's render loop ran a frame after the SDK reported it loaded
   * (`loaded` alone does not mean the canvas shows it: an off-screen viewer draws nothing, and the browser may
   * have taken the context). False again whenever a new viewer starts or the context is lost.
   */
  modelDrawn = false;
  /** Released to stay within the page's context budget; `parkedSnapshot` shows in its place. */
  parked = false;
  /** The parked viewer's last frame, as a data URL. */
  parkedSnapshot: string | null = null;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #slot: ViewerSlot;
  /** The frame the SDK runs in with `isolation="frame"`, created by the first such load. */
  readonly #frame: IsolationFrameLike;
  #frameInstance: Promise<IsolationFrame> | undefined;
  #frameCreated: IsolationFrame | undefined;
  #inputsKey: string | undefined;
  #forceRun = false;
  #pendingTeardown: ReturnType<typeof setTimeout> | undefined;
  /** An outcome that arrived while the element was disconnected, committed if it comes back before teardown. */
  #heldCommit: (() => void) | undefined;
  #run: AbortController | undefined;
  #tokenProviderIds = new WeakMap<TokenProvider, number>();
  #tokenProviderCounter = 0;
  #inputs: LoadInputs | undefined;
  /** The parked viewer's camera, put back on the restored one. */
  #parkedViewpoint: unknown;
  /** Whether the element can be seen (the last `setRendering`). */
  #visible = true;
  /** A viewer whose context was lost is to be loaded again as soon as the element can be seen. */
  #restoreWanted = false;
  /** A restore run is under way: further triggers wait for its outcome. */
  #restoring = false;

  /**
   * Called with the viewer once its model is drawn, just before `loaded` (reason `load`) or `context-restored`
   * (reason `restore`) is dispatched, so that listeners of those events find it set up (its initial view).
   */
  readonly #onViewerReady: ((viewer: BimuViewer, reason: 'load' | 'restore') => void) | undefined;
  readonly #text: (() => ResolvedText) | undefined;
  readonly #textReady: (() => Promise<void>) | undefined;
  readonly #onViewerReleased: (() => void) | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, hooks: LoadingHooks = {}) {
    const { text, textReady, budget = {}, onViewerReady, onFrameDocument, onViewerReleased } = hooks;
    this.#host = host;
    this.#text = text;
    this.#textReady = textReady;
    this.#onViewerReady = onViewerReady;
    this.#onViewerReleased = onViewerReleased;
    // The frame's module is downloaded by the first load that asks for isolation: pages that never do (most)
    // do not pay for it. A failed download is the load's `sdk-load-failed` (like a script that cannot be
    // downloaded) and is not kept: the next load that asks for isolation downloads it again.
    const frame = () =>
      (this.#frameInstance ??= LAZY_CHUNKS.isolationFrame().then(
        ({ IsolationFrame }) => (this.#frameCreated = new IsolationFrame(host, onFrameDocument)),
        (error: unknown) => {
          this.#frameInstance = undefined;
          throw new SdkLoadError(
            `isolation="frame" needs the element's isolation-frame module, which could not be loaded: ${
              isErrorLike(error) ? error.message : String(error)
            }`,
          );
        },
      ));
    this.#frame = {
      open: async (signal) => (await frame()).open(signal),
      release: () => this.#frameCreated?.release(),
    };
    this.#slot = new ViewerSlot(host, () => host.requestUpdate(), {
      lost: () => this.#onContextLost(),
      restored: () => {
        this.#restoreWanted = true;
        this.#restoreWhenVisible();
      },
      acquiring: () => budget.acquiring?.(),
      released: () => budget.released?.(),
    });
    host.addController(this);
  }

  /** Whether the viewer may be parked now: loaded and drawn, nothing in flight, not already parked. */
  get parkable(): boolean {
    return (
      this.status === ModelStatus.Loaded &&
      !this.contextLost &&
      !this.parked &&
      !this.#restoring &&
      this.#slot.viewer !== null
    );
  }

  /**
   * Parks the viewer to free its WebGL context: keeps a snapshot of its last frame (shown in its place) and its
   * camera, then releases it as on disconnect. `status` stays `loaded`; no event.
   */
  park(): void {
    if (!this.parkable) return;
    const viewer = this.#slot.viewer as (BimuViewer & ViewpointApi) | null;
    try {
      this.#parkedViewpoint = viewer?.getViewpoint?.();
    } catch {
      // A viewer without a camera to read comes back with the SDK's fitted view.
      this.#parkedViewpoint = undefined;
    }
    this.parkedSnapshot = this.#slot.snapshot();
    this.parked = true;
    this.#slot.retire();
    // Parking is there to free memory as well as the context: features let go of the disposed viewer too.
    this.#onViewerReleased?.();
    this.#host.requestUpdate();
  }

  /**
   * Loads the parked model again into a new viewer and puts its camera back; the snapshot stays until then. The
   * page sees no second `loaded`; a failure is the load's one `error`, with code `restore-failed`.
   */
  unpark(): void {
    const inputs = this.#inputs;
    if (!this.parked || this.#restoring || !inputs || !this.#host.isConnected) return;
    this.#restoring = true;
    this.#cancelRun();
    this.#reloadQuietly(inputs, (outcome) => {
      this.#restoring = false;
      const viewpoint = this.#parkedViewpoint;
      this.#clearParking();
      if (outcome.ok) {
        // A new viewer: features that listen to it (selection, camera) attach again first, so that the view
        // the viewer had when it was parked, set just below, is the one it shows (not the camera feature's
        // last reported view, which an API call since may have changed).
        this.#viewerReady('restore');
        const viewer = this.#slot.viewer as (BimuViewer & ViewpointApi) | null;
        try {
          if (viewpoint !== undefined) viewer?.setViewpoint?.(viewpoint);
        } catch {
          // The SDK's fitted view is still a view of the model.
        }
        this.#whenDrawn();
        this.#host.requestUpdate();
        return;
      }
      this.#commit(modelIdOf(inputs), {
        ok: false,
        error: {
          code: ModelErrorCode.RestoreFailed,
          message: `Restoring the parked 3D view failed: ${outcome.error.message}`,
          modelId: outcome.error.modelId,
        },
      });
    });
  }

  #clearParking(): void {
    this.parked = false;
    this.parkedSnapshot = null;
    this.#parkedViewpoint = undefined;
    this.#restoring = false;
  }

  /** The current run's viewer, or null. */
  get viewer(): BimuViewer | null {
    return this.#slot.viewer;
  }

  /**
   * Whether the viewer draws (see `render-visibility.ts`); a viewer created later follows the last call. Also
   * when a viewer whose context was lost may be restored: see `#restoreWhenVisible`.
   */
  setRendering(on: boolean): void {
    const cameIntoView = on && !this.#visible;
    this.#visible = on;
    this.#slot.setRendering(on);
    if (cameIntoView && this.contextLost) {
      this.#restoreWanted = true;
      this.#restoreWhenVisible();
    }
  }

  /** Draws the viewer's next frames after a change of view made outside its input and API (see ViewerSlot). */
  requestRender(): void {
    this.#slot.requestRender();
  }

  hostConnected(): void {
    if (this.#pendingTeardown !== undefined && (this.#slot.orphaned || this.#frameCreated?.orphaned)) {
      // Moved with isolation="frame": the browser unloaded the frame's document, and the viewer in it. Tear
      // down at once and load again below, as for a new connection.
      clearTimeout(this.#pendingTeardown);
      this.#pendingTeardown = undefined;
      this.#tearDown();
    }
    if (this.#pendingTeardown !== undefined) {
      // Reconnected in the task that disconnected it: a move (a framework reordering a list, a portal), so the
      // viewer, its load and its state stay as they were.
      clearTimeout(this.#pendingTeardown);
      this.#pendingTeardown = undefined;
      const held = this.#heldCommit;
      this.#heldCommit = undefined;
      held?.();
      return;
    }
    // A reconnected element starts over: its viewer was released on disconnect.
    this.#inputsKey = undefined;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    // Moving an element is a disconnect followed by a connect in the same task; releasing the viewer at once
    // would download and set up the model again. The teardown waits for the next task and a reconnect cancels it.
    clearTimeout(this.#pendingTeardown);
    this.#pendingTeardown = setTimeout(() => {
      this.#pendingTeardown = undefined;
      this.#tearDown();
    }, 0);
  }

  #tearDown(): void {
    this.#heldCommit = undefined;
    this.#cancelRun();
    this.#slot.retire();
    // Removing the frame releases whatever the SDK left in it, a parked in-flight viewer included.
    this.#frame.release();
    this.#onViewerReleased?.();
    this.#inputsKey = undefined;
    this.status = ModelStatus.Idle;
    this.progress = 0;
    this.contextLost = false;
    this.#restoreWanted = false;
    this.#restoring = false;
    this.modelDrawn = false;
    this.#clearParking();
  }

  /**
   * Hands over the element's inputs; the element calls this on every update. Starts a run when they differ
   * from the last run's, or when `reload()` asked for one.
   */
  update(inputs: LoadInputs): void {
    if (!this.#host.isConnected) return;
    const key = this.#keyOf(inputs);
    if (key === this.#inputsKey && !this.#forceRun) return;
    this.#inputsKey = key;
    this.#forceRun = false;
    this.#inputs = inputs;
    this.#start(inputs);
  }

  /** Starts a new run with the current inputs at the next update, even when they did not change. */
  reload(): void {
    this.#forceRun = true;
    this.#host.requestUpdate();
  }

  #keyOf(inputs: LoadInputs): string {
    const provider = inputs.tokenProvider;
    let providerId = 0;
    if (typeof provider === 'function') {
      providerId = this.#tokenProviderIds.get(provider) ?? ++this.#tokenProviderCounter;
      this.#tokenProviderIds.set(provider, providerId);
    }
    // The key is compared, never shown or stored elsewhere; secrets in it stay in this object's memory only.
    return JSON.stringify([
      inputs.modelId,
      inputs.accessToken,
      inputs.tokenUrl,
      providerId,
      inputs.passwordMode,
      inputs.password,
      inputs.baseUrl,
      inputs.sdkSrc,
      inputs.threeSrc,
      inputs.uiAssetsBase,
      inputs.forbiddenAttributes,
      // A colour is applied without reloading, but a colour that becomes invalid (or valid again) is a new
      // run: bad input always ends in one `invalid-config` error, as it would before the first load.
      colorSettingsProblem(inputs),
      inputs.isolation,
    ]);
  }

  #cancelRun(): void {
    this.#run?.abort(new Superseded());
    this.#run = undefined;
  }

  #start(inputs: LoadInputs): void {
    this.#cancelRun();
    this.#slot.retire();
    this.error = null;
    this.progress = 0;
    this.contextLost = false;
    this.#restoreWanted = false;
    this.#restoring = false;
    this.modelDrawn = false;
    this.#clearParking();
    if (isIdle(inputs)) {
      // Nothing to load yet (frameworks often set model-id after creating the element): stay idle, silently.
      this.status = ModelStatus.Idle;
      return;
    }
    this.status = ModelStatus.Loading;
    const run = new AbortController();
    this.#run = run;
    const { signal } = run;
    const onProgress = (value: number) => {
      // A disconnected element emits nothing, even while its teardown waits for the end of the task.
      if (this.#run === run && this.#host.isConnected) this.#setProgress(value);
    };
    void this.#runLoad(inputs, signal, onProgress).then(
      (outcome) => {
        // If this is still the most recent run, commit its outcome; a superseded run stays silent.
        if (this.#run !== run || signal.aborted) return;
        const commit = () => this.#commit(modelIdOf(inputs), outcome);
        if (this.#host.isConnected) commit();
        else this.#heldCommit = commit;
      },
      () => {
        // Only a superseded run rejects.
      },
    );
  }

  #onContextLost(): void {
    // A context lost while loading ends in the load's own outcome; only a drawn model can go blank unnoticed.
    if (this.status !== ModelStatus.Loaded || this.contextLost) return;
    this.contextLost = true;
    this.#restoreWanted = false;
    this.modelDrawn = false;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelContextLostEvent());
  }

  /**
   * Restores a lost viewer when it is wanted and the element can be seen. It is wanted once the browser gives
   * the context back (`webglcontextrestored`: after a GPU reset, or `WEBGL_lose_context.restoreContext()`), or
   * once the element comes into view after the loss: a browser that takes a context to make room for another
   * one (it keeps about sixteen per page and drops the oldest) never gives it back. Not before that: loading
   * again at once, in view, would take another viewer's context in turn, and a viewer nobody can see would spend
   * a download and a context on nothing. Scrolling a "3D view paused" box out of view and back restores it.
   */
  #restoreWhenVisible(): void {
    if (!this.contextLost || !this.#restoreWanted || !this.#visible || this.#restoring) return;
    this.#restoreWanted = false;
    this.#restoreAfterContextLoss();
  }

  /**
   * Loads the same model into a new viewer once the browser gives a context back or the element comes into view. three.js r113 does not
   * rebuild its GPU state on `webglcontextrestored`, so the old viewer is released rather than reused. The
   * page sees `context-restored`, not a second `loaded`; a failure is the run's one `error`, `context-lost`.
   */
  #restoreAfterContextLoss(): void {
    const inputs = this.#inputs;
    if (!this.contextLost || !inputs) return;
    this.#restoring = true;
    this.#cancelRun();
    this.#slot.retire();
    this.#reloadQuietly(inputs, (outcome) => {
      this.#restoring = false;
      this.contextLost = false;
      if (outcome.ok) {
        this.#whenDrawn();
        this.#host.requestUpdate();
        this.#viewerReady('restore');
        this.#host.dispatchEvent(new ModelContextRestoredEvent());
        return;
      }
      this.#commit(modelIdOf(inputs), {
        ok: false,
        error: {
          code: ModelErrorCode.ContextLost,
          message: `The browser took the 3D view's WebGL context and loading the model again failed: ${outcome.error.message}`,
          modelId: outcome.error.modelId,
        },
      });
    });
  }

  /**
   * Loads the current model again into a new viewer as a run of its own, without progress events: the page
   * already saw this model load, so a restore (after parking or a lost context) only reports how it ended.
   * `settle` runs only if no newer run has superseded this one.
   */
  #reloadQuietly(inputs: LoadInputs, settle: (outcome: LoadOutcome) => void): void {
    const run = new AbortController();
    this.#run = run;
    const { signal } = run;
    void this.#runLoad(inputs, signal, () => undefined).then(
      (outcome) => {
        if (this.#run === run && !signal.aborted) settle(outcome);
      },
      () => {
        // Only a superseded run rejects.
      },
    );
  }

  /**
   * Runs the load flow into the slot. The run starts in the task of the update that asked for it, as a
   * hand-written page creates its viewer while its script runs: a run started one task later let the browser
   * paint the page first, and the WebGL context and the first resize after that paint were slower (measured in
   * bench/README.md). The outcome is delivered no earlier than the next task: events are never dispatched from
   * inside the update that started the run, and listeners added right after the element was created or connected
   * (frameworks often do so after their own microtasks) still hear about a configuration error found at once.
   * A change in a later microtask of the same task supersedes the run like any other change: a viewer it already
   * created is disposed of, and it emits nothing. Rejects with the abort reason once `signal` aborts.
   */
  async #runLoad(
    inputs: LoadInputs,
    signal: AbortSignal,
    onProgress: (value: number) => void,
  ): Promise<LoadOutcome> {
    const nextTask = new Promise((resolve) => setTimeout(resolve, 0));
    // Out of the update first: the flow adds the viewer's container to the light DOM and may park other elements.
    await Promise.resolve();
    signal.throwIfAborted();
    const outcome = await loadModel(inputs, {
      signal,
      slot: this.#slot,
      frame: this.#frame,
      onProgress,
      text: this.#text,
      textReady: this.#textReady,
    });
    await nextTask;
    return outcome;
  }

  #commit(modelId: string, outcome: LoadOutcome): void {
    if (outcome.ok) {
      this.progress = 1;
      this.status = ModelStatus.Loaded;
      this.#whenDrawn();
      this.#host.requestUpdate();
      this.#viewerReady('load');
      this.#host.dispatchEvent(new ModelProgressEvent(1));
      this.#host.dispatchEvent(new ModelLoadedEvent(modelId));
      return;
    }
    this.#slot.retire();
    this.error = outcome.error;
    this.status = ModelStatus.Error;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelErrorEvent(outcome.error));
  }

  /** Sets `modelDrawn` once the current viewer has drawn a frame; a viewer replaced meanwhile never does. */
  #whenDrawn(): void {
    this.#slot.afterNextFrame(() => {
      if (this.modelDrawn || this.contextLost || this.status !== ModelStatus.Loaded) return;
      this.modelDrawn = true;
      this.#host.requestUpdate();
    });
  }

  #viewerReady(reason: 'load' | 'restore'): void {
    const viewer = this.#slot.viewer;
    if (!viewer || !this.#onViewerReady) return;
    try {
      this.#onViewerReady(viewer, reason);
    } catch {
      // A feature failing to set up the viewer must not cost the page its `loaded`.
    }
  }

  #setProgress(value: number): void {
    if (value <= this.progress) return;
    this.progress = value;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelProgressEvent(value));
  }
}
