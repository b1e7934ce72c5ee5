/**
 * The element's load lifecycle as a Lit reactive controller.
 *
 * One run per change of the inputs (or per `reload()`), in the shape of `@lit/task`: each run owns an
 * `AbortController`, and only the latest run may touch the element's state or dispatch events, so a load
 * superseded by new inputs or by disconnection emits nothing more. Every run that is not superseded ends in
 * exactly one `loaded` or one `error`.
 *
 * Viewers are created per run and never reused across runs: the SDK adds a second model to the scene
 * instead of replacing the first, so a new model, token or password needs a new viewer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ModelLoadedEvent, ModelErrorEvent, ModelProgressEvent, type ModelErrorDetail } from '../events.js';
import { LoadError, ModelErrorCode, mapSdkError, redact, type MappedSdkError } from './errors.js';
import { ProgressTracker } from './progress.js';
import { resolveSettings } from './config.js';
import type { ResolvedSettings, SettingValues } from './settings-table.js';
import { loadSdk, sdkScriptUrl, SdkLoadError } from './sdk-loader.js';
import { explainTrustedTypes } from './trusted-types.js';
import {
  checkToken,
  forbiddenAttributeError,
  isSendablePassword,
  resolveCredentialSource,
  validateModelId,
  type CheckedToken,
  type CredentialSource,
  type TokenProvider,
} from './credentials.js';
import { ViewerSession } from './viewer-session.js';
import { promptForPassword } from './password-prompt.js';
import { watchSdkErrors } from './load-error-attribution.js';
import { materializeFailed } from './head-asset-dedup.js';
import { ensureDialogStyles } from './dialog-styles.js';
import { mark } from './dom-marker.js';
import { obtainToken } from './token-source.js';
import type { BimuNamespace, BimuViewer } from './sdk-types.js';
import { ModelStatus } from '../types.js';

/** Everything a run reads from the element: its settings (one row each in settings-table.ts), and: */
export interface LoadInputs extends SettingValues {
  /** Names of credential-like attributes found on the element. */
  forbiddenAttributes: readonly string[];
}

export interface LoadHost extends ReactiveControllerHost, HTMLElement {
  loadInputs(): LoadInputs;
}

/**
 * How long a viewer whose load was still in flight when it was superseded is kept (suspended: no rendering,
 * no listeners, no WebGL context) before it is disposed anyway. Disposing it while the SDK's download is
 * pending would make the SDK's own callbacks throw uncaught errors once the download completes.
 */
export const RETIRED_VIEWER_GRACE_MS = 30_000;

let containerCounter = 0;

/** What one call to the SDK's `loadModel` ended in. */
type AttemptOutcome = { ok: true } | { ok: false; error: MappedSdkError };

/** The abort reason of a superseded run; never reported. */
class Superseded extends Error {
  constructor() {
    super('superseded');
    // An Error keeps the frames it was created in, receivers included, until its stack is read. This one is made
    // in hostDisconnected, so it kept the element and its `password` alive for as long as anything held the
    // aborted signal (the SDK's dialog button does, during Materialize's closing animation). A plain stack drops
    // them.
    this.stack = 'Superseded: superseded';
  }
}

export class ModelLoadController implements ReactiveController {
  status: ModelStatus = ModelStatus.Idle;
  progress = 0;
  error: ModelErrorDetail | null = null;

  readonly #host: LoadHost;
  #inputsKey: string | undefined;
  #forceRun = false;
  #run: AbortController | undefined;
  #session: ViewerSession | undefined;
  #sessionInFlight: Promise<void> | undefined;
  #resizeObserver: ResizeObserver | undefined;
  #tokenProviderIds = new WeakMap<TokenProvider, number>();
  #tokenProviderCounter = 0;

