/**
 * The rules of the bimU.io API that the element, `model-viewer-embed/server` and the local platform share, kept
 * in one place so that they cannot disagree: the public REST API base, and the one rule for identifiers.
 *
 * Ids (model ids and the `channelId` claim of a token) have one rule so an id accepted by one of the three is
 * never refused by another. The SDK builds its request paths as
 * `${baseUrl}/channels/${channelId}/models/${modelId}/blob` without encoding either id. A `/`, `?`, `#`, `%`
 * or whitespace would change the URL's meaning, and `.` or `..` as a whole segment is removed by the browser's
 * path normalisation (`/channels/../models/…` becomes `/models/…`), sending the Bearer token to a path outside
 * `/channels/`. So an id may only use the characters that need no encoding in a path segment, and may not be a
 * dot segment.
 *
 * Pure module: no DOM, no Node APIs, no Lit.
 */

/** The public bimU.io REST API, which the SDK also uses when given no `baseUrl`. */
export const DEFAULT_BASE_URL = 'https://viewer.bimu.io/rest/api/v1';

/** The longest id accepted, in characters. */
export const MAX_ID_LENGTH = 128;

const ID_CHARACTERS = /^[A-Za-z0-9._~-]+$/;

/** The rule in words, for error messages. */
export const ID_RULE = `1 to ${MAX_ID_LENGTH} characters from A–Z, a–z, 0–9, ".", "_", "~" and "-", other than "." and ".."`;

/** True for a model id or channel id that can go into a URL path unencoded. */
export function isValidId(id: unknown): id is string {
  return (
    typeof id === 'string' &&
    id.length >= 1 &&
    id.length <= MAX_ID_LENGTH &&
    ID_CHARACTERS.test(id) &&
    id !== '.' &&
    id !== '..'
  );
}
