/**
 * Loading one model, from the element's inputs to a model in the viewer slot: credentials, then the SDK,
 * then a viewer, then one SDK attempt (or, in password mode, attempts and prompts until the platform accepts
 * a password).
 *
 * Lit-free and element-free: it reads `LoadInputs`, puts its viewer into a `ViewerSlot`, reports progress to
 * a callback and ends in one outcome, so a test can drive it with the fake SDK and a plain host node. Only
 * the latest run matters to the element; a run aborted through its signal rejects with the abort reason and
 * reports nothing.
 */
import type { ModelErrorDetail } from '../events.js';
import { CodedError } from './coded-error.js';
import { isModelErrorCode, LoadError, ModelErrorCode, redact } from './errors.js';
import { ProgressTracker } from './progress.js';
import { resolveSettings } from './config.js';
import type { ResolvedSettings, SettingValues } from './settings-table.js';
import { loadSdk, SdkLoadError } from './sdk-loader.js';
import {
  checkClaims,
  checkToken,
  forbiddenAttributeError,
  isSendablePassword,
  resolveCredentialSource,
  validateModelId,
  type CheckedToken,
  type CredentialSource,
} from './credentials.js';
import { promptForPassword } from './password-prompt.js';
import { colorSettingsProblem } from './setting-parsers.js';
import type { ResolvedText } from './strings.js';
import { isErrorLike, type RealmWindow } from './realm.js';
import type { BimuNamespace } from './sdk-types.js';
import { materializeFailed } from './head-asset-dedup.js';
import { obtainToken, TokenSourceError, type ObtainedToken } from './token-source.js';
import { attemptLoad, type AttemptContext } from './load-attempt.js';
import type { ViewerSession } from './viewer-session.js';
import type { ViewerSlot } from './viewer-slot.js';

/** Everything a load reads from the element: its settings (one row each in settings-table.ts), and: */
// `gestures`, `poster`, `alt`, `reveal`, `toolbar` and `strings` are read by the element's features, never by a
// load: changing them does not reload. The colours are checked by the load (an invalid one is its
// `invalid-config`) and applied by the element's appearance controller.
export interface LoadInputs extends Omit<
  SettingValues,
  'gestures' | 'poster' | 'alt' | 'reveal' | 'toolbar' | 'strings'
> {
  /** Names of credential-like attributes found on the element. */
  forbiddenAttributes: readonly string[];
}

/** The element's isolation frame (`features/isolation-frame.ts`), as a load uses it. */
export interface IsolationFrameLike {
  open(signal: AbortSignal): Promise<{ realm: RealmWindow; parent: HTMLElement }>;
  release(): void;
}

/** What a run needs besides its inputs. */
export interface LoadRun {
  signal: AbortSignal;
  slot: ViewerSlot;
  /** Where the SDK runs with `isolation="frame"`; without it, such a load ends in `invalid-config`. */
  frame?: IsolationFrameLike;
  /** Called with each new progress value (0 to 1, below 1 until the model is ready). */
  onProgress(value: number): void;
  /** The element's texts at the time they are shown (the password prompt); English when absent. */
  text?: () => ResolvedText;
  /**
   * Resolves once `text` is in the element's language (its table may still be downloading). Awaited before the
   * password prompt opens and before the run ends: a prompt, or the `loaded`/`error` status read out at the
   * outcome, never goes out in the previous language.
   */
  textReady?: () => Promise<void>;
}

export type LoadOutcome = { ok: true } | { ok: false; error: ModelErrorDetail };

/** The model id a load would use ('' when none is set). */
export function modelIdOf(inputs: LoadInputs): string {
  return (inputs.modelId ?? '').trim();
}

/** Whether the inputs ask for nothing yet: no model id and nothing to complain about. */
export function isIdle(inputs: LoadInputs): boolean {
  return modelIdOf(inputs) === '' && inputs.forbiddenAttributes.length === 0;
}

/**
 * Loads the model the inputs name into `run.slot`. Resolves with the outcome, whose error message has every
 * secret of the run (the page's token or password, a fetched token, a typed password) removed: this is the
 * one place where messages are redacted. Rejects with the abort reason once `run.signal` aborts.
 */
export async function loadModel(inputs: LoadInputs, run: LoadRun): Promise<LoadOutcome> {
  const modelId = modelIdOf(inputs);
  // Secrets met during the run, for the redaction below; dropped with the run.
  const secrets: (string | null)[] = [inputs.accessToken, inputs.password];
  let outcome: LoadOutcome;
  try {
    await load(inputs, modelId, run, secrets);
    outcome = { ok: true };
  } catch (error) {
    run.signal.throwIfAborted();
    const { code, message } = describeFailure(error);
    outcome = { ok: false, error: { code, message: redact(message, secrets), modelId } };
  }
  // The outcome becomes the status the element shows and reads out. By now the language's table has long
  // arrived, except for a run that fails at once (an invalid configuration): that one waits a few milliseconds.
  await run.textReady?.();
  run.signal.throwIfAborted();
  return outcome;
}