  constructor(host: LoadHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The current run's viewer, or null. */
  get viewer(): BimuViewer | null {
    return this.#session && !this.#session.disposed ? this.#session.viewer : null;
  }

  hostConnected(): void {
    // A reconnected element starts over: its viewer was released on disconnect.
    this.#inputsKey = undefined;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#cancelRun();
    this.#retireSession();
    this.#inputsKey = undefined;
    this.status = ModelStatus.Idle;
    this.progress = 0;
  }

  hostUpdate(): void {
    if (!this.#host.isConnected) return;
    const inputs = this.#host.loadInputs();
    const key = this.#keyOf(inputs);
    if (key === this.#inputsKey && !this.#forceRun) return;
    this.#inputsKey = key;
    this.#forceRun = false;
    this.#start(inputs);
  }

  /** Starts a new run with the current inputs, even when they did not change. */
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
    ]);
  }

  #cancelRun(): void {
    this.#run?.abort(new Superseded());
    this.#run = undefined;
  }

  #start(inputs: LoadInputs): void {
    this.#cancelRun();
    this.#retireSession();
    const modelId = (inputs.modelId ?? '').trim();
    this.error = null;
    this.progress = 0;
    if (modelId === '' && inputs.forbiddenAttributes.length === 0) {
      // Nothing to load yet (frameworks often set model-id after creating the element): stay idle, silently.
      this.status = ModelStatus.Idle;
      return;
    }
    this.status = ModelStatus.Loading;
    const run = new AbortController();
    this.#run = run;
    void this.#execute(inputs, modelId, run.signal).then(
      () => {
        if (this.#run !== run) return;
        this.#commitLoaded(modelId);
      },
      (error: unknown) => {
        // If this is still the most recent run, report its failure; a superseded run stays silent.
        if (this.#run !== run || run.signal.aborted) return;
        this.#commitError(modelId, error, inputs);
      },
    );
  }

  #commitLoaded(modelId: string): void {
    this.progress = 1;
    this.status = ModelStatus.Loaded;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelProgressEvent(1));
    this.#host.dispatchEvent(new ModelLoadedEvent(modelId));
  }

  #commitError(modelId: string, error: unknown, inputs: LoadInputs): void {
    const secrets = [inputs.accessToken, inputs.password];
    let code: ModelErrorCode;
    let message: string;
    if (error instanceof LoadError) {
      code = error.code;
      message = error.message;
    } else if (error instanceof SdkLoadError) {
      code = ModelErrorCode.SdkLoadFailed;
      message = error.message;
    } else {
      code = ModelErrorCode.Viewer;
      message = `The bimU.io viewer failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    this.#retireSession();
    this.error = { code, message: redact(message, secrets), modelId };
    this.status = ModelStatus.Error;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelErrorEvent(this.error));
  }

  #setProgress(value: number, signal: AbortSignal): void {
    if (signal.aborted || value <= this.progress) return;
    this.progress = value;
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new ModelProgressEvent(value));
  }

  async #execute(inputs: LoadInputs, modelId: string, signal: AbortSignal): Promise<void> {
    // Start in a new task: events are never dispatched from inside the update that started the run, and
    // listeners added right after the element was created or connected (frameworks often do so after their
    // own microtasks) still hear about a configuration error found immediately.
    await new Promise((resolve) => setTimeout(resolve, 0));
    signal.throwIfAborted();

    if (inputs.forbiddenAttributes.length > 0) throw forbiddenAttributeError(inputs.forbiddenAttributes);
    if (modelId === '') throw new LoadError(ModelErrorCode.InvalidConfig, 'model-id is required.');
    validateModelId(modelId);
    let settings: ResolvedSettings;
    try {
      settings = resolveSettings(inputs);
    } catch (error) {
      throw new LoadError(ModelErrorCode.InvalidConfig, (error as Error).message);
    }
    const source = resolveCredentialSource(inputs);

    let token: CheckedToken | undefined;
    if (source.kind === 'access-token') token = checkToken(source.token, 'attribute');
    // The scripts (about 210 kB gzip) and the token do not depend on each other: fetch them at the same time.
    // A token that fails its local checks above never costs a download.
    const sdk = loadSdk({ threeSrc: settings.threeSrc, sdkSrc: settings.sdkSrc });
    // When the token fails first, nobody awaits `sdk`; its rejection must not surface as unhandled.
    sdk.catch(() => undefined);
    if (source.kind !== 'access-token' && source.kind !== 'password') {
      token = await this.#fetchToken(source, modelId, signal, false);
    }
    signal.throwIfAborted();

    const bimU = await sdk;
    signal.throwIfAborted();
    const session = this.#createSession(bimU, settings);
    const tracker = new ProgressTracker();

    if (source.kind === 'password') {
      await this.#loadWithPassword(session, source, modelId, settings, tracker, signal);
      return;
    }
    let outcome = await this.#attempt(session, { modelId, baseUrl: settings.baseUrl, accessToken: token!.token }, settings, tracker, signal, [token!.token]);
    if (!outcome.ok && outcome.error.code === ModelErrorCode.Unauthorized && source.kind !== 'access-token') {
      // The platform refused a token we believed valid (revoked, or a clock skew hid its expiry): refresh once,
      // bypassing the shared cache, and retry once. A failed attempt adds nothing to the scene, so the same
      // viewer can load again.
      token = await this.#fetchToken(source, modelId, signal, true);
      signal.throwIfAborted();
      outcome = await this.#attempt(session, { modelId, baseUrl: settings.baseUrl, accessToken: token.token }, settings, tracker, signal, [token.token]);
    }
    if (!outcome.ok) throw toLoadError(outcome.error);
  }

  async #loadWithPassword(
    session: ViewerSession,
    source: Extract<CredentialSource, { kind: 'password' }>,
    modelId: string,
    settings: ResolvedSettings,
    tracker: ProgressTracker,
    signal: AbortSignal,
  ): Promise<void> {
    // A model shared without a password loads with an empty one, so try the page's password (or '') first and
    // only ask when the platform refuses it.
    let password: string | null = source.password ?? '';
    for (;;) {
      const attemptPassword: string = password;
      password = null;
      const outcome = await this.#attempt(session, { modelId, baseUrl: settings.baseUrl, password: attemptPassword }, settings, tracker, signal, [attemptPassword]);
      if (outcome.ok) return;
      if (!(outcome.error.code === ModelErrorCode.Unauthorized && outcome.error.step === 'token')) {
        throw toLoadError(outcome.error);
      }
      const retry = attemptPassword !== '';
      let typed: string | null = null;
      let unsendable = false;
      do {
        typed = await this.#prompt(session, modelId, retry || unsendable, settings, signal);
        if (typed === null) {
          throw new LoadError(ModelErrorCode.PasswordCancelled, 'The password prompt was cancelled.');
        }
        // The SDK encodes the password with btoa(), which throws beyond Latin-1, and a password longer than
        // MAX_PASSWORD_LENGTH would be refused by the server as an oversized header: such a password cannot be
        // right, so ask again without sending it.
        unsendable = !isSendablePassword(typed);
      } while (unsendable);
      password = typed;
    }
  }

  /**
   * Asks for the password. The SDK opens its dialog only once Materialize has loaded, and when that script
   * never arrives it polls forever without an error, so the prompt must open within the watchdog's time.
   */
  async #prompt(
    session: ViewerSession,
    modelId: string,
    retry: boolean,
    settings: ResolvedSettings,
    signal: AbortSignal,
  ): Promise<string | null> {
    const uiFailure = (url: string | undefined) =>
      new LoadError(
        ModelErrorCode.SdkLoadFailed,
        `The viewer's UI script (Materialize) ${url ? `could not be loaded from ${url}` : 'did not load'}, so the ` +
          'password dialog cannot open. Self-host materialize-css@1.0.0 and set ui-assets-base (or ' +
          'ModelViewerEmbed.configure({ uiAssetsBase })).',
      );
    const failed = materializeFailed();
    if (failed) throw uiFailure(failed);
    const prompt = new AbortController();
    const abort = () => prompt.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const armTimer = () => {
      if (settings.timeout > 0) {
        timer = setTimeout(() => {
          timedOut = true;
          prompt.abort();
        }, settings.timeout);
      }
    };
    try {
      return await promptForPassword({
        viewer: session.viewer,
        container: session.container,
        modelLabel: modelId,
        retry,
        signal: prompt.signal,
        // The clock starts when it is this element's turn (another element's prompt may be open) and stops
        // when the dialog opens: a person typing a password is not a hang.
        onTurn: armTimer,
        onOpen: () => clearTimeout(timer),
      });
    } catch (error) {
      if (timedOut) throw uiFailure(materializeFailed());
      throw error;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    }
  }

  async #fetchToken(
    source: Extract<CredentialSource, { kind: 'token-url' | 'token-provider' }>,
    modelId: string,
    signal: AbortSignal,
    forceRefresh: boolean,
  ): Promise<CheckedToken> {
    let result: { token: string };
    try {
      result = await obtainToken({
        modelId,
        signal,
        forceRefresh,
        ...(source.kind === 'token-url' ? { tokenUrl: source.tokenUrl } : { tokenProvider: source.provider }),
      });
    } catch (error) {
      signal.throwIfAborted();
      throw tokenSourceFailure(error);
    }
    return checkToken(result.token, 'endpoint');
  }

  #createSession(bimU: BimuNamespace, settings: ResolvedSettings): ViewerSession {
    const container = document.createElement('div');
    container.id = `model-viewer-embed-${++containerCounter}`;
    container.slot = 'viewer';
    mark(container, 'container');
    // The SDK's dialog lands in this light-DOM container, out of reach of the shadow styles.
    ensureDialogStyles();
    this.#host.append(container);
    let session: ViewerSession;
    try {
      session = new ViewerSession({ bimU, container, uiAssetsBase: settings.uiAssetsBase });
    } catch (error) {
      container.remove();
      const text = error instanceof Error ? error.message : String(error);
      throw new LoadError(
        ModelErrorCode.Viewer,
        /WebGL/i.test(text)
          ? `This browser cannot create a WebGL context, which the bimU.io viewer needs (${text}).`
          : `The bimU.io viewer could not start: ${explainTrustedTypes(text)}`,
      );
    }
    this.#session = session;
    this.#sessionInFlight = undefined;
    if (typeof ResizeObserver === 'function') {
      this.#resizeObserver = new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) session.resize(box.width, box.height);
      });
      this.#resizeObserver.observe(container);
    }
    this.#host.requestUpdate();
    return session;
  }

  /** Releases the current viewer: now, or (suspended) once its in-flight SDK load settles. */
  #retireSession(): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    this.#resizeObserver?.disconnect();
    this.#resizeObserver = undefined;
    const inFlight = this.#sessionInFlight;
    this.#sessionInFlight = undefined;
    if (!inFlight) {
      session.dispose();
      return;
    }
    session.suspend();
    // Keep it out of sight: an unslotted light-DOM child is not rendered.
    session.container.removeAttribute('slot');
    const finish = () => {
      clearTimeout(timer);
      // Let the SDK finish the callback that settled the load before its state is torn down.
      setTimeout(() => session.dispose(), 0);
    };
    // `finish` only runs later (a timer, a settled promise), by which time `timer` is initialised.
    const timer = setTimeout(finish, RETIRED_VIEWER_GRACE_MS);
    void inFlight.then(finish);
  }

  /**
   * One `loadModel` call: resolves with its outcome, which comes from the SDK's callbacks, from the watchdog
   * (no sign of progress for `timeout` ms), or from an uncaught SDK error on `window`. Rejects when the run is
   * superseded.
   */
  #attempt(
    session: ViewerSession,
    config: { modelId: string; baseUrl: string; accessToken?: string; password?: string },
    settings: ResolvedSettings,
    tracker: ProgressTracker,
    signal: AbortSignal,
    secrets: readonly string[],
  ): Promise<AttemptOutcome> {
    let markSdkSettled!: () => void;
    const sdkSettled = new Promise<void>((resolve) => {
      markSdkSettled = resolve;
    });
    const outcome = new Promise<AttemptOutcome>((resolve, reject) => {
      let done = false;
      let ambiguousError: string | undefined;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const finish = (outcome: AttemptOutcome | null, error?: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(watchdog);
        stopWatching();
        signal.removeEventListener('abort', onAbort);
        if (outcome) resolve(outcome);
        else reject(error);
      };
      const armWatchdog = () => {
        clearTimeout(watchdog);
        if (settings.timeout <= 0) return;
        watchdog = setTimeout(() => {
          finish({
            ok: false,
            error:
              ambiguousError !== undefined
                ? { code: ModelErrorCode.Viewer, step: 'unknown', message: viewerFailure(redact(ambiguousError, secrets)) }
                : {
                    code: ModelErrorCode.Timeout,
                    step: 'unknown',
                    message: `The model showed no progress for ${settings.timeout} ms; the load was abandoned.`,
                  },
          });
        }, settings.timeout);
      };
      const onAbort = () => finish(null, signal.reason);
      const stopWatching = watchSdkErrors(
        {
          onAttributed: (message) =>
            finish({ ok: false, error: { code: ModelErrorCode.Viewer, step: 'unknown', message: viewerFailure(redact(message, secrets)) } }),
          onAmbiguous: (message) => {
            ambiguousError = message;
          },
        },
        (url) => {
          const sdkUrl = sdkScriptUrl();
          return sdkUrl !== undefined ? url.includes(sdkUrl) : /bimU\.io\.Viewer/.test(url);
        },
      );
      signal.addEventListener('abort', onAbort, { once: true });
      armWatchdog();

      const onProgress = (event: unknown) => {
        if (done) return;
        armWatchdog();
        const value = tracker.update(event);
        if (value !== undefined) this.#setProgress(value, signal);
      };
      const onLoaded = () => {
        markSdkSettled();
        finish({ ok: true });
      };
      const onError = (event: unknown) => {
        // The SDK can call onError once per failing part: the first one decides.
        markSdkSettled();
        finish({ ok: false, error: mapSdkError(event, secrets) });
      };
      this.#sessionInFlight = sdkSettled;
      try {
        session.load(config, { onProgress, onLoaded, onError });
      } catch (error) {
        markSdkSettled();
        finish({ ok: false, error: mapSdkError(error, secrets) });
      }
    });
    return outcome.then((result) => {
      // A successful load leaves nothing in flight. After a failure the SDK may still be downloading other
      // parts, so the viewer is only disposed once `sdkSettled` resolves (or the grace period ends).
      if (this.#session === session && result.ok) this.#sessionInFlight = undefined;
      return result;
    });
  }
}

/**
 * The message of an uncaught SDK error during a load. The SDK's later sinks (the model-part worker's `blob:`
 * URL, its dialogs) refused by Trusted Types surface only this way, so those say what the page must allow.
 */
function viewerFailure(message: string): string {
  return `The bimU.io viewer failed: ${explainTrustedTypes(message)}`;
}

function toLoadError(error: MappedSdkError): LoadError {
  return new LoadError(error.code, error.message, error.status);
}

const PASSTHROUGH_CODES: ReadonlySet<string> = new Set(Object.values(ModelErrorCode));

/** Maps a failure of `obtainToken` (a `TokenSourceError` with a `code`) to the element's codes. */
function tokenSourceFailure(error: unknown): LoadError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error && error.message ? error.message : 'The token endpoint failed.';
  if (typeof code === 'string' && PASSTHROUGH_CODES.has(code)) return new LoadError(code as ModelErrorCode, message);
  if (code === 'network') return new LoadError(ModelErrorCode.Network, message);
  return new LoadError(ModelErrorCode.TokenEndpointFailed, message);
}

