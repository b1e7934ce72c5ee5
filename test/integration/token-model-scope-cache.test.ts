/**
 * Model-scoped tokens per model, with the REAL SDK and the demo's token route (`createTokenHandler` in model
 * scope): sharing, refresh before a load, the retry after a 401 and single flight all work per model, in the
 * page (the element's page-wide token cache) and on the server (the route's cache).
 *
 * The route's upstream requests are counted by the platform (`POST /token`, with the model id as the Basic
 * username); `freshPage` empties the route's cache, which the test back-end keeps per page, so every test starts
 * with no token anywhere. The models are the platform's small test-only models (about 100 kB each), so that
 * several load at once with software WebGL in every engine.
 */
import {
  TOKEN_ROUTE,
  embed,
  expectLoaded,
  expectNoSecrets,
  freshPage,
  outcome,
  platformStats,
  requestMark,
  requestsSince,
  revokeToken,
  setFaults,
  terminalTypesAfter,
  tokenExpiry,
  tokenRouteRequests,
  type Embed,
} from './support.js';
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';

/** The platform's five small test models, all named in the route's model passwords. */
const FIVE_MODELS = ['scope-kiosk', 'scope-cabin', 'scope-shed', 'scope-booth', 'scope-gatehouse'] as const;
/** A model the route serves whose `POST /token` waits as long as `setFaults({ latencyMs })` says. */
const SLOW_TOKEN_MODEL = 'fault-token-latency';

/** The claims of a JWT (decoded, not verified). */
function claims(token: string): { modelId?: string; iat: number; exp: number } {
  const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)) as { modelId?: string; iat: number; exp: number };
}

/** The bearer tokens of the SDK's blob requests since `mark`, per model, in the order they were sent. */
function blobTokensByModel(mark: number): Map<string, string[]> {
  const byModel = new Map<string, string[]>();
  for (const request of requestsSince(mark)) {
    const match = /\/channels\/[^/]+\/models\/([^/]+)\/blob$/.exec(new URL(request.url).pathname);
    const authorization = request.headers.find(([name]) => name.toLowerCase() === 'authorization')?.[1];
    if (!match || request.method !== 'GET') continue;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '(none)';
    byModel.set(match[1]!, [...(byModel.get(match[1]!) ?? []), token]);
  }
  return byModel;
}

