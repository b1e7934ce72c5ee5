/**
 * The test-only control surface, `/__platform/**`, mounted only when the platform runs with `testControls`.
 *
 * - `POST /__platform/token` `{ modelId?, expiresIn?, channelId? }` → `{ token }`: mints a token with any
 *   lifetime, including an already expired one (negative `expiresIn`), without credentials.
 * - `GET /__platform/stats` → the calling page's request counters per endpoint and its last 100 `/token` Basic
 *   usernames (counters are kept per page, by `Referer`: see stats.ts).
 * - `POST /__platform/reset` → zeroes the calling page's counters, clears the wrong-password limiter, restores
 *   fault settings, forgets revoked tokens.
 * - `POST /__platform/revoke` `{ token }` → the platform answers 401 to that token from now on, as a service does
 *   to a token it revoked (or signed with a key it rotated): for tests of what a client does after a 401.
 * - `GET|POST /__platform/faults` `{ latencyMs?, tokenLifetimeSeconds? }` → the fault settings (after the change);
 *   `tokenLifetimeSeconds` (or `null` for the platform's own) is the lifetime of the tokens `POST /token` issues.
 *
 * Anyone who can reach these can mint tokens: they must never be on in anything but tests and local demos.
 */
import { DEMO_ACCOUNT_NAME, DEMO_CHANNEL_ID } from './catalog.js';
import { pageOf } from './stats.js';
import type { PlatformContext } from './context.js';
import { defaultFaultSettings, MAX_FAULT_LATENCY_MS } from './faults.js';
import { HttpError, json, jsonError, methodNotAllowed, preflight, readJsonObject } from './http.js';
import { ID_RULE, isValidId } from '../../src/internal/bimu-rules.js';

export const CONTROLS_PREFIX = '/__platform';
export const CONTROL_PATHS = {
  token: '/__platform/token',
  stats: '/__platform/stats',
  reset: '/__platform/reset',
  faults: '/__platform/faults',
  revoke: '/__platform/revoke',
} as const;

const CONTROL_BODY_LIMIT = 16 * 1024;
/** Ten years either way is plenty for "expired" and "long-lived" tests and keeps `exp` a sane number. */
const MAX_EXPIRES_IN = 10 * 365 * 24 * 3600;
/** Revoked tokens kept; the oldest is forgotten past this, so the set's memory stays bounded. */
export const MAX_REVOKED_TOKENS = 1000;

export async function handleControls(ctx: PlatformContext, request: Request, url: URL): Promise<Response> {
  const method = request.method.toUpperCase();
  const route = url.pathname;
  const allowed: Record<string, readonly string[]> = {
    [CONTROL_PATHS.token]: ['POST'],
    [CONTROL_PATHS.stats]: ['GET'],
    [CONTROL_PATHS.reset]: ['POST'],
    [CONTROL_PATHS.faults]: ['GET', 'POST'],
    [CONTROL_PATHS.revoke]: ['POST'],
  };
  const methods = allowed[route];
  if (!methods) return jsonError(404, 'Unknown control endpoint.');
  if (method === 'OPTIONS') return preflight();
  if (!methods.includes(method)) return methodNotAllowed([...methods, 'OPTIONS']);

  try {
    switch (route) {
      case CONTROL_PATHS.token:
        return await mintToken(ctx, request);
      case CONTROL_PATHS.stats:
        return json(ctx.stats.snapshot(pageOf(request)));
      case CONTROL_PATHS.reset:
        ctx.stats.reset(pageOf(request));
        ctx.limiter.reset();
        Object.assign(ctx.faults, defaultFaultSettings());
        ctx.revokedTokens.clear();
        return json({ ok: true });
      case CONTROL_PATHS.revoke:
        return await revoke(ctx, request);
      default:
        return await faults(ctx, request, method);
    }
  } catch (error) {
    if (error instanceof HttpError) return jsonError(error.status, error.message, error.headers);
    throw error;
  }
}

async function mintToken(ctx: PlatformContext, request: Request): Promise<Response> {
  const body = await readJsonObject(request, CONTROL_BODY_LIMIT);
  const { modelId, expiresIn, channelId } = body;
  if (modelId !== undefined && !isValidId(modelId)) {
    throw new HttpError(400, `modelId must be ${ID_RULE}.`);
  }
  if (channelId !== undefined && !isValidId(channelId)) {
    throw new HttpError(400, `channelId must be ${ID_RULE}.`);
  }
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || Math.abs(expiresIn) > MAX_EXPIRES_IN)
  ) {
    throw new HttpError(400, 'expiresIn must be a number of seconds (negative for an expired token).');
  }
  // Unknown model ids are allowed on purpose: tests use them to reach the blob endpoint's 404 with a model token.
  const token = await ctx.tokens.issue({
    channelId: channelId ?? DEMO_CHANNEL_ID,
    sub: modelId ?? DEMO_ACCOUNT_NAME,
    ...(modelId === undefined ? {} : { modelId }),
    expiresIn: expiresIn ?? ctx.tokenLifetimeSeconds,
  });
  return json({ token });
}

async function revoke(ctx: PlatformContext, request: Request): Promise<Response> {
  const { token } = await readJsonObject(request, CONTROL_BODY_LIMIT);
  if (typeof token !== 'string' || token === '')
    throw new HttpError(400, 'token must be a non-empty string.');
  ctx.revokedTokens.add(token);
  if (ctx.revokedTokens.size > MAX_REVOKED_TOKENS) {
    ctx.revokedTokens.delete(ctx.revokedTokens.values().next().value!);
  }
  return json({ ok: true });
}

async function faults(ctx: PlatformContext, request: Request, method: string): Promise<Response> {
  if (method === 'POST') {
    const { latencyMs, tokenLifetimeSeconds } = await readJsonObject(request, CONTROL_BODY_LIMIT);
    if (
      latencyMs !== undefined &&
      (typeof latencyMs !== 'number' ||
        !Number.isFinite(latencyMs) ||
        latencyMs < 0 ||
        latencyMs > MAX_FAULT_LATENCY_MS)
    ) {
      throw new HttpError(400, `latencyMs must be a number from 0 to ${MAX_FAULT_LATENCY_MS}.`);
    }
    if (
      tokenLifetimeSeconds !== undefined &&
      tokenLifetimeSeconds !== null &&
      (typeof tokenLifetimeSeconds !== 'number' ||
        !Number.isFinite(tokenLifetimeSeconds) ||
        tokenLifetimeSeconds < 1 ||
        tokenLifetimeSeconds > MAX_EXPIRES_IN)
    ) {
      throw new HttpError(400, `tokenLifetimeSeconds must be null or a number from 1 to ${MAX_EXPIRES_IN}.`);
    }
    // Both checked before either is applied: a refused request changes nothing.
    if (latencyMs !== undefined) ctx.faults.latencyMs = latencyMs;
    if (tokenLifetimeSeconds !== undefined) ctx.faults.tokenLifetimeSeconds = tokenLifetimeSeconds;
  }
  return json({ ...ctx.faults });
}
