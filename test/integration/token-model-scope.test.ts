/**
 * Model-scoped tokens with the REAL SDK: the demo's token route (`createTokenHandler` in model scope, with the
 * LOCAL-ONLY passwords of small-office and large-campus) serves two models of the channel to one page. Each
 * token the page sees opens its own model and nothing else, which the platform itself is asked to confirm.
 */
import {
  TOKEN_ROUTE,
  blobRequestsSince,
  embed,
  expectError,
  expectLoaded,
  freshPage,
  outcome,
  platformStats,
  requestMark,
  requestsSince,
  terminalTypesAfter,
  tokenRouteRequests,
} from './support.js';
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';

const CHANNEL = 'demo-channel';
const CONFIGURED = ['small-office', 'large-campus'];

/** What the platform answers when `token` is used to open `modelId`'s blob metadata. */
async function blobStatus(token: string, modelId: string): Promise<number> {
  const response = await fetch(`/rest/api/v1/channels/${CHANNEL}/models/${modelId}/blob`, {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  await response.body?.cancel();
  return response.status;
}

/** The `modelId` claim of a JWT (decoded, not verified). */
function modelClaim(token: string): unknown {
  const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  return (JSON.parse(atob(payload)) as { modelId?: unknown }).modelId;
}

describe('token-url in model scope with the real SDK', function () {
  this.timeout(180_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  it('loads two models through one token-url; each token opens its own model only', async () => {
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const mark = requestMark();
    // Two embeds of small-office and one of large-campus: one token request per model, not per embed.
    const office = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE, parent, timeout: 150_000 });
    const office2 = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE, parent, timeout: 150_000 });
    const campus = await embed({ modelId: 'large-campus', tokenUrl: TOKEN_ROUTE, parent, timeout: 150_000 });
    for (const embedded of [office, office2, campus]) {
      expectLoaded(await outcome(embedded, 160_000));
      expect(await terminalTypesAfter(embedded.events, 0)).to.deep.equal(['loaded']);
    }

    const routeBodies = requestsSince(mark)
      .filter((request) => new URL(request.url).pathname === TOKEN_ROUTE)
      .map((request) => request.body)
      .sort();
    expect(routeBodies).to.deep.equal([
      JSON.stringify({ modelId: 'large-campus' }),
      JSON.stringify({ modelId: 'small-office' }),
    ]);
    expect(await tokenRouteRequests()).to.equal(2);
    // The route's own upstream requests: the password flow, one per model (its cache, kept per page by the
    // test back-end, was emptied before this test), and never with the account's credentials.
    const stats = await platformStats();
    expect(stats.token, 'upstream token requests').to.equal(2);
    expect(
      stats.tokenUsers.every((user) => CONFIGURED.includes(user)),
      `upstream token users ${stats.tokenUsers.join(',')}`,
    ).to.equal(true);

    // The tokens the SDK actually used, per model, straight from its requests.
    const blobs = blobRequestsSince(mark);
    const tokens = new Map<string, Set<string>>();
    for (const request of requestsSince(mark)) {
      const match = /\/channels\/[^/]+\/models\/([^/]+)\/blob$/.exec(new URL(request.url).pathname);
      const token = request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
      if (match && token) {
        if (!tokens.has(match[1]!)) tokens.set(match[1]!, new Set());
        tokens.get(match[1]!)!.add(token.replace(/^Bearer\s+/i, ''));
      }
    }
    expect(blobs.length, 'one blob request per embed').to.equal(3);
    expect([...tokens.keys()].sort()).to.deep.equal(['large-campus', 'small-office']);
    expect(tokens.get('small-office')!.size, 'both small-office embeds share one token').to.equal(1);
    const [officeToken] = tokens.get('small-office')!;
    const [campusToken] = tokens.get('large-campus')!;
    expect(officeToken).not.to.equal(campusToken);
    expect(modelClaim(officeToken!)).to.equal('small-office');
    expect(modelClaim(campusToken!)).to.equal('large-campus');

    // Checked against the platform: each token opens its model, not the other one, and not a third model
    // of the same channel (shared or not).
    expect(await blobStatus(officeToken!, 'small-office')).to.equal(200);
    expect(await blobStatus(campusToken!, 'large-campus')).to.equal(200);
    for (const token of [officeToken!, campusToken!]) {
      for (const third of ['private-annex', 'protected-house', 'open-pavilion']) {
        expect(await blobStatus(token, third), `${modelClaim(token)} token on ${third}`).to.equal(403);
      }
    }
    expect(await blobStatus(officeToken!, 'large-campus')).to.equal(403);
    expect(await blobStatus(campusToken!, 'small-office')).to.equal(403);
  });

  it('an embed of a model the route does not name ends with forbidden, and the route asks bimU.io nothing', async () => {
    const embedded = await embed({ modelId: 'private-annex', tokenUrl: TOKEN_ROUTE });
    expectError(await outcome(embedded), 'forbidden');
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['error']);
    const stats = await platformStats();
    expect([stats.token, stats.blob], 'platform token and blob requests').to.deep.equal([0, 0]);
  });

  it('refuses a curl-style request for an unknown or unshared model with 403 and no upstream request', async () => {
    for (const modelId of ['no-such-model', 'private-annex', 'protected-house']) {
      const response = await fetch(TOKEN_ROUTE, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ modelId }),
      });
      expect(response.status, modelId).to.equal(403);
      expect(await response.json()).to.deep.equal({
        error: 'forbidden',
        message: 'You may not view this model.',
      });
    }
    expect((await platformStats()).token).to.equal(0);
  });
});
