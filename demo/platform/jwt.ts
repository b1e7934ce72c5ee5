/**
 * The platform's access tokens: HS256 JWTs signed and verified with `jose`.
 *
 * The SDK reads only the `channelId` claim, client-side and unverified, to build `/channels/{channelId}/…`
 * URLs; everything else is for the platform itself: `sub` (who the token was issued to), `iat`/`exp`, and for
 * model tokens `modelId`, the one model the token opens.
 */
// jose is imported on first use: its module graph is the largest part of the platform's start-up time, and a
// dev server that never issues a token should not pay for it.
let josePromise: Promise<typeof import('jose')> | undefined;
const jose = () => (josePromise ??= import('jose'));

export const TOKEN_ISSUER = 'bimu-local-platform';

export interface TokenClaims {
  readonly channelId: string;
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  /** Present on model tokens only. */
  readonly modelId?: string;
}

export interface IssueOptions {
  readonly channelId: string;
  readonly sub: string;
  readonly modelId?: string;
  /** Seconds from now; negative issues an already expired token (test controls only). */
  readonly expiresIn: number;
}

export type VerifyResult =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: Uint8Array) {
    this.key = secret;
  }

  async issue(options: IssueOptions): Promise<string> {
    const { SignJWT } = await jose();
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, string> = { channelId: options.channelId };
    if (options.modelId !== undefined) payload.modelId = options.modelId;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(options.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + Math.trunc(options.expiresIn))
      .sign(this.key);
  }

  /** Verifies signature, algorithm, issuer and expiry, then the claims' shapes. */
  async verify(token: string): Promise<VerifyResult> {
    const { errors, jwtVerify } = await jose();
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: TOKEN_ISSUER });
      const { channelId, sub, iat, exp, modelId } = payload as Record<string, unknown>;
      if (
        typeof channelId !== 'string' ||
        typeof sub !== 'string' ||
        typeof iat !== 'number' ||
        typeof exp !== 'number' ||
        (modelId !== undefined && typeof modelId !== 'string')
      ) {
        return { ok: false, reason: 'invalid' };
      }
      return {
        ok: true,
        claims: { channelId, sub, iat, exp, ...(modelId === undefined ? {} : { modelId }) },
      };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
