/**
 * The server half of `token-url`: a Fetch API handler that trades the bimU.io API key, which never leaves
 * the server, for a short-lived token the browser element can use.
 */
import { basicAuthorization } from './basic-auth.js';
import { DEFAULT_BASE_URL, ID_RULE, isValidId } from '../internal/bimu-rules.js';
import type { IncomingMessage } from 'node:http';
import { toNodeMiddleware, type NodeMiddleware } from './node-adapter.js';
import { createTokenCache, TokenUnavailableError, type BackgroundFailure } from './token-cache.js';
import { readLimitedBytes, requestAccountToken, TIMED_OUT, UpstreamTokenError } from './upstream.js';
import type { AccountToken } from './upstream.js';
import { LOG_PREFIX, TokenHandlerConfigError } from './config-error.js';
import {
  accountTokenCaches,
  modelTokenCaches,
  resolveTokenScope,
  type ModelPasswords,
  type TokenScope,
} from './model-scope.js';
import { requestModelToken } from './model-token.js';

export { TokenHandlerConfigError } from './config-error.js';

/** Environment variables read when `accountName`/`apiKey` are not passed. */
export const ENV_ACCOUNT_NAME = 'BIMU_ACCOUNT_NAME';
export const ENV_API_KEY = 'BIMU_API_KEY';
/** Optional environment variable for the REST API root (a staging or local platform). */
export const ENV_BASE_URL = 'BIMU_BASE_URL';

/**
 * What the handler answers besides a token: `{ "error": code, "message": text }` with these stable codes.
 * Messages are generic on purpose; the upstream cause goes to `onUpstreamError` (the server log) instead.
 */
export type TokenHandlerErrorCode =
  | 'method-not-allowed'
  | 'invalid-content-type'
  | 'invalid-json'
  | 'body-too-large'
  | 'body-timeout'
  | 'invalid-model-id'
  | 'origin-not-allowed'
  | 'forbidden'
  | 'upstream-failed'
  | 'upstream-unavailable';

/** What `authorize` gets besides the Fetch request. */
export interface AuthorizeContext {
  /**
   * The Node request, when the handler runs as `handler.node` (Node `http`, Express, connect): where
   * Express keeps `req.user` and `req.session`. `undefined` on Fetch runtimes.
   */
  nodeRequest: IncomingMessage | undefined;
}

/** Decides whether the caller of `request` may view `modelId`. */
export type AuthorizeFunction = (
  request: Request,
  modelId: string,
  context: AuthorizeContext,
) => boolean | Promise<boolean>;

