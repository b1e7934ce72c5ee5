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
import { ViewerSlot } from '../internal/viewer-slot.js';
import type { IsolationFrame } from './isolation-frame.js';
import type { TokenProvider } from '../types.js';
import type { BimuViewer } from '../internal/sdk-types.js';
import { ModelStatus } from '../types.js';

export type { LoadInputs };
export { ModelStatus };

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

  /** `onFrameDocument` is called with each new isolation frame's document once it is ready. */
  constructor(host: ReactiveControllerHost & HTMLElement, onFrameDocument?: (doc: Document) => void) {
    this.#host = host;
    // The frame's module is downloaded by the first load that asks for isolation: pages that never do (most)
    // do not pay for it.
    const frame = () =>
      (this.#frameInstance ??= import('./isolation-frame.js').then(
        ({ IsolationFrame }) => (this.#frameCreated = new IsolationFrame(host, onFrameDocument)),
      ));
    this.#frame = {
      open: async (signal) => (await frame()).open(signal),
      release: () => this.#frameCreated?.release(),
    };
    this.#slot = new ViewerSlot(host, () => host.requestUpdate(), {
      lost: () => this.#onContextLost(),
      restored: () => this.#restoreAfterContextLoss(),
    });
    host.addController(this);
  }

  /** The current run's viewer, or null. */
  get viewer(): BimuViewer | null {
    return this.#slot.viewer;
  }

  /** Whether the viewer draws (see `render-visibility.ts`); a viewer created later follows the last call. */
  setRendering(on: boolean): void {
    this.#slot.setRendering(on);
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
    this.#inputsKey = undefined;
    this.status = ModelStatus.Idle;
    this.progress = 0;
    this.contextLost = false;
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
    // Start in a new task: events are never dispatched from inside the update that started the run, and
    // listeners added right after the element was created or connected (frameworks often do so after their
    // own microtasks) still hear about a configuration error found immediately.
    void new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => {
        signal.throwIfAborted();
        return loadModel(inputs, { signal, slot: this.#slot, frame: this.#frame, onProgress });
      })
      .then(
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
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelContextLostEvent());
  }

  /**
   * Loads the same model into a new viewer once the browser gives a context back. three.js r113 does not
   * rebuild its GPU state on `webglcontextrestored`, so the old viewer is released rather than reused. The
   * page sees `context-restored`, not a second `loaded`; a failure is the run's one `error`, `context-lost`.
   */
  #restoreAfterContextLoss(): void {
    const inputs = this.#inputs;
    if (!this.contextLost || !inputs) return;
    this.#cancelRun();
    this.#slot.retire();
    const run = new AbortController();
    this.#run = run;
    const { signal } = run;
    void new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => {
        signal.throwIfAborted();
        return loadModel(inputs, {
          signal,
          slot: this.#slot,
          frame: this.#frame,
          onProgress: () => undefined,
        });
      })
      .then(
        (outcome) => {
          if (this.#run !== run || signal.aborted) return;
          this.contextLost = false;
          if (outcome.ok) {
            this.#host.requestUpdate();
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
        },
        () => {
          // Only a superseded run rejects.
        },
      );
  }

  #commit(modelId: string, outcome: LoadOutcome): void {
    if (outcome.ok) {
      this.progress = 1;
      this.status = ModelStatus.Loaded;
      this.#host.requestUpdate();
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

  #setProgress(value: number): void {
    if (value <= this.progress) return;
    this.progress = value;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelProgressEvent(value));
  }
}
