/**
 * Unsigned JWTs for tests. The element (like the SDK) only decodes the payload, never the signature, so a
 * well-formed token with the right claims is all a test needs.
 */

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export interface TestClaims {
  channelId?: string | undefined;
  /** Seconds since the epoch. */
  exp?: number | undefined;
  [claim: string]: unknown;
}

/** A JWT with the given claims; by default a `channelId` and an expiry one hour ahead. */
export function makeToken(claims: TestClaims = {}): string {
  const payload: Record<string, unknown> = {
    channelId: 'test-channel',
    exp: Math.floor(Date.now() / 1000) + 3600,
    ...claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return `${base64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64Url(JSON.stringify(payload))}.c2lnbmF0dXJl`;
}

/** A token whose `exp` passed `secondsAgo` seconds ago. */
export function expiredToken(secondsAgo = 60): string {
  return makeToken({ exp: Math.floor(Date.now() / 1000) - secondsAgo });
}