export interface TokenHandlerOptions {
  /**
   * What a token opens. `'model'` (the default): each token is minted for the requested model through the
   * password flow, with its password from `modelPasswords`, and opens only that model; models not named
   * there get 403. `'account'`: the account token, which opens every model of the channel; it needs
   * `authorize`, or `allowPublicAccountToken: true`.
   */
  scope?: TokenScope;
  /**
   * Model scope: the passwords of the models that may be viewed, `{ "model-id": "password" }` (`''` for a
   * model shared without a password) or `(modelId) => password | undefined`. Default: the
   * `BIMU_MODEL_PASSWORDS` environment variable, a JSON object. Secrets like the API key: read them on the
   * server (environment, secret store); they are never logged, returned or put in an error.
   */
  modelPasswords?: ModelPasswords;
  /**
   * Account scope without `authorize`: `true` says that handing every visitor a token that opens every model
   * of the channel is intended (all of the channel's models are public). Without it the handler refuses to
   * start.
   */
  allowPublicAccountToken?: boolean;
  /** Told once, at creation, which scope is in force (never a secret). Default: `console.info`. */
  onStart?: (message: string) => void;
  /** Account scope: the bimU.io account name. Default: the `BIMU_ACCOUNT_NAME` environment variable. */
  accountName?: string;
  /**
   * Account scope: the bimU.io API key; stays on the server. Default: the `BIMU_API_KEY` environment
   * variable. Model scope does not use it.
   */
  apiKey?: string;
  /**
   * The REST API root; must be the one the element loads from (its `base-url`). Default: the
   * `BIMU_BASE_URL` environment variable, else `https://viewer.bimu.io/rest/api/v1`.
   */
  baseUrl?: string;
  /**
   * Decides who may get a token for which model; `false` answers 403. Default: everyone may (model scope;
   * account scope requires it unless `allowPublicAccountToken`).
   *
   * In account scope this is the only gate: the token handed out opens every model of the channel. Check
   * the session cookie of `request` here, or, under Express, `context.nodeRequest` (`req.user`,
   * `req.session`). An exception thrown here propagates to your framework (500).
   */
  authorize?: AuthorizeFunction;
  /** A cached token is replaced this many seconds before its `exp` (at most half its lifetime). Default 300. */
  refreshMarginSeconds?: number;
  /**
   * A request with `"refresh": true` (the element sends it once after a 401) replaces the cached token when
   * it is at least this many seconds old. Default 30: a flood of such requests reaches bimU.io at most
   * once per interval.
   */
  minRefreshIntervalSeconds?: number;
  /**
   * Within `refreshMarginSeconds` of its expiry a cached token is refreshed in the background, and still
   * handed out meanwhile (also when that refresh fails) as long as at least this many seconds of its life are
   * left (at most half the margin). Default 30.
   */
  minRemainingSeconds?: number;
  /**
   * After a failed upstream request bimU.io is not asked again for this many seconds, doubling with each
   * further failure up to `maxBackoffSeconds`. Callers without a valid token get 503 `upstream-unavailable`
   * with `Retry-After` meanwhile when bimU.io refused the credentials or did not answer in time; after other
   * failures the next caller without a token asks again. Default 5.
   */
  backoffSeconds?: number;
  /** The longest pause between upstream requests while bimU.io keeps failing. Default 60. */
  maxBackoffSeconds?: number;
  /** Larger request bodies are answered 413, and the connection is closed. Default 4096 bytes. */
  maxBodyBytes?: number;
  /**
   * A request body not complete this long after the handler starts reading it is answered 408, and the
   * connection is closed. Default 5000 ms.
   */
  bodyTimeoutMs?: number;
  /**
   * The upstream token request is abandoned after this long (502). Callers that would join a request
   * already older than this get 503 at once. Default 10000 ms.
   */
  upstreamTimeoutMs?: number;
  /**
   * Exact origins (`https://app.example.com`) of other sites whose pages may call this endpoint; they get
   * CORS headers with credentials. Default: none — same-origin pages only: a browser request that says it
   * comes from another site (`Sec-Fetch-Site: cross-site` or `same-site`, or, from browsers that do not send
   * `Sec-Fetch-Site`, an `Origin` other than the request's own) is answered 403.
   */
  allowedOrigins?: readonly string[];
  /** The `fetch` used for the upstream request. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Where the `BIMU_*` variables are read. Default `process.env` where it exists (Node, Bun, Deno). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Told why an upstream request failed, for your logs; the browser only gets a generic 502. The error's
   * message and code never contain the key, a token or the upstream body. Default: `console.error`.
   */
  onUpstreamError?: (error: UpstreamTokenError) => void;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** A Fetch API handler for the token endpoint, with a Node (`http`, Express, connect) variant. */
export interface TokenHandler {
  (request: Request): Promise<Response>;
  /** The same handler as Node middleware: `app.post('/api/bimu-token', handler.node)`. */
  readonly node: NodeMiddleware;
}

/** True for a model id the endpoint accepts: the id rule the element and the SDK's URLs need (`bimu-rules.ts`). */
export function isValidModelId(modelId: unknown): modelId is string {
  return isValidId(modelId);
}

/**
 * Creates the token endpoint behind the element's `token-url`.
 *
 * Request: `POST` with JSON `{ "modelId": "…" }` (optionally `"refresh": true`). Response: 200
 * `{ "token": "<JWT>", "expiresIn": <seconds left> }` with `Cache-Control: no-store`; errors are
 * `{ "error": <code>, "message": <text> }` with 400, 403, 405, 408, 413, 502 or 503 (with `Retry-After`).
 *
 * **Model scope (the default)**: the token is a model token, minted through the password flow with the
 * model's password from `modelPasswords`; it opens that model only (on the local platform; check the real
 * service with `model-viewer-embed-check-scope`). Models not in `modelPasswords` get 403 and cost no
 * upstream request. **Account scope** (`scope: 'account'`): the account token, which opens every model of
 * the channel, so `authorize` is the gate; without it the handler refuses to start unless
 * `allowPublicAccountToken: true`. Each token (per model, or the account's) is cached until
 * `refreshMarginSeconds` before its `exp` and concurrent callers share one upstream request; while bimU.io
 * fails, a still-valid token keeps being served and bimU.io is asked with growing pauses (`backoffSeconds`).
 *
 * Create it once (module scope), not per request: the cache lives in the handler.
 *
 * @throws {TokenHandlerConfigError} in model scope without `modelPasswords`, in account scope without
 *   `authorize` or `allowPublicAccountToken`, or without the account name or API key (naming the
 *   environment variables, never their values), or when an option is invalid.
 */
export function createTokenHandler(options: TokenHandlerOptions = {}): TokenHandler {
  const env =
    options.env ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ??
    {};
  const scope = resolveTokenScope(options, env);
  // Surrounding whitespace in a secret is nearly always an accident (a trailing newline from a secrets file).
  const accountName = (options.accountName ?? env[ENV_ACCOUNT_NAME] ?? '').trim();
  const apiKey = (options.apiKey ?? env[ENV_API_KEY] ?? '').trim();
  // Model scope never uses the account credentials: the server does not even need the API key.
  const missing =
    scope.kind === 'model'
      ? []
      : [
          ...(accountName ? [] : [`${ENV_ACCOUNT_NAME} (or the accountName option)`]),
          ...(apiKey ? [] : [`${ENV_API_KEY} (or the apiKey option)`]),
        ];
  if (missing.length > 0) {
    throw new TokenHandlerConfigError(
      'missing-credentials',
      `${LOG_PREFIX} Missing bimU.io credentials: set ${missing.join(' and ')}. ` +
        'The API key belongs on the server only; never pass it to the browser.',
    );
  }
  if (accountName.includes(':')) {
    // Basic credentials are split at the first colon, so such a name could never authenticate.
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} The bimU.io account name must not contain ":".`,
    );
  }

  const baseUrl = parseBaseUrl(options.baseUrl ?? (env[ENV_BASE_URL]?.trim() || DEFAULT_BASE_URL));
  const refreshMarginMs = nonNegative('refreshMarginSeconds', options.refreshMarginSeconds, 300) * 1000;
  const minRefreshIntervalMs =
    nonNegative('minRefreshIntervalSeconds', options.minRefreshIntervalSeconds, 30) * 1000;
  const minRemainingMs = nonNegative('minRemainingSeconds', options.minRemainingSeconds, 30) * 1000;
  const backoffMs = nonNegative('backoffSeconds', options.backoffSeconds, 5) * 1000;
  const maxBackoffMs = Math.max(
    backoffMs,
    nonNegative('maxBackoffSeconds', options.maxBackoffSeconds, 60) * 1000,
  );
  const maxBodyBytes = nonNegative('maxBodyBytes', options.maxBodyBytes, 4096);
  const bodyTimeoutMs = nonNegative('bodyTimeoutMs', options.bodyTimeoutMs, 5000);
  const upstreamTimeoutMs = nonNegative('upstreamTimeoutMs', options.upstreamTimeoutMs, 10_000);
  const allowedOrigins = parseOrigins(options.allowedOrigins ?? []);
  const authorize = options.authorize ?? (() => true);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} No fetch available: pass the fetch option.`,
    );
  }
  const now = options.now ?? Date.now;
  const onUpstreamError =
    options.onUpstreamError ??
    ((error: UpstreamTokenError) => console.error(`${LOG_PREFIX} ${error.message}`));

  // The credentials live only in this closure, as the ready header: not on the handler, not in an object
  // that could be logged or serialised.
  const authorization = basicAuthorization(accountName, apiKey);
  // One cache of tokens by key: the account's token, or one per model (model-scope.ts). Each key has its own
  // single flight, refresh and back-off.
  const createCache = (fetchToken: (key: string) => Promise<AccountToken>) =>
    createTokenCache<string>({
      fetchToken,
      refreshMarginMs,
      minRemainingMs,
      minRefreshIntervalMs,
      flightTimeoutMs: upstreamTimeoutMs,
      initialBackoffMs: backoffMs,
      maxBackoffMs,
      backsOff: (error) =>
        error instanceof UpstreamTokenError &&
        (error.code === 'upstream-unauthorized' || error.code === 'upstream-timeout'),
      onBackgroundFailure: reportBackgroundFailure,
      now,
    });
  // The bound call keeps `fetch` from being invoked with the options object as `this` (Workers refuse).
  const upstreamFetch: typeof globalThis.fetch = (input, init) => fetchImpl(input, init);
  const caches =
    scope.kind === 'account'
      ? accountTokenCaches(
          createCache(() =>
            requestAccountToken({
              baseUrl,
              authorization,
              fetch: upstreamFetch,
              timeoutMs: upstreamTimeoutMs,
              now,
            }),
          ),
        )
      : modelTokenCaches({
          passwordFor: scope.passwordFor,
          createCache,
          requestToken: (modelId, password) =>
            requestModelToken({
              baseUrl,
              modelId,
              password,
              fetch: upstreamFetch,
              timeoutMs: upstreamTimeoutMs,
              now,
            }),
        });
  (options.onStart ?? ((message: string) => console.info(message)))(scope.description);

  const allowHeader = allowedOrigins.size > 0 ? 'POST, OPTIONS' : 'POST';

  async function handleTokenRequest(
    request: Request,
    nodeRequest: IncomingMessage | undefined,
  ): Promise<Response> {
    const origin = request.headers.get('origin');
    const corsHeaders: Record<string, string> =
      origin !== null && allowedOrigins.has(origin)
        ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' }
        : {};
    if (allowedOrigins.size > 0) corsHeaders['Vary'] = 'Origin';
    const respond = (status: number, body: object, headers: Record<string, string> = {}) =>
      jsonResponse(status, body, { ...corsHeaders, ...headers });
    const fail = (
      status: number,
      code: TokenHandlerErrorCode,
      message: string,
      headers?: Record<string, string>,
    ) => {
      // The body is never read on these paths; cancelling says so to the runtime (the Node adapter then
      // drains the rest for the next request on the connection, or closes it after a 413).
      void request.body?.cancel().catch(() => {});
      return respond(status, { error: code, message }, headers);
    };

    // Browsers label their requests with `Sec-Fetch-Site`, which no page can forge; it is checked rather
    // than `Origin` against the request URL because behind a TLS-terminating proxy the URL the server sees
    // has another scheme or host than the one the browser used. Browsers without it (Safari before 16.4)
    // still send `Origin` with every POST, so then that is compared; a request with neither is not from a
    // browser page (curl, another server) and is left to `authorize`.
    const site = request.headers.get('sec-fetch-site');
    const allowedOrigin = origin !== null && allowedOrigins.has(origin);
    const otherSite =
      site !== null
        ? site === 'cross-site' || site === 'same-site'
        : origin !== null && !isOwnOrigin(request, origin);
    if (otherSite && !allowedOrigin) {
      return fail(403, 'origin-not-allowed', 'This origin may not request bimU.io tokens.');
    }

    if (
      request.method === 'OPTIONS' &&
      allowedOrigins.size > 0 &&
      origin !== null &&
      allowedOrigins.has(origin)
    ) {
      return new Response(null, {
        status: 204,
        headers: {
          ...corsHeaders,
          'Access-Control-Allow-Methods': 'POST',
          'Access-Control-Allow-Headers': 'Content-Type',
          'Access-Control-Max-Age': '600',
        },
      });
    }
    if (request.method !== 'POST') {
      return fail(405, 'method-not-allowed', 'Use POST.', { Allow: allowHeader });
    }

    const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return fail(400, 'invalid-content-type', 'Send the request body as application/json.');
    }
    const declaredLength = Number(request.headers.get('content-length') ?? '0');
    if (declaredLength > maxBodyBytes) {
      return fail(413, 'body-too-large', `The request body must be at most ${maxBodyBytes} bytes.`);
    }
    const text = await readBodyText(request, maxBodyBytes, bodyTimeoutMs);
    if (text === TOO_LARGE) {
      return respond(413, {
        error: 'body-too-large',
        message: `The request body must be at most ${maxBodyBytes} bytes.`,
      });
    }
    if (text === TIMED_OUT) {
      return respond(408, {
        error: 'body-timeout',
        message: `The request body did not arrive within ${bodyTimeoutMs} ms.`,
      });
    }
    let body: unknown;
    try {
      body = text === INVALID_UTF8 ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return respond(400, {
        error: 'invalid-json',
        message: 'The request body must be a JSON object: {"modelId": "…"}.',
      });
    }
    const { modelId, refresh } = body as { modelId?: unknown; refresh?: unknown };
    if (!isValidModelId(modelId)) {
      return respond(400, {
        error: 'invalid-model-id',
        message: `modelId must be a string of ${ID_RULE}.`,
      });
    }

    if (!(await authorize(request, modelId, { nodeRequest }))) {
      return respond(403, { error: 'forbidden', message: 'You may not view this model.' });
    }
    // The same answer as `authorize` refusing: the endpoint does not tell which models are configured.
    const scoped = await caches.cacheFor(modelId);
    if (scoped === undefined) {
      return respond(403, { error: 'forbidden', message: 'You may not view this model.' });
    }

    let token;
    try {
      token = await scoped.cache.get(scoped.key, refresh === true);
    } catch (error) {
      const unavailable =
        error instanceof TokenUnavailableError ? error : new TokenUnavailableError(true, error, undefined);
      const retryAfter: Record<string, string> =
        unavailable.retryAfterMs === undefined
          ? {}
          : { 'Retry-After': String(Math.max(1, Math.ceil(unavailable.retryAfterMs / 1000))) };
      if (!unavailable.askedUpstream) {
        // Answered from the negative cache: the failure was logged when it happened.
        return respond(
          503,
          {
            error: 'upstream-unavailable',
            message: 'The model service is unavailable. Try again later.',
          },
          retryAfter,
        );
      }
      reportUpstreamError(
        unavailable.cause,
        unavailable.retryAfterMs === undefined
          ? ''
          : ` Not asking bimU.io again for ${seconds(unavailable.retryAfterMs)}: callers get 503 until then.`,
      );
      return respond(
        502,
        {
          error: 'upstream-failed',
          message: 'The model service could not issue a token. Try again later.',
        },
        retryAfter,
      );
    }
    const expiresIn =
      token.expiresAt === undefined ? undefined : Math.max(0, Math.floor((token.expiresAt - now()) / 1000));
    return respond(200, expiresIn === undefined ? { token: token.token } : { token: token.token, expiresIn });
  }

  /** Reports an upstream failure, with what the endpoint does about it (`consequence`) in the message. */
  function reportUpstreamError(error: unknown, consequence: string) {
    const reported =
      error instanceof UpstreamTokenError
        ? new UpstreamTokenError(error.code, error.message + consequence, error.status)
        : new UpstreamTokenError(
            'upstream-network',
            'The bimU.io token request failed unexpectedly.' + consequence,
          );
    try {
      onUpstreamError(reported);
    } catch {
      // A failing logger must not turn a 502 into an unhandled exception.
    }
  }

  function reportBackgroundFailure(failure: BackgroundFailure<string>) {
    reportUpstreamError(
      failure.error,
      ` Still serving the cached token (valid ${seconds(failure.tokenValidForMs)} more);` +
        ` the next refresh in ${seconds(failure.retryAfterMs)} at the earliest.`,
    );
  }

  // The public function takes exactly one argument on purpose: Next.js calls route handlers as
  // `POST(request, { params })`, and that second argument must not be mistaken for anything of ours.
  const handler = (request: Request) => handleTokenRequest(request, undefined);
  const node: NodeMiddleware = (req, res, next) =>
    toNodeMiddleware((request) => handleTokenRequest(request, req))(req, res, next);
  return Object.defineProperty(handler, 'node', { value: node, enumerable: true }) as TokenHandler;
}

