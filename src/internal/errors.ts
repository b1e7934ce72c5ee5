/**
 * Stable error codes and the mapping from what the bimU.io SDK reports to them.
 *
 * The SDK's `onError` receives either an `Error` (token or metadata step, network failures) or a bare string
 * (part downloads: `Failed to download model. Status code: 404`), and HTTP statuses only appear inside
 * those messages (`… Status: <statusText>. Status code: <n>.`; the status text is empty over HTTP/2). Users
 * need something they can `switch` on, so every failure becomes one of the codes below, with a message for
 * people that never contains a token or password.
 */
import { CodedError } from './coded-error.js';
import { isErrorLike } from './realm.js';

/** Every `code` an `error` event can carry. Values are stable; messages are not. */
export const ModelErrorCode = {
  /**
   * The element's attributes, properties, `configure()` settings or `<meta>` tags are missing, malformed or
   * contradict each other; a token's `channelId` claim breaks the id rule; or bimU.io refused a request as
   * malformed (HTTP 4xx other than 401, 403, 404, 408 and 429: for example 400, 414 or 431).
   */
  InvalidConfig: 'invalid-config',
  /** three.js r113 or the SDK (or the SDK's UI assets, or the element's isolation-frame module) could not be loaded. */
  SdkLoadFailed: 'sdk-load-failed',
  /** bimU.io refused the credentials (HTTP 401), also after one token refresh. */
  Unauthorized: 'unauthorized',
  /** The credentials are valid but not for this model (HTTP 403). */
  Forbidden: 'forbidden',
  /** The model, or one of its parts, does not exist (HTTP 404). */
  NotFound: 'not-found',
  /** The access token's `exp` has passed; detected before any request. */
  TokenExpired: 'token-expired',
  /** `token-url` or `tokenProvider` failed or returned something that is not a usable token. */
  TokenEndpointFailed: 'token-endpoint-failed',
  /** bimU.io answered HTTP 429: too many requests (for example password attempts). */
  RateLimited: 'rate-limited',
  /** bimU.io answered HTTP 5xx. */
  ServerError: 'server-error',
  /** A request failed before any HTTP status (offline, DNS, CORS, connection reset). */
  Network: 'network',
  /** The user dismissed the password prompt with Cancel. */
  PasswordCancelled: 'password-cancelled',
  /** The load showed no sign of progress for `timeout` milliseconds. */
  Timeout: 'timeout',
  /** The SDK threw or failed in a way not covered above (WebGL unavailable, a malformed part, …). */
  Viewer: 'viewer',
  /**
   * The browser took a loaded viewer's WebGL context away (GPU reset, too many contexts on the page) and
   * loading the model again into a new viewer failed.
   */
  ContextLost: 'context-lost',
  /**
   * A viewer parked to stay within the page's context budget (its snapshot shown in its place) came back near the
   * viewport, and loading its model again into a new viewer failed (an expired `access-token`, the network).
   */
  RestoreFailed: 'restore-failed',
} as const;

export type ModelErrorCode = (typeof ModelErrorCode)[keyof typeof ModelErrorCode];

/**
 * Codes of a rejected or thrown call of the element's viewer methods (`setViewpoint()`, `snapshot()`): the call
 * failed, the model did not, so these never reach an `error` event.
 */
export const ViewerCallErrorCode = {
  /** The method needs a drawn model: `status` is not `loaded`, or the view is paused (`contextLost`). */
  NotLoaded: 'not-loaded',
  /** An argument is malformed: a viewpoint that is neither a view name nor a BCF viewpoint, an unknown image type. */
  InvalidConfig: 'invalid-config',
  /** The browser or the SDK failed the call (the canvas could not be encoded, the SDK threw). */
  Viewer: 'viewer',
} as const;

export type ViewerCallErrorCode = (typeof ViewerCallErrorCode)[keyof typeof ViewerCallErrorCode];

/** A failed call of one of the element's viewer methods; `code` is a `ViewerCallErrorCode`. */
export class ViewerCallError extends CodedError<ViewerCallErrorCode> {
  override readonly name = 'ViewerCallError';
}

/** Which request of the SDK's sequence failed, as far as its message tells. */
export type SdkStep = 'token' | 'metadata' | 'part' | 'unknown';

const MODEL_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ModelErrorCode));

/** Whether `code` is one of the element's public codes. */
export function isModelErrorCode(code: unknown): code is ModelErrorCode {
  return typeof code === 'string' && MODEL_ERROR_CODES.has(code);
}

/** A failure of the element's load path, with the code its one `error` event will carry. */
export class LoadError extends CodedError<ModelErrorCode> {
  override readonly name = 'LoadError';
  constructor(
    code: ModelErrorCode,
    message: string,
    status?: number,
    /** For SDK failures: the request that failed, which tells a wrong password from a bad token. */
    readonly step: SdkStep = 'unknown',
  ) {
    super(code, message, status);
  }
}

/** Extracts a human-readable message from whatever the SDK passed to `onError` or threw. */
export function sdkErrorText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (isErrorLike(raw)) return raw.message || raw.name;
  if (typeof raw === 'object' && raw !== null) {
    // onError receives `{ type: 'onModelError', error, target }`.
    if ('error' in raw) return sdkErrorText((raw as { error: unknown }).error);
    if ('message' in raw && typeof (raw as { message: unknown }).message === 'string') {
      return (raw as { message: string }).message;
    }
  }
  return String(raw);
}

