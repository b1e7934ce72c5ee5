/**
 * The one call to bimU.io that needs the API key: `POST {baseUrl}/token` with the account's Basic
 * credentials, answered with `{"token":"<JWT>"}` (an account token for the channel, valid two hours
 * according to the vendor's docs).
 */
import { CodedError } from '../internal/coded-error.js';
import { decodeJwtPayload, expiryClaim } from '../internal/jwt.js';

/** Stable codes for the ways the upstream token request fails. */
export type UpstreamTokenErrorCode =
  | 'upstream-unauthorized'
  | 'upstream-http-error'
  | 'upstream-invalid-response'
  | 'upstream-network'
  | 'upstream-timeout';

/**
 * Why bimU.io did not hand out a token. Messages name the status and what to check, but never include the
 * upstream response body, the credentials or a token: they are meant for server logs.
 */
export class UpstreamTokenError extends CodedError<UpstreamTokenErrorCode> {
  override readonly name = 'UpstreamTokenError';
}

/** An account token and its expiry (ms epoch) read from the JWT's `exp`, when it has one. */
export interface AccountToken {
  token: string;
  expiresAt: number | undefined;
}

export interface UpstreamRequest {
  /** `https://viewer.bimu.io/rest/api/v1` or a local platform; no trailing slash. */
  baseUrl: string;
  /** The complete `Authorization` header value. */
  authorization: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  now: () => number;
}

/** A token answer is a few hundred bytes; anything far larger is not one and is not buffered. */
const MAX_UPSTREAM_BODY_BYTES = 64 * 1024;

/**
 * Requests a fresh account token. Throws {@link UpstreamTokenError}; never returns an unusable token.
 *
 * The timeout does not rely on `fetch` honouring its abort signal: a hung request would otherwise hold the
 * single flight forever, and every later caller would wait on it.
 */
export async function requestAccountToken(options: UpstreamRequest): Promise<AccountToken> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new UpstreamTokenError(
          'upstream-timeout',
          `The bimU.io token request timed out after ${options.timeoutMs} ms.`,
        ),
      );
    }, options.timeoutMs);
  });
  try {
    return await Promise.race([exchange(options, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function exchange(options: UpstreamRequest, signal: AbortSignal): Promise<AccountToken> {
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl}/token`, {
      method: 'POST',
      headers: { Authorization: options.authorization, Accept: 'application/json' },
      signal,
      // A redirect would be followed with our credentials attached (same-origin) or without them
      // (cross-origin); neither is a token answer, so it is reported instead of followed.
      redirect: 'manual',
    });
  } catch {
    // The cause is not kept: runtime errors can quote the request, and the request carries the key.
    throw new UpstreamTokenError('upstream-network', 'The bimU.io token request failed: network error.');
  }

  if (!response.ok) {
    void response.body?.cancel().catch(() => {});
    if (response.status === 401 || response.status === 403) {
      throw new UpstreamTokenError(
        'upstream-unauthorized',
        `bimU.io refused the account credentials (status ${response.status}): check BIMU_ACCOUNT_NAME and BIMU_API_KEY.`,
        response.status,
      );
    }
    throw new UpstreamTokenError(
      'upstream-http-error',
      `bimU.io answered the token request with status ${response.status}.`,
      response.status,
    );
  }

  let body: unknown;
  try {
    body = JSON.parse(await readLimitedText(response, MAX_UPSTREAM_BODY_BYTES));
  } catch {
    throw invalidResponse(response.status, 'the body is not JSON');
  }
  const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
  if (typeof token !== 'string') throw invalidResponse(response.status, 'it has no "token" string');
  // Decoded once: the shape check and the expiry read the same claims.
  const claims = decodeJwtPayload(token);
  if (!claims) throw invalidResponse(response.status, 'its "token" is not a JWT');
  const expiresAt = expiryClaim(claims);
  if (expiresAt !== undefined && expiresAt <= options.now()) {
    throw invalidResponse(response.status, 'the token has already expired (is the server clock right?)');
  }
  return { token, expiresAt };
}

function invalidResponse(status: number, why: string): UpstreamTokenError {
  return new UpstreamTokenError(
    'upstream-invalid-response',
    `bimU.io answered the token request with an unusable response: ${why}.`,
    status,
  );
}

/** What {@link readLimitedBytes} returns when the body did not arrive within its deadline. */
export const TIMED_OUT = Symbol('timed-out');

/**
 * Reads a request or response body, stopping (and cancelling the stream) once it exceeds `limit` bytes: a
 * declared `Content-Length` can be absent (chunked) or wrong, so the count is what decides. `null` means
 * too large; {@link TIMED_OUT} that the whole body had not arrived `timeoutMs` after reading began, so that
 * a client trickling its upload cannot hold the request open.
 */
export async function readLimitedBytes(
  body: Request | Response,
  limit: number,
  timeoutMs?: number,
): Promise<Uint8Array | null | typeof TIMED_OUT> {
  if (!body.body) return new Uint8Array(0);
  const reader = body.body.getReader();
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          // Cancelling settles the pending read as done; `timedOut` tells that end from the body's own.
          void reader.cancel().catch(() => {});
        }, timeoutMs);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) return TIMED_OUT;
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  } catch (error) {
    if (timedOut) return TIMED_OUT;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return concat(chunks, total);
}

/** Reads a body as UTF-8 text, failing once it exceeds `limit` bytes rather than buffering all of it. */
async function readLimitedText(response: Response, limit: number): Promise<string> {
  const bytes = await readLimitedBytes(response, limit);
  if (bytes === null || bytes === TIMED_OUT) throw new Error('Body too large.');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Joins body chunks into one buffer. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
