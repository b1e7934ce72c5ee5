/**
 * The emulated bimU.io REST API (`/rest/api/v1/**`): what the SDK calls, with the statuses the platform
 * documents for what the real service leaves unknown.
 *
 * | route                                       | auth                        | answer                              |
 * |---------------------------------------------|-----------------------------|-------------------------------------|
 * | POST /token                                 | Basic account:apiKey or model:password | `{ token }`              |
 * | GET  /channels/{c}/models/{m}/blob          | Bearer                      | `{ urls, shift }`                   |
 * | GET  /parts/{m}/{i}?expires&sig             | the URL's signature         | the binary part                     |
 * | GET  /channels/{c}/attachments/{m}          | Bearer                      | file properties JSON                |
 * | GET  /channels/{c}/models/{m}               | Bearer                      | raw DEFLATE of metadata JSON        |
 * | GET  /channels/{c}/models/{m}/elements/{i}  | Bearer                      | raw DEFLATE of element JSON         |
 * | POST /channels/{c}/models/{m}/query         | Bearer                      | newline-delimited JSON rows         |
 */
// Model and channel ids follow the element's own rule, so an id one accepts is never refused by the other.
import { isValidId } from '../../src/internal/bimu-rules.js';
import { deflateRawSync } from 'node:zlib';
import {
  DEMO_ACCOUNT_NAME,
  DEMO_API_KEY,
  DEMO_CHANNEL_ID,
  FAULT_MODEL_IDS,
  type CatalogModel,
} from './catalog.js';
import { parseBasic, parseBearer, secretsEqual } from './basic-auth.js';
import type { PlatformContext } from './context.js';
import { garbagePart, NO_LENGTH_CHUNK_BYTES } from './faults.js';
import {
  bytesResponse,
  chunkedStream,
  CORS_HEADERS,
  HttpError,
  json,
  jsonError,
  methodNotAllowed,
  preflight,
  readBody,
  readJsonObject,
  wait,
} from './http.js';
import { elementProperties } from './models/properties.js';
import {
  formatRows,
  parseQuery,
  QuerySyntaxError,
  QueryTimeoutError,
  QueryTooLargeError,
  runQuery,
} from './query.js';
import { pageOf, type StatEndpoint } from './stats.js';

export const API_PREFIX = '/rest/api/v1';
/** `POST /token` has an empty body; anything beyond this is refused. */
export const TOKEN_BODY_LIMIT = 16 * 1024;
/** The query endpoint's request limit, and its response limit (the docs' 413 "Response too large"). */
export const QUERY_BODY_LIMIT = 1024 * 1024;
export const QUERY_RESPONSE_LIMIT = 1024 * 1024;

const OCTET_STREAM = 'application/octet-stream';
/** Throttled parts stream a chunk every 50 ms (or 1 kB chunks, slower), so progress events arrive smoothly. */
const THROTTLE_TICK_MS = 50;

type RouteName = 'token' | 'blob' | 'attachments' | 'metadata' | 'element' | 'query' | 'part';

interface Route {
  readonly methods: readonly string[];
  readonly stat: StatEndpoint;
}

const ROUTES: Record<RouteName, Route> = {
  token: { methods: ['POST'], stat: 'token' },
  blob: { methods: ['GET'], stat: 'blob' },
  attachments: { methods: ['GET'], stat: 'attachments' },
  metadata: { methods: ['GET'], stat: 'metadata' },
  element: { methods: ['GET'], stat: 'elements' },
  query: { methods: ['POST'], stat: 'query' },
  part: { methods: ['GET', 'HEAD'], stat: 'parts' },
};

function match(segments: readonly string[]): { name: RouteName; params: string[] } | undefined {
  const [a, b, c, d, e, f, ...rest] = segments;
  const n = segments.length;
  if (n === 1 && a === 'token') return { name: 'token', params: [] };
  if (n === 3 && a === 'parts') return { name: 'part', params: [b!, c!] };
  if (a !== 'channels' || n < 4) return undefined;
  if (n === 4 && c === 'attachments') return { name: 'attachments', params: [b!, d!] };
  if (c !== 'models') return undefined;
  if (n === 4) return { name: 'metadata', params: [b!, d!] };
  if (n === 5 && e === 'blob') return { name: 'blob', params: [b!, d!] };
  if (n === 5 && e === 'query') return { name: 'query', params: [b!, d!] };
  if (n === 6 && e === 'elements' && rest.length === 0) return { name: 'element', params: [b!, d!, f!] };
  return undefined;
}

