/**
 * `model-viewer-embed/server`: the token endpoint that keeps the bimU.io API key on the server.
 *
 * No runtime dependencies and no `node:` imports: it runs on Node 18+, Deno, Bun, Cloudflare Workers and
 * Next.js route handlers. The Node adapter (`handler.node`, `toNodeMiddleware`) only uses the request and
 * response objects Node hands it.
 */
export {
  createTokenHandler,
  isValidModelId,
  TokenHandlerConfigError,
  ENV_ACCOUNT_NAME,
  ENV_API_KEY,
  ENV_BASE_URL,
} from './token-handler.js';
export type {
  AuthorizeContext,
  AuthorizeFunction,
  TokenHandler,
  TokenHandlerErrorCode,
  TokenHandlerOptions,
} from './token-handler.js';
export { DEFAULT_BASE_URL } from '../internal/bimu-rules.js';
export type { TokenHandlerConfigErrorCode } from './config-error.js';
export { ENV_MODEL_PASSWORDS } from './model-scope.js';
export type { ModelPasswordResolver, ModelPasswords, TokenScope } from './model-scope.js';
export { UpstreamTokenError } from './upstream.js';
export type { UpstreamTokenErrorCode } from './upstream.js';
export { toNodeMiddleware, toFetchRequest, writeFetchResponse } from './node-adapter.js';
export type { FetchHandler, NodeAdapterOptions, NodeMiddleware } from './node-adapter.js';
