/**
 * Pre-signed, expiring part URLs.
 *
 * The SDK downloads parts with plain XHRs that carry no `Authorization` header, so, like the cloud storage URLs
 * the real service hands out, each URL carries its own proof: an HMAC of model, part index and expiry.
 */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PARTS_PATH = '/rest/api/v1/parts';

/** How long a part URL stays valid, seconds. The SDK fetches parts right after the blob metadata. */
export const PART_URL_LIFETIME_SECONDS = 15 * 60;

export class PartUrlSigner {
  constructor(private readonly key: Uint8Array) {}

  /** Absolute URL of part `index` of `modelId`, on `origin` (the origin the request came in on). */
  sign(origin: string, modelId: string, index: number, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + PART_URL_LIFETIME_SECONDS;
    const sig = this.signature(modelId, index, expires);
    return `${origin}${PARTS_PATH}/${encodeURIComponent(modelId)}/${index}?expires=${expires}&sig=${sig}`;
  }

  /** Whether `sig` and `expires` (query parameters, untrusted) authorise part `index` of `modelId` now. */
  verify(
    modelId: string,
    index: number,
    expires: string | null,
    sig: string | null,
    now = Date.now(),
  ): boolean {
    if (expires === null || sig === null || !/^\d{1,12}$/.test(expires) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) {
      return false;
    }
    const expected = Buffer.from(this.signature(modelId, index, Number(expires)));
    const given = Buffer.from(sig);
    if (!timingSafeEqual(expected, given)) return false;
    return Number(expires) * 1000 > now;
  }

  private signature(modelId: string, index: number, expires: number): string {
    return createHmac('sha256', this.key)
      .update(`part\n${modelId}\n${index}\n${expires}`)
      .digest('base64url');
  }
}
