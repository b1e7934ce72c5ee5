/**
 * The one error `createTokenHandler` throws when it cannot start. Its own module so that the modules that
 * check parts of the configuration (the token scope, the model passwords) can throw it too.
 */

/** Why the token handler refused to start. */
export type TokenHandlerConfigErrorCode =
  /** The account name or API key is missing (account scope). */
  | 'missing-credentials'
  /** Model scope (the default) without `modelPasswords`. */
  | 'missing-model-passwords'
  /** Account scope without `authorize` and without `allowPublicAccountToken: true`. */
  | 'unsafe-account-scope'
  | 'invalid-option';

/** Thrown by `createTokenHandler` when it cannot start; the message never contains a credential. */
export class TokenHandlerConfigError extends Error {
  override readonly name = 'TokenHandlerConfigError';
  readonly code: TokenHandlerConfigErrorCode;

  constructor(code: TokenHandlerConfigErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** The prefix of every line the server module logs and of every error it throws. */
export const LOG_PREFIX = '[model-viewer-embed/server]';
