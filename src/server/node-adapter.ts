/**
 * Mounts a Fetch API handler (`(Request) => Promise<Response>`) on Node's `http` server, Express or
 * connect. Both the token endpoint of `model-viewer-embed/server` and the local bimU.io platform are
 * written against the Fetch API so they run unchanged on Node, Deno, Bun and edge runtimes; this is the
 * one place that translates to Node's request/response objects.
 *
 * This module imports Node's types only, never a `node:` module at run time: `model-viewer-embed/server`
 * re-exports it, and an edge runtime (Cloudflare Workers without `nodejs_compat`, the Next.js Edge runtime)
 * refuses to bundle a package entry that imports `node:stream`, even if the Node adapter is never called.
 */
/// <reference types="node" />
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A Fetch API handler. `undefined` means "not mine": the adapter passes the request on to `next`. */
export type FetchHandler = (request: Request) => Promise<Response | undefined>;

/** A connect/Express style middleware; also a plain `http.createServer` listener when `next` is absent. */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

export interface NodeAdapterOptions {
  /**
   * Origin used to build the absolute `Request.url` when the incoming request has no usable `Host`
   * header. Default `http://localhost`.
   */
  fallbackOrigin?: string;
}

const BODYLESS_METHODS = new Set(['GET', 'HEAD']);

/**
 * Wraps a Node request body in a web `ReadableStream` that honours back-pressure.
 *
 * Nothing is read from the socket until the handler reads the body (high-water mark 0): a handler that
 * answers "not mine" leaves the body intact for the next middleware.
 *
 * Cancelling the stream (a handler that stops reading an oversized body) neither reads on nor destroys the
 * request: destroying an `IncomingMessage` can tear down the socket before the handler's 413 response is
 * written. What happens to the rest is decided once the response is out: `discard` drains it so that the
 * keep-alive connection can serve the next request, or the connection is closed (see `closesConnection`).
 */
function nodeBodyToWeb(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; discard: () => void } {
  let settled = false;
  let attached = false;
  let streamController: ReadableStreamDefaultController<Uint8Array> | undefined;
  const settle = (action: () => void) => {
    if (settled) return;
    settled = true;
    action();
  };
  const attach = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    attached = true;
    if (req.readableEnded) return settle(() => controller.close());
    if (req.destroyed)
      return settle(() => controller.error(new Error('The request body was aborted by the client.')));
    req.on('data', (chunk: Uint8Array | string) => {
      if (settled) return;
      // Copy: Node may hand out slices of a shared pool that it reuses.
      controller.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : new Uint8Array(chunk));
      if ((controller.desiredSize ?? 1) <= 0) req.pause();
    });
    req.once('end', () => settle(() => controller.close()));
    req.once('error', (error) => settle(() => controller.error(error)));
    // 'close' before 'end' means the client went away half-way through the upload.
    req.once('close', () =>
      settle(() => controller.error(new Error('The request body was aborted by the client.'))),
    );
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        streamController = controller;
      },
      pull(controller) {
        if (!attached) attach(controller);
        req.resume();
      },
      cancel() {
        settled = true;
      },
    },
    { highWaterMark: 0 },
  );
  // Like Node's own dump of unread request bodies: a paused, half-read upload would otherwise hold the
  // keep-alive connection, and the client's next request on it would never be answered.
  const discard = () => {
    settle(() => streamController?.error(new Error('The request body was discarded after the response.')));
    req.resume();
  };
  return { stream, discard };
}

/** Discards what the handler left unread of each request body, once its response is written. */
const bodyDiscarders = new WeakMap<Request, () => void>();

/**
 * Whether the connection is closed after `response` instead of draining what is left of the request body.
 *
 * A handler asks for it with `Connection: close`. After a 413 or a 408 it is the default while the upload is
 * unfinished: draining would read the oversized body the handler just refused (megabytes, at the client's
 * pace) or wait on the client that was too slow, only to keep the connection for another request.
 */
function closesConnection(req: IncomingMessage, response: Response): boolean {
  if (/(^|,)\s*close\s*(,|$)/i.test(response.headers.get('connection') ?? '')) return true;
  return (response.status === 413 || response.status === 408) && !req.readableEnded;
}

/**
 * The body a framework middleware already consumed, re-serialised; `undefined` when the stream is unread.
 *
 * `app.use(express.json())` reads the whole stream and leaves the result on `req.body`; reading the stream
 * again would yield an empty body, so a JSON handler mounted after it would answer "invalid JSON".
 */
