/**
 * Mounts a Fetch API handler (`(Request) => Promise<Response>`) on Node's `http` server, Express or
 * connect. Both the token endpoint of `model-viewer-embed/server` and the local bimU.io platform are
 * written against the Fetch API so they run unchanged on Node, Deno, Bun and edge runtimes; this is the
 * one place that translates to Node's request/response objects.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

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

/** Builds a Fetch API `Request` from a Node request. The body is streamed, not buffered. */
export function toFetchRequest(
  req: IncomingMessage,
  res?: ServerResponse,
  options: NodeAdapterOptions = {},
): Request {
  const method = (req.method ?? 'GET').toUpperCase();
  const host = req.headers.host;
  const encrypted = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const origin = host ? `${encrypted ? 'https' : 'http'}://${host}` : (options.fallbackOrigin ?? 'http://localhost');
  // Express strips the mount path from `req.url` but keeps the full one in `originalUrl`.
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  let url: URL;
  try {
    url = new URL(path, origin);
  } catch {
    url = new URL(path, options.fallbackOrigin ?? 'http://localhost');
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
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
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
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
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
      try {
        response = await handler(toFetchRequest(req, res, options));
      } catch (error) {
        if (next) return next(error);
        response = Response.json({ error: 'Internal server error.' }, { status: 500 });
      }
      if (response === undefined) {
        if (next) return next();
        response = Response.json({ error: 'Not found.' }, { status: 404 });
      }
      await writeFetchResponse(response, res);
    })();
  };
}
