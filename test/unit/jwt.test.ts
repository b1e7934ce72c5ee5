import { expect } from '@open-wc/testing';
import {
  base64UrlDecode,
  decodeJwtPayload,
  isExpired,
  isJwtShaped,
  jwtExpiry,
} from '../../src/internal/jwt.js';
import { makeToken } from '../helpers/tokens.js';

describe('jwt', () => {
  it('decodes the payload of a JWT, UTF-8 included, without checking the signature', () => {
    const token = makeToken({ channelId: 'ch-1', exp: 2_000_000_000, name: 'Zoë 東京' });
    expect(decodeJwtPayload(token)).to.deep.equal({
      channelId: 'ch-1',
      exp: 2_000_000_000,
      name: 'Zoë 東京',
    });
    expect(isJwtShaped(token)).to.equal(true);
    expect(jwtExpiry(token)).to.equal(2_000_000_000_000);
  });

  it('refuses what the SDK could not decode', () => {
    const good = makeToken();
    const [header, payload] = good.split('.');
    const notJwts: unknown[] = [
      undefined,
      null,
      42,
      '',
      'abc',
      'a.b',
      `${header}.${payload}`,
      `${header}.${payload}.sig.extra`,
      `${header}.${btoa('not json')}.sig`,
      `${header}.${btoa('[1,2]').replace(/=+$/, '')}.sig`,
      `${header}.${payload}+/.sig`,
      `bm90IGpzb24.${payload}.sig`,
      `${header}.${btoa(String.fromCharCode(0x7b, 0xff, 0x7d)).replace(/=+$/, '')}.sig`,
    ];
    for (const token of notJwts) {
      expect(decodeJwtPayload(token), String(token)).to.equal(null);
      expect(isJwtShaped(token), String(token)).to.equal(false);
      expect(jwtExpiry(token)).to.equal(undefined);
    }
    expect(isJwtShaped(`${header}.${payload}.`)).to.equal(true);
  });

  it('reads exp only when it is a positive finite number of seconds', () => {
    expect(jwtExpiry(makeToken({ exp: undefined }))).to.equal(undefined);
    expect(jwtExpiry(makeToken({ exp: '2000000000' as unknown as number }))).to.equal(undefined);
    expect(jwtExpiry(makeToken({ exp: -1 }))).to.equal(undefined);
    expect(jwtExpiry(makeToken({ exp: 1.5 }))).to.equal(1500);
  });

  it('base64url-decodes without padding and refuses other alphabets', () => {
    expect(Array.from(base64UrlDecode('_-8')!)).to.deep.equal([0xff, 0xef]);
    expect(base64UrlDecode('a')).to.equal(null);
    expect(base64UrlDecode('ab+/')).to.equal(null);
  });

  it('isExpired keeps a margin and never expires an unknown expiry', () => {
    expect(isExpired(10_000, 9_000, 0)).to.equal(false);
    expect(isExpired(10_000, 10_000, 0)).to.equal(true);
    expect(isExpired(10_000, 9_000, 1_000)).to.equal(true);
    expect(isExpired(10_000, 8_999, 1_000)).to.equal(false);
    expect(isExpired(undefined, Number.MAX_SAFE_INTEGER, 1_000)).to.equal(false);
  });
});