function describeFailure(error: unknown): { code: ModelErrorCode; message: string } {
  if (error instanceof CodedError && isModelErrorCode(error.code))
    return { code: error.code, message: error.message };
  if (error instanceof SdkLoadError) return { code: ModelErrorCode.SdkLoadFailed, message: error.message };
  return {
    code: ModelErrorCode.Viewer,
    message: `The bimU.io viewer failed: ${isErrorLike(error) ? error.message : String(error)}`,
  };
}

/** The checked request: what to load, with which settings and credential. Throws `invalid-config`. */
function checkRequest(
  inputs: LoadInputs,
  modelId: string,
): { settings: ResolvedSettings; source: CredentialSource } {
  if (inputs.forbiddenAttributes.length > 0) throw forbiddenAttributeError(inputs.forbiddenAttributes);
  if (modelId === '') throw new LoadError(ModelErrorCode.InvalidConfig, 'model-id is required.');
  validateModelId(modelId);
  const colorProblem = colorSettingsProblem(inputs);
  if (colorProblem) throw new LoadError(ModelErrorCode.InvalidConfig, colorProblem);
  let settings: ResolvedSettings;
  try {
    settings = resolveSettings(inputs);
  } catch (error) {
    throw new LoadError(ModelErrorCode.InvalidConfig, (error as Error).message);
  }
  return { settings, source: resolveCredentialSource(inputs) };
}

async function load(
  inputs: LoadInputs,
  modelId: string,
  run: LoadRun,
  secrets: (string | null)[],
): Promise<void> {
  const { signal } = run;
  const { settings, source } = checkRequest(inputs, modelId);

  let token: CheckedToken | undefined;
  if (source.kind === 'access-token') token = checkToken(source.token, 'attribute');
  // The scripts (about 210 kB gzip) and the token do not depend on each other: fetch them at the same time.
  // A token that fails its local checks above never costs a download.
  const sources = { threeSrc: settings.threeSrc, sdkSrc: settings.sdkSrc };
  let parent: HTMLElement | undefined;
  let sdk: Promise<BimuNamespace>;
  if (inputs.isolation === 'frame') {
    const frame = run.frame;
    if (!frame) throw new LoadError(ModelErrorCode.InvalidConfig, 'isolation="frame" needs a host element.');
    // The frame's window gets its own three.js r113 and SDK, whatever the page's globals are.
    sdk = frame.open(signal).then((place) => {
      parent = place.parent;
      return loadSdk(sources, place.realm);
    });
  } else {
    // A frame left from an earlier load with isolation="frame" is not needed any more.
    run.frame?.release();
    sdk = loadSdk(sources);
  }
  // When the token fails first, nobody awaits `sdk`; its rejection must not surface as unhandled.
  sdk.catch(() => undefined);
  if (source.kind === 'token-url' || source.kind === 'token-provider') {
    token = await fetchToken(source, modelId, signal, false);
    secrets.push(token.token);
  }
  signal.throwIfAborted();

  const bimU = await sdk;
  signal.throwIfAborted();
  const session = run.slot.open(bimU, settings.uiAssetsBase, parent);
  const context: AttemptContext = {
    slot: run.slot,
    timeout: settings.timeout,
    tracker: new ProgressTracker(),
    signal,
    onProgress: run.onProgress,
  };

  if (source.kind === 'password') {
    await loadWithPassword(session, source.password, modelId, settings, context, secrets, run);
    return;
  }
  const { baseUrl } = settings;
  let outcome = await attemptLoad(session, { modelId, baseUrl, accessToken: token!.token }, context);
  if (!outcome.ok && outcome.error.code === ModelErrorCode.Unauthorized && source.kind !== 'access-token') {
    // The platform refused a token we believed valid (revoked, or a clock skew hid its expiry): refresh once,
    // bypassing the shared cache, and retry once. A failed attempt adds nothing to the scene, so the same
    // viewer can load again.
    token = await fetchToken(source, modelId, signal, true);
    secrets.push(token.token);
    signal.throwIfAborted();
    outcome = await attemptLoad(session, { modelId, baseUrl, accessToken: token.token }, context);
  }
  if (!outcome.ok) throw outcome.error;
}

/**
 * Password mode. A model shared without a password loads with an empty one, so the page's password (or '')
 * is tried first, and the user is asked only when the platform refuses it; then again after each refusal.
 */
