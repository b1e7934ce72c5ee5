/**
 * Checks, against a real bimU.io service, what the token endpoint's model scope relies on: that a token
 * obtained through the password flow for one model does NOT open another model of the same channel.
 *
 * The local platform scopes model tokens that way (403 on every other model); whether the real service
 * does is not documented. This asks it: mint a model token for `modelId`, open `modelId` with it (which must
 * work, or nothing is proven), then try `otherModelId`. Nothing secret is ever part of the result.
 */
import { decodeJwtPayload } from '../internal/jwt.js';
import { basicAuthorization } from './basic-auth.js';
import { requestModelToken } from './model-token.js';
import { requestAccountToken, UpstreamTokenError } from './upstream.js';

export interface ScopeCheckOptions {
  /** The REST API root, no trailing slash. */
  baseUrl: string;
  /** A model shared with a password (or without one: `password: ''`). */
  modelId: string;
  password: string;
  /** Another model of the same channel; best one that is not shared at all. */
  otherModelId: string;
  /** Optional: with them the check first proves, with the account token, that `otherModelId` exists. */
  account?: { accountName: string; apiKey: string };
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/**
 * - `model-scoped`: the model token opens its model and is refused (401/403) on the other one;
 * - `not-scoped`: the model token opens the other model too: do not rely on model scope as a boundary;
 * - `inconclusive`: something else happened (the token does not open its own model, the other model does
 *   not exist, an unexpected status); `reason` says what.
 */
export type ScopeVerdict = 'model-scoped' | 'not-scoped' | 'inconclusive';

export interface ScopeCheckResult {
  verdict: ScopeVerdict;
  /** One line per step, for people; never a password or a token. */
  steps: string[];
  reason: string;
}

/** Runs the check. Throws only on programming errors; upstream failures end as `inconclusive`. */
export async function checkModelTokenScope(options: ScopeCheckOptions): Promise<ScopeCheckResult> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const upstream: typeof globalThis.fetch = (input, init) => fetchImpl(input, init);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const steps: string[] = [];
  const inconclusive = (reason: string): ScopeCheckResult => ({ verdict: 'inconclusive', steps, reason });

  let modelToken: string;
  try {
    modelToken = (
      await requestModelToken({
        baseUrl: options.baseUrl,
        modelId: options.modelId,
        password: options.password,
        fetch: upstream,
        timeoutMs,
        now: Date.now,
      })
    ).token;
  } catch (error) {
    const message =
      error instanceof UpstreamTokenError && error.code === 'upstream-unauthorized'
        ? `bimU.io refused the password (status ${error.status}).`
        : error instanceof UpstreamTokenError
          ? error.message
          : 'The token request failed.';
    return inconclusive(`No model token for "${options.modelId}": ${message}`);
  }
  steps.push(`POST /token with Basic ${options.modelId}:<password> → a token`);
  const channelId = decodeJwtPayload(modelToken)?.channelId;
  if (typeof channelId !== 'string' || channelId === '') {
    return inconclusive('The model token carries no channelId claim, so no model URL can be built.');
  }

  const blob = async (token: string, modelId: string): Promise<number | string> => {
    const url = `${options.baseUrl}/channels/${encodeURIComponent(channelId)}/models/${encodeURIComponent(modelId)}/blob`;
    try {
      const response = await upstream(url, {
        headers: { Authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      return response.status;
    } catch {
      return 'network error';
    }
  };

  if (options.account) {
    let accountToken: string;
    try {
      accountToken = (
        await requestAccountToken({
          baseUrl: options.baseUrl,
          authorization: basicAuthorization(options.account.accountName, options.account.apiKey),
          fetch: upstream,
          timeoutMs,
          now: Date.now,
        })
      ).token;
    } catch (error) {
      const message = error instanceof UpstreamTokenError ? error.message : 'The token request failed.';
      return inconclusive(`No account token: ${message}`);
    }
    const status = await blob(accountToken, options.otherModelId);
    steps.push(`account token on "${options.otherModelId}" → ${status}`);
    if (status !== 200) {
      return inconclusive(
        `The account token does not open "${options.otherModelId}" (${status}): pick a model of channel "${channelId}".`,
      );
    }
  }

  const own = await blob(modelToken, options.modelId);
  steps.push(`model token of "${options.modelId}" on "${options.modelId}" → ${own}`);
  if (own !== 200) {
    return inconclusive(`The model token does not even open its own model (${own}).`);
  }
  const other = await blob(modelToken, options.otherModelId);
  steps.push(`model token of "${options.modelId}" on "${options.otherModelId}" → ${other}`);
  if (other === 200) {
    return {
      verdict: 'not-scoped',
      steps,
      reason:
        `The token minted for "${options.modelId}" opens "${options.otherModelId}" too: on this service a ` +
        "password-flow token is not limited to its model. Do not rely on scope: 'model' as a boundary here.",
    };
  }
  if (other === 401 || other === 403) {
    return {
      verdict: 'model-scoped',
      steps,
      reason: `The token minted for "${options.modelId}" is refused on "${options.otherModelId}" (${other}): model tokens are scoped to their model.`,
    };
  }
  if (other === 404) {
    return inconclusive(
      `"${options.otherModelId}" was not found (404) in channel "${channelId}": pick an existing model (or set BIMU_ACCOUNT_NAME and BIMU_API_KEY to have that checked first).`,
    );
  }
  return inconclusive(`Unexpected answer on "${options.otherModelId}": ${other}.`);
}
