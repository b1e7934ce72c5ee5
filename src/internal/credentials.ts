/**
 * Which credential the element uses, and whether a token is usable before the SDK sees it.
 *
 * Exactly one source must be set: `access-token`, `token-url`, `tokenProvider` or `password-mode`. The SDK
 * itself silently prefers a password over a token when both reach it; the element refuses ambiguity instead,
 * with one `invalid-config` naming the settings in conflict.
 *
 * The SDK decodes the token's payload client-side for its `channelId` claim and throws synchronously on
 * anything that is not a JWT; it never checks `exp`, so an expired token costs a round trip and yields an
 * unhelpful 401. Both are checked here first.
 */
import { decodeJwtPayload, expiryClaim, isExpired } from './jwt.js';
import { ModelErrorCode, LoadError } from './errors.js';
import { ID_RULE, isValidId } from './bimu-rules.js';

import type { TokenProvider } from './token-source.js';

export type { TokenProvider };

export type CredentialSource =
  | { kind: 'access-token'; token: string }
  | { kind: 'token-url'; tokenUrl: string }
  | { kind: 'token-provider'; provider: TokenProvider }
  | { kind: 'password'; password: string | null };

export interface CredentialInputs {
  accessToken: string | null | undefined;
  tokenUrl: string | null | undefined;
  tokenProvider: TokenProvider | null | undefined;
  passwordMode: boolean;
  password: string | null | undefined;
}

const present = (value: string | null | undefined): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** Returns the single credential source, or throws a `LoadError('invalid-config')` explaining the conflict. */
export function resolveCredentialSource(inputs: CredentialInputs): CredentialSource {
  const set: string[] = [];
  if (present(inputs.accessToken)) set.push('access-token');
  if (present(inputs.tokenUrl)) set.push('token-url');
  if (inputs.tokenProvider !== null && inputs.tokenProvider !== undefined) {
    if (typeof inputs.tokenProvider !== 'function') {
      throw new LoadError(
        ModelErrorCode.InvalidConfig,
        'tokenProvider must be a function (modelId, { signal }) => Promise<token>.',
      );
    }
    set.push('tokenProvider');
  }
  if (inputs.passwordMode) set.push('password-mode');
  if (set.length > 1) {
    throw new LoadError(
      ModelErrorCode.InvalidConfig,
      `Use exactly one way to authenticate; this element has ${set.join(' and ')}. Remove all but one.`,
    );
  }
  if (inputs.password !== null && inputs.password !== undefined && !inputs.passwordMode) {
    throw new LoadError(
      ModelErrorCode.InvalidConfig,
      'The password property only applies in password mode: add the password-mode attribute, or remove the password.',
    );
  }
  if (present(inputs.accessToken)) return { kind: 'access-token', token: inputs.accessToken.trim() };
  if (present(inputs.tokenUrl)) return { kind: 'token-url', tokenUrl: inputs.tokenUrl.trim() };
  if (inputs.tokenProvider) return { kind: 'token-provider', provider: inputs.tokenProvider };
  if (inputs.passwordMode) {
    const password = inputs.password ?? null;
    if (password !== null && !isLatin1(password)) {
      throw new LoadError(
        ModelErrorCode.InvalidConfig,
        'The password contains characters outside Latin-1, which the bimU.io SDK cannot send.',
      );
    }
    if (password !== null && !isSendablePassword(password)) {
      throw new LoadError(
        ModelErrorCode.InvalidConfig,
        `The password is longer than ${MAX_PASSWORD_LENGTH} characters, which the element does not send to bimU.io.`,
      );
    }
    return { kind: 'password', password };
  }
  throw new LoadError(
    ModelErrorCode.InvalidConfig,
    'No credentials: set token-url (recommended: a server endpoint that trades your API key for a token), ' +
      'access-token, the tokenProvider property, or password-mode.',
  );
}

/**
 * The longest password the element sends. The SDK sends it base64-encoded in an `Authorization` header, which
 * grows it by a third; servers refuse request headers beyond 8 to 16 kB (HTTP 431 or 400), which would
 * surface as an unexplained failure. No real password is this long.
 */
export const MAX_PASSWORD_LENGTH = 1024;

/** True when the SDK can send `password`: Latin-1 (see {@link isLatin1}) and at most MAX_PASSWORD_LENGTH long. */
export function isSendablePassword(password: string): boolean {
  return password.length <= MAX_PASSWORD_LENGTH && isLatin1(password);
}

/**
 * The SDK sends passwords with `btoa(modelId + ':' + password)`, which throws beyond U+00FF.
 *
 * A loop, not a regular expression: a successful match records its subject in the page-global `RegExp.input`
 * (`RegExp.$_`), where any script could read the password until the next match anywhere on the page.
 */
