/**
 * The demo's back-end, as a page author would run it next to their own site: the local bimU.io platform
 * (standing in for https://viewer.bimu.io) plus one route of the site itself, `POST /api/bimu-token`, which
 * trades a model's password for a short-lived token that opens only that model, with
 * `model-viewer-embed/server`. The passwords live here, on the server; the page never sees them.
 *
 * Mounted in the Vite dev server (`npm start`) and in the @web/test-runner server (tests).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createPlatform, type Platform, type PlatformOptions } from './platform/index.js';
import { startPlatformServer } from './platform/server.js';
import { pageOf, PerPage } from './platform/stats.js';
import {
  FAULT_MODEL_IDS,
  LARGE_CAMPUS_PASSWORD,
  MODEL_IDS,
  SCOPE_MODEL_PASSWORDS,
  SMALL_OFFICE_PASSWORD,
} from './platform/catalog.js';
import { createTokenHandler, type TokenHandler } from '../src/server/index.js';
import { toNodeMiddleware, writeFetchResponse, toFetchRequest } from '../src/server/node-adapter.js';

/** Where the page asks for tokens. The element is pointed here with `token-url`. */
export const TOKEN_ROUTE = '/api/bimu-token';
/**
 * Test-only: counters of the token route (`GET stats`), `POST reset` (zeroes the calling page's counters and
 * drops its token route's cache) and the second-origin platform's address (`GET env`).
 */
export const BACKEND_CONTROL_PREFIX = '/__backend/';

/**
 * The platform is reached in-process rather than over HTTP: the token handler's upstream `fetch` goes
 * straight to the platform's Fetch API handler, so the dev server needs no knowledge of its own port.
 */
const IN_PROCESS_PLATFORM_ORIGIN = 'http://platform.localhost';

export interface LocalBackendOptions extends PlatformOptions {
  /** Serve the test-only controls (`/__backend/*`). */
  testControls?: boolean;
  /** Base URL of a second platform instance on another origin, reported to tests for CORS checks. */
  crossOriginBaseUrl?: string;
}

export interface LocalBackend {
  readonly platform: Platform;
  handle(request: Request): Promise<Response | undefined>;
  /** connect / Vite middleware. */
  middleware: (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;
  /** Koa middleware, for @web/test-runner's dev server. */
  koaMiddleware: (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;
}

interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

export function createLocalBackend(options: LocalBackendOptions = {}): LocalBackend {
  const platform = createPlatform(options);
  // Models are generated on first use; generating them now, while the browser starts, keeps the first load
  // of the large model from paying one to four seconds of generation.
  void platform.warmUp();
  // Model scope (the default): each token opens only the model it was asked for, and only the models the
  // demo page shows (and, with test controls, the test models below) get one; every other model id is refused
  // with 403. The passwords are the LOCAL-ONLY
  // ones of the emulated platform; a real site reads its models' passwords from its environment or a
  // secret store, and needs no API key at all.
  const modelPasswords: Record<string, string> = {
    [MODEL_IDS.smallOffice]: SMALL_OFFICE_PASSWORD,
    [MODEL_IDS.largeCampus]: LARGE_CAMPUS_PASSWORD,
  };
  if (options.testControls) {
    // The test-only models the platform serves with test controls: five small ones, so that one page can
    // embed five distinct models, and the one whose `POST /token` waits as long as a test says, so that
    // concurrent callers overlap for certain (shared without a password: '').
    Object.assign(modelPasswords, SCOPE_MODEL_PASSWORDS, { [FAULT_MODEL_IDS.tokenLatency]: '' });
  }
  let announced = false;
  const createRouteHandler = (): TokenHandler =>
    createTokenHandler({
      modelPasswords,
      // The scope line is logged once, not once per page's handler.
      onStart: (message) => {
        if (!announced) console.info(message);
        announced = true;
      },
      baseUrl: `${IN_PROCESS_PLATFORM_ORIGIN}/rest/api/v1`,
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
        const upstream = new Request(input, init);
        // The platform counts requests per page (its `Referer`); the route's upstream request counts for the
        // page whose request made the route call upstream.
        const page = routeCaller.getStore();
        if (page) upstream.headers.set('referer', page);
        return (await platform.handle(upstream)) ?? Response.json({ error: 'Not found.' }, { status: 404 });
      },
    });

  const routeCaller = new AsyncLocalStorage<string>();
  // Per page, like the platform's counters (see platform/stats.ts).
  const tokenRouteRequests = new PerPage(() => ({ count: 0 }));
  // A real site creates its handler once, and so has one token cache. With test controls each page gets a
  // handler of its own, which the page's `POST /__backend/reset` drops: a test that counts the route's
  // upstream requests must start from an empty cache, not from whatever models an earlier test file (or an
  // earlier browser on the same test server) left in it.
  const sharedHandler = options.testControls ? undefined : createRouteHandler();
  const pageHandlers = new PerPage(createRouteHandler);

  async function handle(request: Request): Promise<Response | undefined> {
    const { pathname } = new URL(request.url);
    if (pathname === TOKEN_ROUTE) {
      const page = pageOf(request);
      tokenRouteRequests.get(page).count += 1;
      const tokenHandler = sharedHandler ?? pageHandlers.get(page);
      return routeCaller.run(page, () => tokenHandler(request));
    }
    if (options.testControls && pathname.startsWith(BACKEND_CONTROL_PREFIX)) {
      const control = pathname.slice(BACKEND_CONTROL_PREFIX.length);
      if (control === 'stats' && request.method === 'GET') {
        return Response.json(
          { tokenRouteRequests: tokenRouteRequests.get(pageOf(request)).count },
          { headers: { 'Cache-Control': 'no-store' } },
        );
      }
      if (control === 'reset' && request.method === 'POST') {
        tokenRouteRequests.delete(pageOf(request));
        pageHandlers.delete(pageOf(request));
        return Response.json({ ok: true });
      }
      if (control === 'env' && request.method === 'GET') {
        return Response.json({ crossOriginBaseUrl: options.crossOriginBaseUrl ?? null });
      }
      return Response.json({ error: 'Unknown backend control.' }, { status: 404 });
    }
    return platform.handle(request);
  }

  return {
    platform,
    handle,
    middleware: toNodeMiddleware(handle),
    async koaMiddleware(ctx, next) {
      const response = await handle(toFetchRequest(ctx.req, ctx.res));
      if (response === undefined) return next();
      ctx.respond = false;
      await writeFetchResponse(response, ctx.res);
      return undefined;
    },
  };
}

/**
 * The backend the browser tests run against: test controls on, and a second platform on another port so
 * tests can load a model cross-origin (CORS preflights, absolute part URLs on a foreign origin).
 */
export async function createTestBackend() {
  const crossOrigin = await startPlatformServer({ host: '127.0.0.1', port: 0, testControls: true });
  const backend = createLocalBackend({
    testControls: true,
    crossOriginBaseUrl: crossOrigin.baseUrl,
  });
  return {
    ...backend,
    plugin: {
      name: 'model-viewer-embed-test-backend',
      async serverStop() {
        await crossOrigin.close();
      },
    },
  };
}
