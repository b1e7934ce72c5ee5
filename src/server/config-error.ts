/**
 * The one error `createTokenHandler` throws when it cannot start. Its own module so that the modules that
 * check parts of the configuration (the token scope, the model passwords) can throw it too.
 */
import { CodedError } from '../internal/coded-error.js';

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
export class TokenHandlerConfigError extends CodedError<TokenHandlerConfigErrorCode> {
  override readonly name = 'TokenHandlerConfigError';

  constructor(code: TokenHandlerConfigErrorCode, message: string) {
    super(code, message);
  }
}

/** The prefix of every line the server module logs and of every error it throws. */
export const LOG_PREFIX = '[model-viewer-embed/server]';