function errorName(raw: unknown): string | undefined {
  const inner =
    typeof raw === 'object' && raw !== null && 'error' in raw ? (raw as { error: unknown }).error : raw;
  return isErrorLike(inner) ? inner.name : undefined;
}

/**
 * Maps an SDK failure to a stable code. The returned `step` lets the caller tell a 401 on the password flow's
 * token request ("wrong password": prompt again) from a 401 on the model request (a bad token). `secrets` are
 * removed from the message.
 */
export function mapSdkError(raw: unknown, secrets: readonly (string | null | undefined)[] = []): LoadError {
  const { code, message, status, step } = classifySdkError(raw, secrets);
  return new LoadError(code, message, status, step);
}

/** What `mapSdkError` reads from an SDK failure. */
interface SdkFailure {
  code: ModelErrorCode;
  message: string;
  status?: number;
  step: SdkStep;
}

function classifySdkError(raw: unknown, secrets: readonly (string | null | undefined)[]): SdkFailure {
  // The element's own checks can run inside the SDK's promise chain (the channelId guard on the model config);
  // what they throw comes back through onError and keeps its code.
  const inner =
    typeof raw === 'object' && raw !== null && 'error' in raw ? (raw as { error: unknown }).error : raw;
  if (inner instanceof LoadError) {
    return {
      code: inner.code,
      message: redact(inner.message, secrets),
      step: 'unknown',
      ...(inner.status === undefined ? {} : { status: inner.status }),
    };
  }
  const text = redact(sdkErrorText(raw), secrets);
  const step: SdkStep = /access token/i.test(text)
    ? 'token'
    : /blob metadata/i.test(text)
      ? 'metadata'
      : /download model/i.test(text)
        ? 'part'
        : 'unknown';
  const statusMatch = /Status code:\s*(\d{1,3})/i.exec(text);
  const status = statusMatch ? Number(statusMatch[1]) : undefined;
  const what =
    step === 'token'
      ? 'the token request'
      : step === 'metadata'
        ? 'the model request'
        : step === 'part'
          ? 'a model part'
          : 'a request';

  if (status !== undefined) {
    if (status === 0) {
      return {
        code: ModelErrorCode.Network,
        status,
        step,
        message: `The network failed while loading ${what}.`,
      };
    }
    if (status === 401) {
      return {
        code: ModelErrorCode.Unauthorized,
        status,
        step,
        message:
          step === 'token'
            ? 'bimU.io refused the password (HTTP 401).'
            : 'bimU.io refused the access token (HTTP 401): it is invalid, revoked or expired.',
      };
    }
    if (status === 403) {
      return {
        code: ModelErrorCode.Forbidden,
        status,
        step,
        message: 'bimU.io refused access to this model (HTTP 403): the credentials are not valid for it.',
      };
    }
    if (status === 404) {
      return {
        code: ModelErrorCode.NotFound,
        status,
        step,
        message:
          step === 'part'
            ? 'A part of the model could not be found (HTTP 404).'
            : 'bimU.io does not know this model (HTTP 404): check model-id and base-url.',
      };
    }
    if (status === 408) {
      return {
        code: ModelErrorCode.Timeout,
        status,
        step,
        message: `bimU.io timed out answering ${what} (HTTP 408).`,
      };
    }
    if (status === 429) {
      return {
        code: ModelErrorCode.RateLimited,
        status,
        step,
        message:
          'bimU.io is refusing requests for now (HTTP 429: too many requests). Wait a moment, then reload.',
      };
    }
    if (status >= 500) {
      return {
        code: ModelErrorCode.ServerError,
        status,
        step,
        message: `bimU.io failed while answering ${what} (HTTP ${status}).`,
      };
    }
    if (status >= 400 && status < 500) {
      // Any other 4xx says the request the element built was refused as such: a malformed or oversized
      // request (400, 413, 414, 431), or a base-url that is not a bimU.io API (405, …). All come from settings.
      return {
        code: ModelErrorCode.InvalidConfig,
        status,
        step,
        message:
          `bimU.io refused ${what} as malformed or too large (HTTP ${status}): check base-url, model-id and the ` +
          'credentials.',
      };
    }
    return {
      code: ModelErrorCode.Viewer,
      status,
      step,
      message: `bimU.io answered ${what} with HTTP ${status}.`,
    };
  }

  // fetch() rejects with a TypeError whose message differs per engine: "Failed to fetch" (Chromium),
  // "NetworkError when attempting to fetch resource." (Firefox), "Load failed" (WebKit).
  if (errorName(raw) === 'TypeError' && /fetch|network|load failed/i.test(text)) {
    return {
      code: ModelErrorCode.Network,
      step,
      message: `The network failed while loading the model (${text}).`,
    };
  }
  return { code: ModelErrorCode.Viewer, step, message: `The bimU.io viewer failed: ${text}` };
}

/** Anything that looks like a JWT, or a Basic/Bearer credential, in free text. */
const CREDENTIAL_PATTERNS: readonly RegExp[] = [
  /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]+/gi,
];

/**
 * Removes secrets from text meant for events and the console: the given secret values (four characters or
 * longer: shorter ones would mangle ordinary words and cannot be told apart from them) and anything shaped
 * like a token or an Authorization value.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  for (const pattern of CREDENTIAL_PATTERNS) result = result.replace(pattern, '[redacted]');
  return result;
}
