/**
 * Which token the endpoint hands out, and to whom.
 *
 * - `scope: 'model'` (the default): each token is minted through the password flow for the one model the
 *   caller asked for, with that model's password from `modelPasswords`, which stays on the server. A model
 *   the configuration does not name is refused (403) before anything is sent to bimU.io.
 * - `scope: 'account'`: the account token, which opens every model of the channel. Only with an `authorize`
 *   gate, or with `allowPublicAccountToken: true` saying that anyone who reaches the endpoint may have it.
 */
import { LOG_PREFIX, TokenHandlerConfigError } from './config-error.js';
import type { TokenCache } from './token-cache.js';
import type { AccountToken } from './upstream.js';

/** What a token opens: one model (`'model'`, the default) or every model of the channel (`'account'`). */
export type TokenScope = 'model' | 'account';

/**
 * Returns the password of a model that may be viewed, `''` for a model shared without a password, or
 * `undefined` for every other model (refused with 403). Called for every token request; cache inside it
 * when it reads a slow secret store. An exception thrown here propagates to your framework (500).
 */
export type ModelPasswordResolver = (modelId: string) => string | undefined | Promise<string | undefined>;

/** Model passwords: a map `{ "model-id": "password" }` or a {@link ModelPasswordResolver}. */
export type ModelPasswords = Readonly<Record<string, string>> | ModelPasswordResolver;

/** Environment variable read when `modelPasswords` is not passed: a JSON object `{"model-id": "password"}`. */
export const ENV_MODEL_PASSWORDS = 'BIMU_MODEL_PASSWORDS';

/** The options of `createTokenHandler` that decide the scope. */
export interface ScopeOptions {
  scope?: TokenScope;
  modelPasswords?: ModelPasswords;
  authorize?: unknown;
  allowPublicAccountToken?: boolean;
}

export type ResolvedScope =
  | {
      readonly kind: 'model';
      /** The model's password, or `undefined` when the configuration does not name the model. */
      readonly passwordFor: (modelId: string) => Promise<string | undefined>;
      /** The start log line. */
      readonly description: string;
    }
  | { readonly kind: 'account'; readonly description: string };

/**
 * Checks the scope options; throws {@link TokenHandlerConfigError} naming options, never their values.
 * `env` supplies `BIMU_MODEL_PASSWORDS` when the `modelPasswords` option is absent.
 */
