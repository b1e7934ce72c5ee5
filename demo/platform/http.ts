/**
 * HTTP helpers shared by the platform's routes: JSON errors, CORS, bounded body reading and abortable waits.
 *
 * Error bodies are always `{ "error": "…" }` with a fixed message chosen here, never text taken from the
 * request, so nothing a client sends can be reflected back (ids with `<script>`, 10 kB strings, …).
 */

/**
 * CORS for every platform response. `*` is right here because the platform's credentials travel as
 * `Authorization` headers set by script, never as cookies, so any page may call it — as any page may call the
 * real bimU.io API from the browser.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After, Content-Length',
};

/** What preflights allow: the SDK sends `Authorization` on every API call and `Content-Type` on the query. */
export const PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Max-Age': '600',
};

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  ...CORS_HEADERS,
  'X-Content-Type-Options': 'nosniff',
};

/** An error that becomes a JSON error response with its status. `message` must not contain request data. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(body: unknown, status = 200, headers: Readonly<Record<string, string>> = {}): Response {
  return bytesResponse(
    new TextEncoder().encode(JSON.stringify(body)),
    'application/json; charset=utf-8',
    { 'Cache-Control': 'no-store', ...headers },
    status,
  );
}

export function jsonError(
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return json({ error: message }, status, headers);
}

export function errorResponse(error: HttpError): Response {
  return jsonError(error.status, error.message, error.headers);
}

/** Binary or text body with an explicit `Content-Length` (a Fetch `Response` does not add one to its headers). */
export function bytesResponse(
  body: Uint8Array,
  contentType: string,
  headers: Readonly<Record<string, string>> = {},
  status = 200,
): Response {
  // TypeScript's DOM types only take ArrayBuffer-backed views as a body; every view here is one.
  return new Response(body as Uint8Array<ArrayBuffer>, {
    status,
    headers: {
      ...COMMON_HEADERS,
      'Content-Type': contentType,
      'Content-Length': String(body.byteLength),
      ...headers,
    },
  });
}

export function preflight(): Response {
  return new Response(null, { status: 204, headers: { ...COMMON_HEADERS, ...PREFLIGHT_HEADERS } });
}

export function methodNotAllowed(allowed: readonly string[]): Response {
  return jsonError(405, 'Method not allowed.', { Allow: allowed.join(', ') });
}

/**
 * Reads a request body up to `limit` bytes. Refuses early on a declared `Content-Length` over the limit and
 * stops reading (413) as soon as a chunked body passes it, so a client cannot make the server buffer more.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null) {
    if (!/^\d+$/.test(declared)) throw new HttpError(400, 'Malformed Content-Length header.');
    if (Number(declared) > limit) throw new HttpError(413, 'Request body too large.');
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        void reader.cancel().catch(() => {});
        throw new HttpError(413, 'Request body too large.');
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'The request body could not be read.');
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Reads and parses a JSON object body; 400 for anything that is not one. An empty body reads as `{}`. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, limit);
  if (bytes.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new HttpError(400, 'Malformed JSON body.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'The JSON body must be an object.');
  }
  return value as Record<string, unknown>;
}

/**
 * Waits `ms`, or less if `signal` aborts; resolves `false` when aborted. Used by the latency faults and the
 * part throttle so that a client that goes away stops the wait instead of leaving a timer behind.
 */
export function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ChunkedStreamOptions {
  /** Bytes per chunk. */
  readonly chunkSize: number;
  /** Pause before each chunk, milliseconds; 0 streams as fast as the client reads. */
  readonly intervalMs: number;
  /** Stops the stream when the client goes away. */
  readonly signal?: AbortSignal;
}

/**
 * Streams `bytes` in chunks, optionally pausing between them (the part throttle). The stream ends early, without
 * error, when `signal` aborts or the consumer cancels, so no timer outlives a disconnected client.
 */
export function chunkedStream(bytes: Uint8Array, options: ChunkedStreamOptions): ReadableStream<Uint8Array> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize));
  let offset = 0;
  const cancelled = new AbortController();
  const signals = options.signal ? AbortSignal.any([options.signal, cancelled.signal]) : cancelled.signal;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (options.intervalMs > 0 && offset > 0) {
        const completed = await wait(options.intervalMs, signals);
        if (!completed) {
          controller.close();
          return;
        }
      }
      if (signals.aborted || offset >= bytes.length) {
        controller.close();
        return;
      }
      const end = Math.min(bytes.length, offset + chunkSize);
      controller.enqueue(bytes.slice(offset, end));
      offset = end;
      if (offset >= bytes.length) controller.close();
    },
    cancel() {
      cancelled.abort();
    },
  });
}
