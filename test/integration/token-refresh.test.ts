/**
 * Token expiry and refresh with the REAL SDK and the local platform, which checks every token's signature and
 * `exp` on the blob request (the SDK itself never looks at `exp`). The tokens come from the platform's test
 * control: already expired, short-lived, or minted by a second platform on another origin whose signing secret
 * differs (well-formed JWTs with a valid `exp` that the main platform answers with 401).
 */
import {
  TOKEN_ROUTE,
  blobRequestsSince,
  crossOrigin,
  embed,
  expectError,
  expectLoaded,
  expectNoSecrets,
  freshPage,
  mintToken,
  outcome,
  requestMark,
  requestsSince,
  scriptedProvider,
  terminalTypesAfter,
  tokenExpiry,
} from './support.js';
import { expect, fixtureCleanup } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';

/** Asserts that every blob request since `mark` carried a token that had not expired when it was sent. */
function expectNoExpiredTokenSent(mark: number): void {
  const sent = blobRequestsSince(mark).map(({ token, at }) => {
    const expiry = tokenExpiry(token);
    return expiry !== undefined && expiry > performance.timeOrigin + at ? 'valid' : 'expired or missing';
  });
  expect(sent, 'tokens of the blob requests').to.not.include('expired or missing');
}

describe('token expiry and refresh with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  it('asks again before loading when the token it gets has already expired', async () => {
    const provider = scriptedProvider([
      () => mintToken({ modelId: 'small-office', expiresIn: -60 }),
      () => mintToken({ modelId: 'small-office' }),
    ]);
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenProvider: provider });
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(provider.calls, 'tokenProvider calls').to.equal(2);
    // One blob request, with the fresh token: the expired one never reached the platform (no 401 round trip).
    expect(blobRequestsSince(mark).map(({ token }) => provider.tokens.indexOf(token!))).to.deep.equal([1]);
    expectNoExpiredTokenSent(mark);
    expectNoSecrets(provider.tokens);
  });

  it('gives up with token-endpoint-failed, before any request to bimU.io, when the second token has expired too', async () => {
    const provider = scriptedProvider([() => mintToken({ modelId: 'small-office', expiresIn: -60 })]);
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenProvider: provider });
    const result = await outcome(embedded);
    expectError(result, 'token-endpoint-failed');
    expect(result.message).to.match(/expired/i);
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['error']);
    expect(provider.calls, 'tokenProvider calls').to.equal(2);
    expect(blobRequestsSince(mark)).to.deep.equal([]);
    expectNoSecrets(provider.tokens);
  });

  it('fetches a new token on reload() once the first one has expired mid-page', async () => {
    const LIFETIME_S = 6;
    const provider = scriptedProvider([
      () => mintToken({ modelId: 'small-office', expiresIn: LIFETIME_S }),
      () => mintToken({ modelId: 'small-office' }),
    ]);
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenProvider: provider });
    expectLoaded(await outcome(embedded));
    expect(provider.calls).to.equal(1);
    const firstExpiry = tokenExpiry(provider.tokens[0]);
    expect(firstExpiry, 'the short-lived token has an exp').to.be.a('number');
    expect(blobRequestsSince(mark), 'the first load needed one blob request').to.have.length(1);

    // Past the expiry itself, so that reusing the old token would meet a 401 on the blob request.
    await waitUntil(() => Date.now() > firstExpiry! + 250, 'the first token expires', {
      timeout: (LIFETIME_S + 5) * 1000,
    });
    const reloadMark = requestMark();
    embedded.events.length = 0;
    embedded.el.reload();
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(provider.calls, 'tokenProvider calls').to.equal(2);
    expect(
      blobRequestsSince(reloadMark).map(({ token }) => provider.tokens.indexOf(token!)),
      'one blob request after reload(), with the new token',
    ).to.deep.equal([1]);
    expectNoExpiredTokenSent(mark);
    expectNoSecrets(provider.tokens);
  });

  it('meets a 401, refreshes once and loads (the first token is signed by another platform)', async () => {
    const other = await crossOrigin();
    // Both tokens come over real HTTP: the other platform's test control, then the page's own token route.
    const provider = scriptedProvider([
      () => mintToken({ modelId: 'small-office' }, other),
      async () => {
        const response = await fetch(TOKEN_ROUTE, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ modelId: 'small-office' }),
        });
        return ((await response.json()) as { token: string }).token;
      },
    ]);
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenProvider: provider });
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(provider.calls, 'exactly one refresh').to.equal(2);
    expect(
      tokenExpiry(provider.tokens[0])! - Date.now(),
      'the refused token had not expired',
    ).to.be.greaterThan(60_000);
    expect(
      blobRequestsSince(mark).map(({ token }) => provider.tokens.indexOf(token!)),
      'blob requests: the foreign token (401), then the fresh one',
    ).to.deep.equal([0, 1]);
    expectNoSecrets(provider.tokens);
  });

  it('ends with unauthorized after exactly one retry when the refreshed token meets a 401 too (tokenProvider)', async () => {
    const other = await crossOrigin();
    const provider = scriptedProvider([() => mintToken({ modelId: 'small-office' }, other)]);
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenProvider: provider });
    const result = await outcome(embedded);
    expectError(result, 'unauthorized');
    expect(await terminalTypesAfter(embedded.events, 1000)).to.deep.equal(['error']);
    expect(provider.calls, 'one refresh').to.equal(2);
    expect(blobRequestsSince(mark), 'one attempt and one retry').to.have.length(2);
    expectNoSecrets(provider.tokens);
  });

  it('ends with unauthorized after exactly one retry when the refreshed token meets a 401 too (token-url)', async () => {
    // A token endpoint on another origin that always answers a foreign token: the element POSTs there (CORS),
    // meets a 401 from the main platform, asks once more with "refresh": true, meets a 401 again and stops.
    const tokenUrl = `${await crossOrigin()}/__platform/token`;
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenUrl });
    const result = await outcome(embedded);
    expectError(result, 'unauthorized');
    expect(await terminalTypesAfter(embedded.events, 1000)).to.deep.equal(['error']);
    const tokenRequests = requestsSince(mark).filter((request) => request.url === tokenUrl);
    expect(tokenRequests.map((request) => [request.method, JSON.parse(request.body)])).to.deep.equal([
      ['POST', { modelId: 'small-office' }],
      ['POST', { modelId: 'small-office', refresh: true }],
    ]);
    // Both tokens may be byte-identical (same claims within one second): count the requests instead.
    const tokens = blobRequestsSince(mark).map(({ token }) => token!);
    expect(tokens, 'one attempt and one retry').to.have.length(2);
    expectNoSecrets(tokens);
  });
});
