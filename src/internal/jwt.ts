/**
 * JWT helpers that decode but never verify.
 *
 * bimU.io tokens are JWTs whose payload the SDK itself reads client-side (only the `channelId` claim, and
 * never `exp`). Neither the browser nor our token endpoint holds the key that signed them, so nothing here
 * can check a signature: these helpers only read claims to decide *when* a token should be replaced. A
 * forged `exp` can at worst make us refresh too early or too late; the platform still enforces validity.
 *
 * Pure module: no DOM, no Node APIs beyond the Web platform's `atob` and `TextDecoder`, so both the
 * browser element and `model-viewer-embed/server` (Node, Deno, Bun, Workers) can use it.
 */

/** Three dot-separated base64url segments; the signature may be empty (unsigned tokens). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Decodes one base64url segment to bytes, or `null` when it is not valid base64url.
 *
 * `atob` only knows the standard alphabet with padding, so the URL-safe characters are mapped back and the
 * padding restored first.
 */
export function base64UrlDecode(segment: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return null;
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes a base64url segment holding UTF-8 JSON; `null` unless it is a JSON object. */
function decodeJsonObjectSegment(segment: string): Record<string, unknown> | null {
  const bytes = base64UrlDecode(segment);
  if (!bytes) return null;
  try {
    // `fatal` makes malformed UTF-8 an error instead of silently becoming U+FFFD.
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Returns the decoded payload (claims) of a JWT, or `null` when `token` is not a JWT whose header and
 * payload are base64url-encoded JSON objects. The signature is not checked.
 */
export function decodeJwtPayload(token: unknown): Record<string, unknown> | null {
  if (typeof token !== 'string' || !JWT_SHAPE.test(token)) return null;
  const [header, payload] = token.split('.') as [string, string, string];
  if (!decodeJsonObjectSegment(header)) return null;
  return decodeJsonObjectSegment(payload);
}

/**
 * True when `token` looks like a JWT: three base64url segments whose header and payload decode to JSON
 * objects. This is the check the bimU.io SDK needs to pass, since it decodes the payload itself and
 * throws on anything else.
 */
export function isJwtShaped(token: unknown): token is string {
  return decodeJwtPayload(token) !== null;
}

/**
 * The token's expiry in milliseconds since the epoch, from its `exp` claim (seconds, RFC 7519), or
 * `undefined` when the token is not a JWT or has no usable numeric `exp`.
 */
export function jwtExpiry(token: unknown): number | undefined {
  return expiryClaim(decodeJwtPayload(token));
}

/** The expiry (ms epoch) in decoded claims: `exp` when it is a positive finite number of seconds. */
export function expiryClaim(claims: Record<string, unknown> | null): number | undefined {
  const exp = claims?.['exp'];
  return typeof exp === 'number' && Number.isFinite(exp) && exp > 0 ? exp * 1000 : undefined;
}

/**
 * True when a token expiring at `expiresAt` (ms epoch) should no longer be used at time `now`, keeping
 * `marginMs` in reserve so that a load starting now does not meet the expiry half-way. An unknown expiry
 * (`undefined`) is never considered expired: the caller decides how long to trust such a token.
 */
export function isExpired(expiresAt: number | undefined, now: number = Date.now(), marginMs = 0): boolean {
  return expiresAt !== undefined && now >= expiresAt - marginMs;
}
