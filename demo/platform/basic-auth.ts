/**
 * HTTP Basic and Bearer `Authorization` parsing, and constant-time secret comparison.
 */
import { Buffer } from 'node:buffer';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Longest `Authorization` value accepted; real credentials are far shorter. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

export interface BasicCredentials {
  /** Decoded as Latin-1, as the SDK encodes it with `btoa`. */
  readonly username: string;
  /** Raw bytes: compared as bytes, never turned into a string that could end up in a log. */
  readonly password: Uint8Array;
}

export type ParsedAuthorization<T> =
  { readonly kind: 'missing' } | { readonly kind: 'malformed' } | { readonly kind: 'ok'; readonly value: T };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Parses `Authorization: Basic base64(user:password)`. The credentials are split at the *first* colon, as the
 * SDK builds them with `btoa(modelId + ":" + password)`, so a password may itself contain colons.
 */
export function parseBasic(header: string | null): ParsedAuthorization<BasicCredentials> {
  if (header === null || header.trim() === '') return { kind: 'missing' };
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'malformed' };
  const match = /^Basic +(\S+) *$/i.exec(header);
  if (!match || !BASE64.test(match[1]!) || match[1]!.length % 4 !== 0) return { kind: 'malformed' };
  const decoded = Buffer.from(match[1]!, 'base64');
  const colon = decoded.indexOf(0x3a);
  if (colon < 0) return { kind: 'malformed' };
  return {
    kind: 'ok',
    value: {
      username: decoded.subarray(0, colon).toString('latin1'),
      password: new Uint8Array(decoded.subarray(colon + 1)),
    },
  };
}

/** Parses `Authorization: Bearer <token>`; the token is returned unverified. */
export function parseBearer(header: string | null): ParsedAuthorization<string> {
  if (header === null || header.trim() === '') return { kind: 'missing' };
  if (header.length > MAX_AUTHORIZATION_LENGTH) return { kind: 'malformed' };
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match || !TOKEN68.test(match[1]!)) return { kind: 'malformed' };
  return { kind: 'ok', value: match[1]! };
}

/**
 * Compares two secrets in time independent of where they differ and of their lengths: both are hashed first,
 * because `timingSafeEqual` needs equal lengths and comparing lengths directly would leak the secret's length.
 */
export function secretsEqual(given: Uint8Array | string, expected: Uint8Array | string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