const TOO_LARGE = Symbol('too-large');
const INVALID_UTF8 = Symbol('invalid-utf8');

/**
 * Reads the request body as text, stopping (and cancelling the upload) once it exceeds `limit` bytes: a
 * declared `Content-Length` can be absent (chunked uploads) or wrong, so the count is what decides.
 */
async function readBodyText(
  request: Request,
  limit: number,
  timeoutMs: number,
): Promise<string | typeof TOO_LARGE | typeof TIMED_OUT | typeof INVALID_UTF8> {
  const bytes = await readLimitedBytes(request, limit, timeoutMs);
  if (bytes === null) return TOO_LARGE;
  if (bytes === TIMED_OUT) return TIMED_OUT;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return INVALID_UTF8;
  }
}

/** `5 s`, rounded up: for log lines. */
function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

/**
 * True when `origin` is the request's own origin: as the request URL says, or as a reverse proxy forwarded
 * it (`X-Forwarded-Proto`, `X-Forwarded-Host`). Trusting the forwarded headers here is safe: this check only
 * stops browser pages of other sites, and a page cannot send those headers to another origin without a
 * preflight that this endpoint does not grant.
 */
function isOwnOrigin(request: Request, origin: string): boolean {
  const url = new URL(request.url);
  if (origin === url.origin) return true;
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() || undefined;
  const proto = first('x-forwarded-proto');
  const host = first('x-forwarded-host');
  if (proto === undefined && host === undefined) return false;
  try {
    return origin === new URL(`${proto ?? url.protocol.replace(/:$/, '')}://${host ?? url.host}`).origin;
  } catch {
    return false;
  }
}

function jsonResponse(status: number, body: object, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // A token must never be stored by a browser or shared cache; errors neither, or a 403 would stick.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...headers,
    },
  });
}

function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} baseUrl must be an absolute http(s) URL.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} baseUrl must be an absolute http(s) URL.`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    // Credentials in the URL would end up in logs; a query or fragment would corrupt `${baseUrl}/token`.
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} baseUrl must not contain credentials, a query or a fragment.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function parseOrigins(origins: readonly string[]): Set<string> {
  const parsed = new Set<string>();
  for (const origin of origins) {
    let normalised: string | undefined;
    try {
      normalised = new URL(origin).origin;
    } catch {
      normalised = undefined;
    }
    if (normalised === undefined || normalised === 'null' || normalised !== origin.replace(/\/$/, '')) {
      throw new TokenHandlerConfigError(
        'invalid-option',
        `${LOG_PREFIX} allowedOrigins entries must be origins such as "https://app.example.com"; got ${JSON.stringify(origin)}.`,
      );
    }
    parsed.add(normalised);
  }
  return parsed;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} ${name} must be a non-negative number.`,
    );
  }
  return value;
}