async function loadWithPassword(
  session: ViewerSession,
  pagePassword: string | null,
  modelId: string,
  settings: ResolvedSettings,
  context: AttemptContext,
  secrets: (string | null)[],
  texts: Pick<LoadRun, 'text' | 'textReady'>,
): Promise<void> {
  let password: string = pagePassword ?? '';
  for (;;) {
    const outcome = await attemptLoad(session, { modelId, baseUrl: settings.baseUrl, password }, context);
    if (outcome.ok) return;
    if (!(outcome.error.code === ModelErrorCode.Unauthorized && outcome.error.step === 'token')) {
      throw outcome.error;
    }
    password = await askForSendablePassword(
      session,
      modelId,
      password !== '',
      settings.timeout,
      context.signal,
      texts,
    );
    secrets.push(password);
  }
}

/**
 * Asks until the user types a password the SDK can send, or cancels (`password-cancelled`). The SDK encodes
 * the password with btoa(), which throws beyond Latin-1, and a password longer than MAX_PASSWORD_LENGTH would
 * be refused by the server as an oversized header: such a password cannot be right, so it is asked again
 * without being sent.
 */
async function askForSendablePassword(
  session: ViewerSession,
  modelId: string,
  refused: boolean,
  timeout: number,
  signal: AbortSignal,
  texts: Pick<LoadRun, 'text' | 'textReady'>,
): Promise<string> {
  let unsendable = false;
  for (;;) {
    const typed = await askForPassword(session, modelId, refused || unsendable, timeout, signal, texts);
    if (typed === null)
      throw new LoadError(ModelErrorCode.PasswordCancelled, 'The password prompt was cancelled.');
    unsendable = !isSendablePassword(typed);
    if (!unsendable) return typed;
  }
}

/** The error for a password dialog that cannot open because Materialize did not load. */
function uiScriptFailure(url: string | undefined): LoadError {
  return new LoadError(
    ModelErrorCode.SdkLoadFailed,
    `The viewer's UI script (Materialize) ${url ? `could not be loaded from ${url}` : 'did not load'}, so the ` +
      'password dialog cannot open. Self-host materialize-css@1.0.0 and set ui-assets-base (or ' +
      'ModelViewerEmbed.configure({ uiAssetsBase })).',
  );
}

/**
 * Asks for the password once, with a watchdog on the dialog's opening. The SDK opens its dialog only once
 * Materialize has loaded, and when that script never arrives it polls forever without an error, so the prompt
 * must open within `timeout` ms.
 */
async function askForPassword(
  session: ViewerSession,
  modelId: string,
  retry: boolean,
  timeout: number,
  signal: AbortSignal,
  texts: Pick<LoadRun, 'text' | 'textReady'>,
): Promise<string | null> {
  // The dialog's texts are read once, when it opens: in the element's language, so after its table is in.
  await texts.textReady?.();
  signal.throwIfAborted();
  const failed = materializeFailed(session.container.ownerDocument);
  if (failed) throw uiScriptFailure(failed);
  const prompt = new AbortController();
  const abort = () => prompt.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  try {
    return await promptForPassword({
      viewer: session.viewer,
      container: session.container,
      modelLabel: modelId,
      retry,
      signal: prompt.signal,
      text: texts.text?.(),
      // The clock starts when it is this element's turn (another element's prompt may be open) and stops
      // when the dialog opens: a person typing a password is not a hang.
      onTurn: () => {
        if (timeout > 0) {
          timer = setTimeout(() => {
            timedOut = true;
            prompt.abort();
          }, timeout);
        }
      },
      onOpen: () => clearTimeout(timer),
    });
  } catch (error) {
    if (timedOut) throw uiScriptFailure(materializeFailed(session.container.ownerDocument));
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', abort);
  }
}

/** A token from `token-url` or `tokenProvider`, decoded and dated once by the token source. */
async function fetchToken(
  source: Extract<CredentialSource, { kind: 'token-url' | 'token-provider' }>,
  modelId: string,
  signal: AbortSignal,
  forceRefresh: boolean,
): Promise<CheckedToken> {
  let result: ObtainedToken;
  try {
    result = await obtainToken({
      modelId,
      signal,
      forceRefresh,
      ...(source.kind === 'token-url' ? { tokenUrl: source.tokenUrl } : { tokenProvider: source.provider }),
    });
  } catch (error) {
    signal.throwIfAborted();
    // Its codes are the element's own; only `aborted`, for a signal that did not abort, would not be.
    if (error instanceof TokenSourceError && error.code !== 'aborted') throw error;
    throw new LoadError(ModelErrorCode.TokenEndpointFailed, 'The token endpoint failed.');
  }
  return checkClaims(result.token, result.claims, result.expiresAt, 'endpoint');
}
