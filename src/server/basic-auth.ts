/**
 * HTTP Basic credentials, built correctly.
 *
 * The vendor's Node.js example builds `` `${accountName}':'${apiKey}` `` — quotes included — which the
 * service rejects; the credential is `accountName:apiKey`. `btoa` alone also throws on any character
 * outside Latin-1, so the pair is encoded as UTF-8 first (RFC 7617 `charset="UTF-8"`).
 */

/** Returns the `Authorization` header value `Basic base64(utf8(user + ':' + password))`. */
export function basicAuthorization(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}