/** The bodies of the page's requests to the token route since `mark`, sorted. */
function routeBodiesSince(mark: number): unknown[] {
  return requestsSince(mark)
    .filter((request) => new URL(request.url).pathname === TOKEN_ROUTE)
    .map((request) => JSON.parse(request.body) as unknown)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Connects one element per model id into one new container, in the same task, and waits until all loaded. */
async function embedAllAndLoad(
  modelIds: readonly string[],
  tokenUrl: (index: number) => string = () => TOKEN_ROUTE,
) {
  const parent = await fixture<HTMLDivElement>(html`<div></div>`);
  const embeds: Embed[] = [];
  for (const [index, modelId] of modelIds.entries()) {
    // Eager: the batch stacks down the page, and every element must load, not only the first screen.
    embeds.push(
      await embed({
        modelId,
        tokenUrl: tokenUrl(index),
        parent,
        timeout: 60_000,
        attributes: { loading: 'eager' },
      }),
    );
  }
  for (const embedded of embeds) expectLoaded(await outcome(embedded, 90_000));
  for (const embedded of embeds)
    expect(await terminalTypesAfter(embedded.events, 0)).to.deep.equal(['loaded']);
  return { parent, embeds };
}

describe('model-scoped tokens per model with the real SDK', function () {
  this.timeout(180_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  it('twenty embeds of five models make five upstream token requests, not twenty', async () => {
    // Twenty live viewers do not fit in one page: Chromium, Firefox and WebKit keep about sixteen WebGL contexts
    // per page and take the oldest away from the seventeenth on, and twenty software-rendered viewers would make
    // a busy two-core machine crawl. So the twenty elements are connected in four batches of five: each batch
    // loads, then is removed (the element releases its WebGL context when disconnected) before the next one.
    // The page's token cache lives on across batches, as it does on a page whose embeds come and go. The order
    // puts two embeds of the same model into one batch (one request in flight, shared) and spreads models over
    // batches (a later batch reuses the cached token).
    const [a, b, c, d, e] = FIVE_MODELS;
    const order = [a, a, b, b, c, c, d, d, e, e, a, b, c, d, e, e, d, c, b, a];
    const mark = requestMark();
    for (let batch = 0; batch < order.length / 5; batch++) {
      const { parent } = await embedAllAndLoad(order.slice(batch * 5, batch * 5 + 5));
      parent.remove();
    }

    // The page asked the route once per model, and the route asked bimU.io once per model, with that model's
    // password (the Basic username of the password flow is the model id; the account never appears).
    expect(routeBodiesSince(mark)).to.deep.equal([...FIVE_MODELS].sort().map((modelId) => ({ modelId })));
    expect(await tokenRouteRequests(), 'token route requests').to.equal(5);
    const stats = await platformStats();
    expect(stats.token, 'upstream token requests').to.equal(5);
    expect([...stats.tokenUsers].sort(), 'upstream token users').to.deep.equal([...FIVE_MODELS].sort());

    // Twenty loads, each with the one token of its own model.
    const tokens = blobTokensByModel(mark);
    expect([...tokens.keys()].sort()).to.deep.equal([...FIVE_MODELS].sort());
    for (const modelId of FIVE_MODELS) {
      const sent = tokens.get(modelId)!;
      expect(sent.length, `blob requests of ${modelId}`).to.equal(
        order.filter((id) => id === modelId).length,
      );
      expect(new Set(sent).size, `tokens of ${modelId}`).to.equal(1);
      expect(claims(sent[0]!).modelId).to.equal(modelId);
    }
    expectNoSecrets([...tokens.values()].map((sent) => sent[0]!));
  });

  it('refreshes the expired token of one model before loading it, and keeps the other model’s token', async () => {
    const [expiring, lasting] = [FIVE_MODELS[0], FIVE_MODELS[3]];
    // The route's token of `expiring` lives ten seconds, that of `lasting` the usual two hours.
    await setFaults({ tokenLifetimeSeconds: 10 });
    const firstMark = requestMark();
    await embedAllAndLoad([expiring]);
    await setFaults({ tokenLifetimeSeconds: null });
    await embedAllAndLoad([lasting]);
    const first = blobTokensByModel(firstMark);
    const expiringToken = first.get(expiring)!.at(-1)!;
    const lastingToken = first.get(lasting)!.at(-1)!;
    const { iat, exp } = claims(expiringToken);
    expect(exp - iat, 'the first token of the expiring model is short-lived').to.equal(10);
    expect(claims(lastingToken).exp - claims(lastingToken).iat).to.equal(7200);

    // Both the page's and the route's copy of it have expired now.
    await waitUntil(() => Date.now() > tokenExpiry(expiringToken)! + 250, 'the short-lived token expires', {
      timeout: 30_000,
    });
    const routeBefore = await tokenRouteRequests();
    const upstreamBefore = await platformStats();
    const mark = requestMark();
    await embedAllAndLoad([expiring, lasting]);

    // One request to the route, for the expired model only (not a refresh after a 401: nothing failed), and one
    // upstream request for it; the other model's token came from the page's cache.
    expect(routeBodiesSince(mark)).to.deep.equal([{ modelId: expiring }]);
    expect((await tokenRouteRequests()) - routeBefore, 'token route requests').to.equal(1);
    const upstreamAfter = await platformStats();
    expect(upstreamAfter.token - upstreamBefore.token, 'upstream token requests').to.equal(1);
    expect(upstreamAfter.tokenUsers.slice(upstreamBefore.tokenUsers.length)).to.deep.equal([expiring]);

    // One blob request per embed: the new token of the expiring model (no 401 round trip with the old one),
    // the cached token of the other.
    const sent = blobTokensByModel(mark);
    expect(sent.get(lasting)).to.deep.equal([lastingToken]);
    const refreshed = sent.get(expiring)!;
    expect(refreshed.length, 'blob requests of the refreshed model').to.equal(1);
    expect(refreshed[0]).not.to.equal(expiringToken);
    expect(claims(refreshed[0]!).modelId).to.equal(expiring);
    expect(tokenExpiry(refreshed[0])! - Date.now(), 'the new token is valid').to.be.greaterThan(60_000);
    expectNoSecrets([expiringToken, lastingToken, refreshed[0]!]);
  });

  it('meets a 401 on each of two models, gets one fresh token per model and loads both', async () => {
    const [one, other] = [FIVE_MODELS[1], FIVE_MODELS[4]];
    const firstMark = requestMark();
    await embedAllAndLoad([one, other]);
    const first = blobTokensByModel(firstMark);
    const revoked = [first.get(one)![0]!, first.get(other)![0]!];
    // The platform refuses both tokens from now on (a revoked token); the page and the route still hold them.
    for (const token of revoked) await revokeToken(token);

    // The route replaces a cached token on `"refresh": true` only once it is 30 s old (its
    // minRefreshIntervalSeconds), so that a flood of refresh requests reaches bimU.io at most once per interval;
    // a younger one it hands out again. Wait until both are older, by the clock the route reads too: the route
    // started its upstream request before the platform stamped `iat` (whole seconds, rounded down).
    const youngest = Math.max(...revoked.map((token) => claims(token).iat));
    await waitUntil(() => Date.now() > (youngest + 1) * 1000 + 30_000, 'the route’s tokens are 30 s old', {
      timeout: 60_000,
      interval: 250,
    });

    const routeBefore = await tokenRouteRequests();
    const upstreamBefore = await platformStats();
    const mark = requestMark();
    await embedAllAndLoad([one, other]);

    // Each element sent the cached token, met the 401, asked the route once with "refresh": true and loaded with
    // the fresh token: one refresh and one upstream request per model.
    expect(routeBodiesSince(mark)).to.deep.equal(
      [one, other].sort().map((modelId) => ({ modelId, refresh: true })),
    );
    expect((await tokenRouteRequests()) - routeBefore, 'token route requests').to.equal(2);
    const upstreamAfter = await platformStats();
    expect(upstreamAfter.token - upstreamBefore.token, 'upstream token requests').to.equal(2);
    expect(upstreamAfter.tokenUsers.slice(upstreamBefore.tokenUsers.length).sort()).to.deep.equal(
      [one, other].sort(),
    );
    const sent = blobTokensByModel(mark);
    for (const [index, modelId] of [one, other].entries()) {
      const tokens = sent.get(modelId)!;
      expect(tokens.length, `blob requests of ${modelId}: the refused one and the retry`).to.equal(2);
      expect(tokens[0]).to.equal(revoked[index]);
      expect(tokens[1]).not.to.equal(revoked[index]);
      expect(claims(tokens[1]!).modelId).to.equal(modelId);
    }
    expectNoSecrets([...revoked, ...[...sent.values()].map((tokens) => tokens[1]!)]);
  });

  it('two embeds of one model and one of another, at once, through one token-url: two upstream requests', async () => {
    // The slow model's upstream token request takes three seconds, so the second embed of it starts while the
    // first one's request is still in flight.
    await setFaults({ latencyMs: 3000 });
    const mark = requestMark();
    await embedAllAndLoad([SLOW_TOKEN_MODEL, SLOW_TOKEN_MODEL, FIVE_MODELS[2]]);
    // The page shares one request per model and URL.
    expect(routeBodiesSince(mark)).to.deep.equal([
      { modelId: SLOW_TOKEN_MODEL },
      { modelId: FIVE_MODELS[2] },
    ]);
    const stats = await platformStats();
    expect(stats.token, 'upstream token requests').to.equal(2);
    expect([...stats.tokenUsers].sort()).to.deep.equal([SLOW_TOKEN_MODEL, FIVE_MODELS[2]].sort());
    const sent = blobTokensByModel(mark);
    expect(new Set(sent.get(SLOW_TOKEN_MODEL)).size, 'both embeds of the slow model share a token').to.equal(
      1,
    );
  });

  it('two embeds of one model through two spellings of the token-url, at once: the route still asks once per model', async () => {
    // A page whose two widgets spell the endpoint differently (a CMS block adds a query string) cannot share
    // the request in the page, whose cache is keyed by URL: both reach the route at once, and the route's own
    // single flight per model must join them. The slow model's upstream request takes three seconds, so the
    // second request arrives while the first one's is still in flight (had it come later, the route's cache
    // would have answered it, and the count would be the same).
    await setFaults({ latencyMs: 3000 });
    const mark = requestMark();
    const urls = [TOKEN_ROUTE, `${TOKEN_ROUTE}?widget=sidebar`, TOKEN_ROUTE];
    await embedAllAndLoad([SLOW_TOKEN_MODEL, SLOW_TOKEN_MODEL, FIVE_MODELS[2]], (index) => urls[index]!);
    expect(routeBodiesSince(mark)).to.deep.equal([
      { modelId: SLOW_TOKEN_MODEL },
      { modelId: SLOW_TOKEN_MODEL },
      { modelId: FIVE_MODELS[2] },
    ]);
    expect(await tokenRouteRequests(), 'token route requests').to.equal(3);
    const stats = await platformStats();
    expect(stats.token, 'upstream token requests').to.equal(2);
    expect([...stats.tokenUsers].sort()).to.deep.equal([SLOW_TOKEN_MODEL, FIVE_MODELS[2]].sort());
    const sent = blobTokensByModel(mark);
    expect(new Set(sent.get(SLOW_TOKEN_MODEL)).size, 'both embeds of the slow model got one token').to.equal(
      1,
    );
  });
});
