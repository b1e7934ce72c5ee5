/**
 * The password flow, server side: `POST {baseUrl}/token` with `Basic base64(modelId:password)`, the request
 * the bimU.io SDK itself sends for a model shared with a password. The answer is a token for that model
 * (a "model token"), not the account token that opens every model of the channel.
 */
import { requestAccountToken, UpstreamTokenError, type AccountToken } from './upstream.js';

export interface ModelTokenRequest {
  /** `https://viewer.bimu.io/rest/api/v1` or a local platform; no trailing slash. */
  baseUrl: string;
  modelId: string;
  /** The model's sharing password; `''` for a model shared without one (what the SDK sends then). */
  password: string;
  fetch: typeof globalThis.fetch;
  timeoutMs: number;
  now: () => number;
}

/**
 * Requests a fresh model token. Throws {@link UpstreamTokenError}, whose message names the model but never
 * the password, the token or the upstream body.
 */
export async function requestModelToken(options: ModelTokenRequest): Promise<AccountToken> {
  const { modelId, password, ...rest } = options;
  try {
    // The exchange is the account flow's (same endpoint, same answer, same timeout and size limits); only
    // the credential differs.
    return await requestAccountToken({ ...rest, authorization: passwordAuthorization(modelId, password) });
  } catch (error) {
    if (error instanceof UpstreamTokenError && error.code === 'upstream-unauthorized') {
      // The account flow's message would point at BIMU_ACCOUNT_NAME and BIMU_API_KEY, which play no part here.
      throw new UpstreamTokenError(
        'upstream-unauthorized',
        `bimU.io refused the password of model "${modelId}" (status ${error.status}): check its entry in modelPasswords.`,
        error.status,
      );
    }
    throw error;
  }
}

/**
 * `Basic base64(modelId:password)`, byte for byte what the SDK sends: it encodes with `btoa`, that is one
 * byte per character (Latin-1), so a password with `é` must be sent the same way to be accepted as it is in
 * the viewer's password dialog. A password beyond Latin-1, which `btoa` cannot encode (the SDK throws), is
 * sent as UTF-8.
 */
export function passwordAuthorization(modelId: string, password: string): string {
  const credential = `${modelId}:${password}`;
  // eslint-disable-next-line no-control-regex -- the range is the point: Latin-1 is U+0000–U+00FF.
  const latin1 = /^[\u0000-\u00ff]*$/.test(credential);
  const bytes = latin1
    ? Uint8Array.from(credential, (char) => char.charCodeAt(0))
    : new TextEncoder().encode(credential);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