/** Handles a request whose path starts with {@link API_PREFIX}. */
export async function handleApi(ctx: PlatformContext, request: Request, url: URL): Promise<Response> {
  const rest = url.pathname.slice(API_PREFIX.length);
  const raw = rest.split('/').slice(1);
  if (raw.length === 0 || raw.some((segment) => segment === '')) return jsonError(404, 'Unknown endpoint.');
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return jsonError(400, 'Malformed path.');
  }
  const route = match(segments);
  if (!route) return jsonError(404, 'Unknown endpoint.');

  const method = request.method.toUpperCase();
  if (method === 'OPTIONS') {
    ctx.stats.count('preflight', pageOf(request));
    return preflight();
  }
  const { methods, stat } = ROUTES[route.name];
  if (!methods.includes(method)) return methodNotAllowed([...methods, 'OPTIONS']);
  ctx.stats.count(stat, pageOf(request));

  try {
    switch (route.name) {
      case 'token':
        return await token(ctx, request);
      case 'blob':
        return await blob(ctx, request, url, route.params[0]!, route.params[1]!);
      case 'part':
        return part(ctx, request, url, route.params[0]!, route.params[1]!);
      case 'attachments':
        return await attachments(ctx, request, route.params[0]!, route.params[1]!);
      case 'metadata':
        return await metadata(ctx, request, route.params[0]!, route.params[1]!);
      case 'element':
        return await element(ctx, request, route.params[0]!, route.params[1]!, route.params[2]!);
      case 'query':
        return await query(ctx, request, route.params[0]!, route.params[1]!);
    }
  } catch (error) {
    if (error instanceof HttpError) return jsonError(error.status, error.message, error.headers);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------
// POST /token

async function token(ctx: PlatformContext, request: Request): Promise<Response> {
  const credentials = parseBasic(request.headers.get('authorization'));
  // No `WWW-Authenticate: Basic` on these 401s: browsers answer that header with a native login dialog, which a
  // page embedding the viewer must never see.
  if (credentials.kind === 'missing') return jsonError(401, 'Missing credentials.');
  if (credentials.kind === 'malformed') return jsonError(400, 'Malformed Authorization header.');
  await readBody(request, TOKEN_BODY_LIMIT);

  const { username, password } = credentials.value;
  ctx.stats.recordTokenUser(username, pageOf(request));

  if (username === DEMO_ACCOUNT_NAME) {
    const key = `account:${username}`;
    const limited = rateLimited(ctx, key);
    if (limited) return limited;
    if (!secretsEqual(password, DEMO_API_KEY)) {
      ctx.limiter.recordFailure(key);
      return jsonError(401, 'Wrong credentials.');
    }
    ctx.limiter.reset(key);
    return issued(ctx, { channelId: DEMO_CHANNEL_ID, sub: DEMO_ACCOUNT_NAME });
  }

  const model = ctx.catalog.get(username);
  if (!model) {
    // Same work and same answer as a wrong password, so the endpoint does not reveal which model ids exist.
    secretsEqual(password, DEMO_API_KEY);
    return jsonError(401, 'Wrong credentials.');
  }
  // Only ids of existing models become limiter keys, which bounds the limiter's memory by the catalog's size.
  const key = `model:${model.id}`;
  const limited = rateLimited(ctx, key);
  if (limited) return limited;

  if (model.fault === FAULT_MODEL_IDS.token500)
    return jsonError(500, 'Injected fault: the token service failed.');
  if (model.fault === FAULT_MODEL_IDS.tokenLatency && !(await wait(ctx.faults.latencyMs, request.signal))) {
    return jsonError(503, 'The client went away.');
  }

  // An unshared model has no password: every attempt fails (and counts), whatever is sent. A model shared
  // without a password has nothing to check; the SDK sends an empty one.
  let ok: boolean;
  if (model.sharing === 'open') ok = true;
  else if (model.sharing === 'password') ok = secretsEqual(password, model.password ?? '');
  else {
    secretsEqual(password, DEMO_API_KEY); // the same work as a real check, so timing does not tell unshared apart
    ok = false;
  }
  if (!ok) {
    ctx.limiter.recordFailure(key);
    return jsonError(401, 'Wrong credentials.');
  }
  ctx.limiter.reset(key);
  return issued(ctx, { channelId: DEMO_CHANNEL_ID, sub: model.id, modelId: model.id });
}

function rateLimited(ctx: PlatformContext, key: string): Response | undefined {
  const decision = ctx.limiter.check(key);
  if (!decision.limited) return undefined;
  return jsonError(429, 'Too many wrong credentials; retry later.', {
    'Retry-After': String(decision.retryAfterSeconds),
  });
}

async function issued(
  ctx: PlatformContext,
  claims: { channelId: string; sub: string; modelId?: string },
): Promise<Response> {
  const jwt = await ctx.tokens.issue({
    ...claims,
    expiresIn: ctx.faults.tokenLifetimeSeconds ?? ctx.tokenLifetimeSeconds,
  });
  return json({ token: jwt });
}

// ---------------------------------------------------------------------------------------------------------
// Bearer-authenticated model endpoints

/**
 * Checks, in this order: a bearer token is present (401) and well-formed (400), valid, unexpired and not revoked
 * through the test controls (401);
 * the ids are well-formed (400); channel and model exist (404); the token is for this channel and, for a model
 * token, this model (403). Authentication comes first so that unauthenticated callers learn nothing about
 * which ids exist.
 */
async function authorize(
  ctx: PlatformContext,
  request: Request,
  channelId: string,
  modelId: string,
): Promise<CatalogModel> {
  const bearer = parseBearer(request.headers.get('authorization'));
  if (bearer.kind === 'missing') throw new HttpError(401, 'Missing bearer token.');
  if (bearer.kind === 'malformed') throw new HttpError(400, 'Malformed Authorization header.');
  const verified = await ctx.tokens.verify(bearer.value);
  if (!verified.ok)
    throw new HttpError(401, verified.reason === 'expired' ? 'Token expired.' : 'Invalid token.');
  if (ctx.revokedTokens.has(bearer.value)) throw new HttpError(401, 'Token revoked.');
  if (!isValidId(channelId)) throw new HttpError(400, 'Invalid channel id.');
  if (!isValidId(modelId)) throw new HttpError(400, 'Invalid model id.');
  if (channelId !== DEMO_CHANNEL_ID) throw new HttpError(404, 'Unknown channel.');
  const model = ctx.catalog.get(modelId);
  if (!model) throw new HttpError(404, 'Unknown model.');
  const { claims } = verified;
  if (claims.channelId !== channelId) throw new HttpError(403, 'This token is for another channel.');
  if (claims.modelId !== undefined && claims.modelId !== modelId)
    throw new HttpError(403, 'This token opens another model.');
  return model;
}

async function blob(
  ctx: PlatformContext,
  request: Request,
  url: URL,
  channelId: string,
  modelId: string,
): Promise<Response> {
  const model = await authorize(ctx, request, channelId, modelId);
  if (
    model.fault === FAULT_MODEL_IDS.metadataLatency &&
    !(await wait(ctx.faults.latencyMs, request.signal))
  ) {
    return jsonError(503, 'The client went away.');
  }
  // Part URLs are absolute and built from the origin this request came in on, so one handler serves any host,
  // port or proxy-free mount (Vite, the test runner, the standalone server).
  const urls =
    model.fault === FAULT_MODEL_IDS.emptyUrls
      ? []
      : model.parts.map((_, index) => ctx.partUrls.sign(url.origin, model.id, index));
  return json({ urls, shift: model.shift });
}

async function attachments(
  ctx: PlatformContext,
  request: Request,
  channelId: string,
  modelId: string,
): Promise<Response> {
  const model = await authorize(ctx, request, channelId, modelId);
  const generated = ctx.models.get(model.id)!;
  return json({
    id: model.id,
    fn: model.fileName,
    sr: 'IFC',
    sz: generated.parts.reduce((sum, part) => sum + part.byteLength, 0),
    u: model.updated,
    c: model.created,
    ss: model.sharing === 'account-only' ? 0 : 1,
  });
}

/** The SDK inflates these two responses with `pako.inflateRaw`: raw DEFLATE, no zlib or gzip header. */
function deflated(value: unknown): Response {
  return bytesResponse(new Uint8Array(deflateRawSync(JSON.stringify(value))), OCTET_STREAM, {
    'Cache-Control': 'no-store',
  });
}

async function metadata(
  ctx: PlatformContext,
  request: Request,
  channelId: string,
  modelId: string,
): Promise<Response> {
  const model = await authorize(ctx, request, channelId, modelId);
  const generated = ctx.models.get(model.id)!;
  const buildings = [...new Set(model.parts.flat().map((building) => building.name))];
  return deflated({
    os: 'bimU.io local platform model generator',
    m: [
      { g: 'Project', n: 'Name', v: model.title },
      { g: 'Project', n: 'Description', v: model.description },
      { g: 'Project', n: 'Buildings', v: buildings.join(', ') },
      { g: 'Model', n: 'Schema', v: 'IFC4' },
      { g: 'Model', n: 'Units', v: 'Metres' },
      { g: 'Model', n: 'Elements', v: generated.elements.length },
      { g: 'Model', n: 'Triangles', v: generated.triangles },
      { g: 'Model', n: 'Parts', v: generated.parts.length },
    ],
  });
}

async function element(
  ctx: PlatformContext,
  request: Request,
  channelId: string,
  modelId: string,
  indexText: string,
): Promise<Response> {
  const model = await authorize(ctx, request, channelId, modelId);
  if (!/^\d{1,9}$/.test(indexText)) throw new HttpError(400, 'Invalid element index.');
  const found = ctx.models.get(model.id)!.elements[Number(indexText)];
  if (!found) throw new HttpError(404, 'Unknown element.');
  return deflated({ eId: found.elementId, uId: found.uniqueId, p: elementProperties(found) });
}

async function query(
  ctx: PlatformContext,
  request: Request,
  channelId: string,
  modelId: string,
): Promise<Response> {
  const model = await authorize(ctx, request, channelId, modelId);
  const body = await readJsonObject(request, QUERY_BODY_LIMIT);
  if (typeof body.query !== 'string' || body.query.trim() === '') {
    throw new HttpError(400, 'The body must be {"query": "SELECT … FROM ModelDatabase WHERE …"}.');
  }
  // Generating the model on its first use is not the query's time: fetch it before the clock starts.
  const { elements } = ctx.models.get(model.id)!;
  const started = performance.now();
  let text: string;
  try {
    const parsed = parseQuery(body.query);
    text = formatRows(
      runQuery(parsed, elements, { deadline: started + ctx.queryTimeoutMs, maxLength: QUERY_RESPONSE_LIMIT }),
    );
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new HttpError(400, `Invalid query: ${error.message}`);
    if (error instanceof QueryTimeoutError)
      throw new HttpError(408, 'Query evaluation timed out; simplify the query.');
    if (error instanceof QueryTooLargeError) throw tooLarge();
    throw error;
  }
  const bytes = new TextEncoder().encode(text);
  // Non-ASCII property values make the UTF-8 body longer than the length counted during evaluation.
  if (bytes.byteLength > QUERY_RESPONSE_LIMIT) throw tooLarge();
  return bytesResponse(bytes, 'application/x-ndjson; charset=utf-8', { 'Cache-Control': 'no-store' });
}

function tooLarge(): HttpError {
  return new HttpError(413, 'Response too large; add a LIMIT or select fewer columns.');
}

// ---------------------------------------------------------------------------------------------------------
// GET /parts/{m}/{i}: pre-signed, no Authorization (the SDK's XHR sends none)

function part(
  ctx: PlatformContext,
  request: Request,
  url: URL,
  modelId: string,
  indexText: string,
): Response {
  if (!isValidId(modelId) || !/^\d{1,6}$/.test(indexText)) return jsonError(404, 'Unknown part.');
  const index = Number(indexText);
  if (!ctx.partUrls.verify(modelId, index, url.searchParams.get('expires'), url.searchParams.get('sig'))) {
    return jsonError(403, 'Invalid or expired part URL.');
  }
  const model = ctx.catalog.get(modelId);
  if (!model || index >= model.parts.length) return jsonError(404, 'Unknown part.');
  if (model.fault === FAULT_MODEL_IDS.part404) return jsonError(404, 'Injected fault: part not found.');
  if (model.fault === FAULT_MODEL_IDS.partGarbage)
    return bytesResponse(garbagePart(), OCTET_STREAM, { 'Cache-Control': 'no-store' });

  const bytes = ctx.models.get(model.id)!.parts[index]!;
  const headers = {
    ...CORS_HEADERS,
    'Content-Type': OCTET_STREAM,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (model.fault === FAULT_MODEL_IDS.partNoLength) {
    // No Content-Length: Node's HTTP/1.1 server sends the body chunked, and the SDK's XHR progress events are
    // then not length-computable, so it reports no progress at all.
    return new Response(
      chunkedStream(bytes, { chunkSize: NO_LENGTH_CHUNK_BYTES, intervalMs: 0, signal: request.signal }),
      {
        headers,
      },
    );
  }
  const rate = ctx.partThrottleBytesPerSecond;
  if (rate > 0) {
    const chunkSize = Math.max(1024, Math.floor((rate * THROTTLE_TICK_MS) / 1000));
    const stream = chunkedStream(bytes, {
      chunkSize,
      intervalMs: (chunkSize / rate) * 1000,
      signal: request.signal,
    });
    return new Response(stream, { headers: { ...headers, 'Content-Length': String(bytes.byteLength) } });
  }
  return bytesResponse(bytes, OCTET_STREAM, { 'Cache-Control': 'no-store' });
}