export function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** The `invalid-config` error for credential-like attributes. */
export function forbiddenAttributeError(names: readonly string[]): LoadError {
  const list = names.join(', ');
  if (names.length === 1 && names[0]?.toLowerCase() === 'password') {
    return new LoadError(
      ModelErrorCode.InvalidConfig,
      'A password must never be an attribute (it would be visible in the page). Use password-mode and let the ' +
        'viewer ask, or set the password property from script.',
    );
  }
  return new LoadError(
    ModelErrorCode.InvalidConfig,
    `The ${list} attribute would expose a bimU.io account credential to every visitor, so it is ignored. Keep ` +
      'the API key on your server, trade it for a token there (model-viewer-embed/server), and point token-url at ' +
      'that endpoint.',
  );
}

/** Model ids go into the SDK's request paths unencoded: see `bimu-rules.ts` for the rule. */
export function validateModelId(modelId: string): void {
  if (!isValidId(modelId)) {
    throw new LoadError(
      ModelErrorCode.InvalidConfig,
      `model-id must be ${ID_RULE} (the bimU.io SDK puts it into URLs unencoded).`,
    );
  }
}

/** The error for a token whose `channelId` claim breaks the id rule (`code` by origin); never shows the claim. */
export function channelIdError(what: string, code: ModelErrorCode): LoadError {
  return new LoadError(
    code,
    `${what} has no usable channelId claim: bimU.io needs one to find the model, and the SDK puts it into URLs ` +
      `unencoded, so it must be ${ID_RULE}.`,
  );
}

/**
 * Makes `config` (the object handed to the SDK's `loadModel`) refuse a `channelId` that breaks the id rule.
 *
 * The SDK decodes the channel id from the token and stores it on the model config it was given
 * (`config.channelId = parseJwt(token).channelId`) right before building `/channels/{channelId}/…` from it. In
 * password mode the SDK requests that token itself, so the element never sees it before the SDK uses it;
 * making the assignment throw stops the SDK before its first Bearer request, and the SDK hands the error to
 * `onError`. Tokens from the element's own sources are checked earlier, by {@link checkToken}; this also
 * covers them.
 */
export function guardChannelId<T extends { channelId?: string }>(config: T): T {
  let channelId: string | undefined;
  Object.defineProperty(config, 'channelId', {
    configurable: true,
    enumerable: true,
    get: () => channelId,
    set: (value: unknown) => {
      if (!isValidId(value)) {
        throw channelIdError('The token bimU.io issued (from base-url)', ModelErrorCode.InvalidConfig);
      }
      channelId = value;
    },
  });
  return config;
}

export interface CheckedToken {
  token: string;
  channelId: string;
  /** Milliseconds since the epoch, from `exp`, when present. */
  expiresAt: number | undefined;
}

/**
 * Checks a token the way the SDK will use it: the page's own `access-token` (`origin` 'attribute'; a malformed
 * one is `invalid-config`). An expired token is `token-expired`. Messages never include the token.
 */
export function checkToken(token: unknown, origin: 'attribute' | 'endpoint', now = Date.now()): CheckedToken {
  const claims = decodeJwtPayload(token);
  if (typeof token !== 'string' || !claims) {
    throw new LoadError(
      badTokenCode(origin),
      `${tokenLabel(origin)} is not a bimU.io token (a JWT with a channelId claim).`,
    );
  }
  const checked = checkClaims(token, claims, expiryClaim(claims), origin);
  if (isExpired(checked.expiresAt, now)) {
    throw new LoadError(
      ModelErrorCode.TokenExpired,
      `${tokenLabel(origin)} expired at ${new Date(checked.expiresAt!).toISOString()}. Get a fresh token (tokens live ` +
        'two hours), or use token-url so the element refreshes it.',
    );
  }
  return checked;
}

/**
 * Checks the claims of a token already decoded (by the token source, which also decided its expiry: from
 * the endpoint's `expiresIn` or the provider's `expiresAt` when given, since those do not depend on the
 * visitor's clock). A `channelId` that breaks the id rule is refused with the code `origin` selects: the page's
 * `access-token` is `invalid-config`, one from `token-url`/`tokenProvider` `token-endpoint-failed`.
 */
export function checkClaims(
  token: string,
  claims: Record<string, unknown>,
  expiresAt: number | undefined,
  origin: 'attribute' | 'endpoint',
): CheckedToken {
  const channelId = claims['channelId'];
  if (!isValidId(channelId)) throw channelIdError(tokenLabel(origin), badTokenCode(origin));
  return { token, channelId, expiresAt };
}

function badTokenCode(origin: 'attribute' | 'endpoint'): ModelErrorCode {
  return origin === 'attribute' ? ModelErrorCode.InvalidConfig : ModelErrorCode.TokenEndpointFailed;
}

function tokenLabel(origin: 'attribute' | 'endpoint'): string {
  return origin === 'attribute' ? 'access-token' : 'The token from token-url/tokenProvider';
}
