/**
 * The local bimU.io platform: an emulator of the bimU.io REST API that the real Viewer SDK loads generated
 * building models from, plus the SDK's vendor files for offline pages and, in tests, a control surface and
 * misbehaving models.
 *
 * The core is one Fetch API handler, so the same code mounts in Vite (`middleware`), in @web/test-runner's Koa
 * dev server (`koaMiddleware`) and in a plain Node server (`startPlatformServer` in `server.ts`).
 *
 * ```ts
 * const platform = createPlatform({ testControls: true });
 * const response = await platform.handle(new Request('http://localhost/rest/api/v1/token', { method: 'POST', … }));
 * ```
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  toFetchRequest,
  toNodeMiddleware,
  writeFetchResponse,
  type NodeMiddleware,
} from '../../src/server/node-adapter.js';
import { VENDOR_PREFIX, VendorAssets } from './assets.js';
import { createCatalog, type PlatformCatalog } from './catalog.js';
import type { PlatformContext } from './context.js';
import { CONTROLS_PREFIX, handleControls } from './controls.js';
import { defaultFaultSettings } from './faults.js';
import { jsonError } from './http.js';
import { TokenService } from './jwt.js';
import type { GeneratedModel } from './models/generate.js';
import { ModelStore } from './models/store.js';
import { PartUrlSigner } from './part-urls.js';
import { FailureRateLimiter } from './rate-limit.js';
import { API_PREFIX, handleApi } from './rest-api.js';
import { pageOf, PlatformStats } from './stats.js';

export interface PlatformOptions {
  /** Lifetime of issued tokens, seconds. Default 7200 (two hours, as the bimU.io docs state). */
  tokenLifetimeSeconds?: number;
  /** Mounts `/__platform/**` and serves the fault models. Default false. Never enable outside tests and demos. */
  testControls?: boolean;
  /** Per-part download rate, bytes per second; 0 (default) is unthrottled. The demo throttles so progress shows. */
  partThrottleBytesPerSecond?: number;
  /** Key for signing tokens and part URLs. Default: random per process (tokens do not survive a restart). */
  signingSecret?: string;
  /** Wrong credentials allowed per model within the window before 429. Default 5 in 60 s. */
  passwordRateLimit?: { maxFailures?: number; windowMs?: number };
  /** Query evaluation budget, milliseconds, after which the query endpoint answers 408. Default 2000. */
  queryTimeoutMs?: number;
}

/** Koa's context, as much of it as the platform touches. */
export interface KoaContextLike {
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
  status?: number;
}

export interface Platform {
  /** Answers platform paths; `undefined` for every other path, so the caller continues its own routing. */
  handle(request: Request): Promise<Response | undefined>;
  /** connect/Express/Vite middleware (also a plain `http.createServer` listener). */
  middleware: NodeMiddleware;
  /** Koa middleware for @web/test-runner's dev server. */
  koaMiddleware: (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<unknown>;
  /** The demo account and the models this instance serves (fault models only with `testControls`). */
  catalog: PlatformCatalog;
  /** The generated model (parts, elements, triangle counts), generating it on first use. */
  getModel(modelId: string): GeneratedModel | undefined;
  /** Generates every model in the background so the first load of each is not slowed by generation. */
  warmUp(): Promise<void>;
}

export function createPlatform(options: PlatformOptions = {}): Platform {
  const testControls = options.testControls ?? false;
  const secret =
    options.signingSecret !== undefined
      ? new TextEncoder().encode(options.signingSecret)
      : new Uint8Array(randomBytes(32));
  if (secret.byteLength === 0) throw new Error('signingSecret must not be empty.');
  const catalog = createCatalog(testControls);
  const models = new ModelStore(catalog);
  const ctx: PlatformContext = {
    catalog,
    models,
    tokens: new TokenService(secret),
    // A key of its own for part URLs, derived so that a part signature can never pass as a token signature.
    partUrls: new PartUrlSigner(new Uint8Array([...new TextEncoder().encode('part-urls:'), ...secret])),
    limiter: new FailureRateLimiter(options.passwordRateLimit),
    stats: new PlatformStats(),
    faults: defaultFaultSettings(),
    revokedTokens: new Set(),
    testControls,
    tokenLifetimeSeconds: positive(options.tokenLifetimeSeconds, 7200, 'tokenLifetimeSeconds'),
    partThrottleBytesPerSecond: nonNegative(
      options.partThrottleBytesPerSecond,
      0,
      'partThrottleBytesPerSecond',
    ),
    queryTimeoutMs: nonNegative(options.queryTimeoutMs, 2000, 'queryTimeoutMs'),
  };
  const vendor = new VendorAssets();

  async function handle(request: Request): Promise<Response | undefined> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return undefined;
    }
    const path = url.pathname;
    try {
      if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return await handleApi(ctx, request, url);
      if (path.startsWith(VENDOR_PREFIX)) {
        ctx.stats.count('vendor', pageOf(request));
        return await vendor.handle(request, path);
      }
      if (testControls && (path === CONTROLS_PREFIX || path.startsWith(`${CONTROLS_PREFIX}/`))) {
        return await handleControls(ctx, request, url);
      }
    } catch (error) {
      // Whatever went wrong, the client gets a generic 500 and the server keeps serving; details go to the
      // server's log only, never into the response.
      console.error('[platform] internal error:', error);
      return jsonError(500, 'Internal server error.');
    }
    return undefined;
  }

  const middleware = toNodeMiddleware(handle);

  async function koaMiddleware(ctxKoa: KoaContextLike, next: () => Promise<unknown>): Promise<unknown> {
    const response = await handle(toFetchRequest(ctxKoa.req, ctxKoa.res));
    if (response === undefined) return next();
    // Koa must not write its own response after ours; the status is mirrored for upstream middleware (loggers)
    // that read it after `await next()`.
    ctxKoa.respond = false;
    ctxKoa.status = response.status;
    await writeFetchResponse(response, ctxKoa.res);
    return undefined;
  }

  return {
    handle,
    middleware,
    koaMiddleware,
    catalog,
    getModel: (modelId) => models.get(modelId),
    warmUp: () => models.warmUp(),
  };
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number.`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be zero or a positive number.`);
  return value;
}

export {
  CATALOG_MODELS,
  DEMO_ACCOUNT,
  DEMO_ACCOUNT_NAME,
  DEMO_API_KEY,
  DEMO_CHANNEL_ID,
  FAULT_MODEL_IDS,
  FAULT_MODELS,
  MODEL_IDS,
  SCOPE_MODEL_IDS,
  SCOPE_MODEL_PASSWORDS,
  SCOPE_MODELS,
  PROTECTED_HOUSE_PASSWORD,
  SMALL_OFFICE_PASSWORD,
  LARGE_CAMPUS_PASSWORD,
  type CatalogModel,
  type PlatformCatalog,
} from './catalog.js';
export { VENDOR_PATHS } from './assets.js';
export { CONTROL_PATHS } from './controls.js';
export { API_PREFIX } from './rest-api.js';