function consumedBody(req: IncomingMessage): BodyInit | undefined {
  if (!req.readableEnded && !(req as { _body?: boolean })._body) return undefined;
  const body = (req as { body?: unknown }).body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new Uint8Array(body);
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (typeof body === 'object' && /^application\/([a-z0-9.+-]*\+)?json\b/.test(contentType)) {
    // An empty object is what body parsers leave for requests they skipped; only re-send parsed content.
    if (Object.keys(body).length === 0 && !(req as { _body?: boolean })._body) return undefined;
    return JSON.stringify(body);
  }
  return undefined;
}

/** Builds a Fetch API `Request` from a Node request. The body is streamed, not buffered. */
export function toFetchRequest(
  req: IncomingMessage,
  res?: ServerResponse,
  options: NodeAdapterOptions = {},
): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const host = req.headers.host;
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const fallbackOrigin = options.fallbackOrigin ?? 'http://localhost';
  const origin = host ? `${encrypted ? 'https' : 'http'}://${host}` : fallbackOrigin;
  // Express strips the mount path from `req.url` but keeps the full one in `originalUrl`.
  const rawPath = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  // A request target such as `//evil.example/x` is a path, but `new URL()` would read it as a
  // protocol-relative URL and move the request to another host; pin it to our origin.
  const path = rawPath.startsWith('/') ? rawPath.replace(/^\/+/, '/') : rawPath;
  let url: URL;
  try {
    url = new URL(path, origin);
  } catch {
    url = new URL(path, fallbackOrigin);
  }

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    try {
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.set(name, value);
    } catch {
      // A header value the Fetch API refuses (control characters) is dropped rather than crashing the server.
    }
  }

  const abort = new AbortController();
  // 'close' on the response fires both after a normal end and when the client goes away; only the latter
  // aborts, so a handler waiting on purpose (latency faults, upstream calls) stops when nobody listens.
  res?.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });

  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: abort.signal };
  if (!BODYLESS_METHODS.has(method)) {
    const parsed = consumedBody(req);
    if (parsed !== undefined) {
      init.body = parsed;
      // The original length no longer describes the re-serialised body.
      headers.delete('content-length');
    } else {
      const body = nodeBodyToWeb(req);
      init.body = body.stream;
      init.duplex = 'half';
      const request = new Request(url, init);
      bodyDiscarders.set(request, body.discard);
      return request;
    }
  }
  return new Request(url, init);
}

/** Writes a Fetch API `Response` to a Node response, streaming the body and honouring back-pressure. */
export async function writeFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);

  if (!response.body || res.req?.method === 'HEAD') {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const onClose = () => void reader.cancel().catch(() => {});
  res.once('close', onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Remove whichever listener did not fire: one pair per stall would otherwise pile up on a slow
        // client's response (MaxListenersExceededWarning after ten stalls).
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // The client went away or the body stream failed half-way: nothing can be sent any more.
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/**
 * Adapts a Fetch API handler to Node's `http`, Express and connect.
 *
 * ```js
 * http.createServer(toNodeMiddleware(handler)).listen(3000);
 * app.post('/api/bimu-token', toNodeMiddleware(handler));
 * ```
 */
export function toNodeMiddleware(handler: FetchHandler, options: NodeAdapterOptions = {}): NodeMiddleware {
  return (req, res, next) => {
    void (async () => {
      let response: Response | undefined;
      let request: Request | undefined;
      try {
        request = toFetchRequest(req, res, options);
        response = await handler(request);
      } catch (error) {
        if (next) return next(error);
        response = Response.json({ error: 'Internal server error.' }, { status: 500 });
      }
      if (response === undefined) {
        if (next) return next();
        response = Response.json({ error: 'Not found.' }, { status: 404 });
      }
      const closing = closesConnection(req, response);
      try {
        // Node ends the socket once a response with `Connection: close` is written, and then skips the
        // drain it does for keep-alive connections.
        if (closing && !res.headersSent) res.setHeader('Connection', 'close');
        await writeFetchResponse(response, res);
      } catch (error) {
        // `writeHead` throws when an earlier middleware already sent headers or a header value is invalid.
        // Escaping from this detached promise would be an unhandled rejection, which ends the Node process.
        if (next && !res.headersSent) return next(error);
        res.destroy();
      } finally {
        if (request && !closing) bodyDiscarders.get(request)?.();
      }
    })();
  };
}