export function resolveTokenScope(
  options: ScopeOptions,
  env: Readonly<Record<string, string | undefined>> = {},
): ResolvedScope {
  const scope = options.scope ?? 'model';
  if (scope !== 'model' && scope !== 'account') {
    throw new TokenHandlerConfigError('invalid-option', `${LOG_PREFIX} scope must be 'model' or 'account'.`);
  }
  const allowPublic = options.allowPublicAccountToken;
  if (allowPublic !== undefined && typeof allowPublic !== 'boolean') {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} allowPublicAccountToken must be true or false.`,
    );
  }

  if (scope === 'account') {
    if (options.modelPasswords !== undefined) {
      // Both at once is a configuration that does not know what it hands out.
      throw new TokenHandlerConfigError(
        'invalid-option',
        `${LOG_PREFIX} modelPasswords is only used with scope: 'model'; with scope: 'account' every token is the account token.`,
      );
    }
    if (options.authorize === undefined && allowPublic !== true) {
      throw new TokenHandlerConfigError(
        'unsafe-account-scope',
        `${LOG_PREFIX} scope: 'account' hands out the account token, which opens every model of the channel, ` +
          'and no authorize function decides who gets it. Pass authorize, or, if every model of the channel is ' +
          "public on purpose, allowPublicAccountToken: true. Better: scope: 'model' with modelPasswords.",
      );
    }
    return {
      kind: 'account',
      description:
        options.authorize === undefined
          ? `${LOG_PREFIX} Token scope: account, public (allowPublicAccountToken): anyone who reaches this endpoint gets a token that opens every model of the channel.`
          : `${LOG_PREFIX} Token scope: account: every token opens every model of the channel; authorize decides who gets one.`,
    };
  }

  if (allowPublic !== undefined) {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} allowPublicAccountToken only applies to scope: 'account'.`,
    );
  }
  const passwords = options.modelPasswords ?? passwordsFromEnv(env[ENV_MODEL_PASSWORDS]);
  if (passwords === undefined || passwords === null) {
    throw new TokenHandlerConfigError(
      'missing-model-passwords',
      `${LOG_PREFIX} Model scope (the default) needs modelPasswords: { "model-id": password } or ` +
        `(modelId) => password, or ${ENV_MODEL_PASSWORDS} as a JSON object, on the server only. Each token then ` +
        "opens only its model. (scope: 'account' with authorize hands out the account token instead, which " +
        'opens every model of the channel.)',
    );
  }
  if (typeof passwords === 'function') {
    return {
      kind: 'model',
      passwordFor: async (modelId) => {
        const password = await passwords(modelId);
        return typeof password === 'string' ? password : undefined;
      },
      description: `${LOG_PREFIX} Token scope: model: each token opens only its model, minted with the password modelPasswords returns; other models get 403.`,
    };
  }
  if (typeof passwords !== 'object') {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} modelPasswords must be an object { "model-id": password } or a function.`,
    );
  }
  // A copy: the configuration is fixed at start, and own keys only, so that `constructor` or `__proto__`
  // never resolve to something inherited.
  const table = new Map<string, string>();
  for (const [modelId, password] of Object.entries(passwords)) {
    if (typeof password !== 'string') {
      throw new TokenHandlerConfigError(
        'invalid-option',
        `${LOG_PREFIX} modelPasswords[${JSON.stringify(modelId)}] must be a string ('' for a model shared without a password).`,
      );
    }
    table.set(modelId, password);
  }
  const count = `${table.size} model${table.size === 1 ? '' : 's'}`;
  return {
    kind: 'model',
    passwordFor: (modelId) => Promise.resolve(table.get(modelId)),
    description: `${LOG_PREFIX} Token scope: model: each token opens only its model; ${count} in modelPasswords, other models get 403.`,
  };
}

/** Parses `BIMU_MODEL_PASSWORDS`; a parse error is reported without quoting the value, which holds secrets. */
function passwordsFromEnv(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TokenHandlerConfigError(
      'invalid-option',
      `${LOG_PREFIX} ${ENV_MODEL_PASSWORDS} must be a JSON object such as {"model-id": "password"}.`,
    );
  }
  return parsed as Record<string, string>;
}

/** Finds the token cache, and the key in it, that serves a model. */
export interface ScopedTokenCaches {
  /** The cache and key for `modelId`, or `undefined` when the configuration does not name the model (403). */
  cacheFor(modelId: string): Promise<{ cache: TokenCache<string>; key: string } | undefined>;
}

/** The key of the account token in its cache: one token for every model. */
const ACCOUNT_KEY = 'account';

/** Account scope: one token for every model. */
export function accountTokenCaches(cache: TokenCache<string>): ScopedTokenCaches {
  const scoped = { cache, key: ACCOUNT_KEY };
  return { cacheFor: () => Promise.resolve(scoped) };
}

export interface ModelTokenCachesOptions {
  passwordFor: (modelId: string) => Promise<string | undefined>;
  /** Makes the cache (single flight, refresh margin, back-off per key) around a token fetch by key. */
  createCache: (fetchToken: (modelId: string) => Promise<AccountToken>) => TokenCache<string>;
  /** The password-flow request for one model. */
  requestToken: (modelId: string, password: string) => Promise<AccountToken>;
}

/**
 * Model scope: one cache keyed by model id, so each model has its own token, its own expiry, its own single
 * flight and its own back-off. Only models the configuration names get an entry, which bounds their number.
 */
export function modelTokenCaches(options: ModelTokenCachesOptions): ScopedTokenCaches {
  // The password the latest request for the model resolved: a resolver that rotates a password is honoured
  // by the next upstream request, without a second lookup per request.
  const passwords = new Map<string, string>();
  const cache = options.createCache((modelId) => options.requestToken(modelId, passwords.get(modelId)!));
  return {
    async cacheFor(modelId) {
      const password = await options.passwordFor(modelId);
      if (password === undefined) return undefined;
      passwords.set(modelId, password);
      return { cache, key: modelId };
    },
  };
}
