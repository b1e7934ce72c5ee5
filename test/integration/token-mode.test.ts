/**
 * Token mode against the real SDK and the local platform: a good token loads, and every kind of bad token ends
 * in its own error code. Tokens are minted by the platform's test control.
 */
import { expect } from '@open-wc/testing';
import {
  apiCounts,
  backendEnv,
  embed,
  expectNoSecrets,
  expectProgressComplete,
  mintToken,
  nextOutcome,
  originOf,
  platformStats,
  resetPlatform,
  terminalsAfter,
} from './support.js';

/** Requests this page made to a REST API path since `since` (Resource Timing), e.g. to prove there were none. */
function apiRequestsSince(since: number): string[] {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since && /\/rest\/api\/v1\//.test(entry.name))
    .map((entry) => entry.name);
}

describe('token mode (real SDK, local platform)', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('loads small-office from an access-token attribute: monotonic progress to 1, one loaded, a sized canvas', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({
      modelId: 'small-office',
      accessToken: token,
      tokenAsAttribute: true,
    });
    expect(el.hasAttribute('access-token'), 'the token attribute is consumed').to.equal(false);
    const outcome = await nextOutcome(el, 45_000);
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    expect(el.status).to.equal('loaded');
    expect(el.progress).to.equal(1);
    expectProgressComplete(events);
    expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal(['loaded']);

    const canvas = el.querySelector('canvas');
    expect(canvas !== null, 'the SDK canvas').to.equal(true);
    expect(canvas!.width).to.be.greaterThan(0);
    expect(canvas!.height).to.be.greaterThan(0);
    expect(canvas!.clientWidth).to.be.greaterThan(0);
    expect(canvas!.clientHeight).to.be.greaterThan(0);
    expect(el.viewer).to.not.equal(null);

    const stats = await platformStats();
    expect(stats.blob, 'one blob metadata request').to.equal(1);
    expect(stats.parts, 'small-office has one part').to.equal(1);
    expect(stats.token, 'token mode never asks for a token').to.equal(0);

    await expect(el).to.be.accessible();
    expectNoSecrets([token]);
  });

  it('reports an expired token as token-expired without a request to the platform', async () => {
    const token = await mintToken({ modelId: 'small-office', expiresIn: -60 });
    const before = apiCounts(await platformStats());
    const since = performance.now();
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 20_000);
    expect(outcome.type).to.equal('error');
    expect(outcome).to.include({ code: 'token-expired', modelId: 'small-office' });
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect(apiCounts(await platformStats())).to.deep.equal(before);
    expect(apiRequestsSince(since)).to.deep.equal([]);
    expect(el.status).to.equal('error');
    await expect(el).to.be.accessible();
    expectNoSecrets([token]);
  });

  it('reports a malformed token as invalid-config without a request to the platform', async () => {
    const token = 'not-a-jwt-but-secret-looking-4f9a2c';
    const before = apiCounts(await platformStats());
    const since = performance.now();
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 20_000);
    expect(outcome).to.include({ type: 'error', code: 'invalid-config' });
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect(apiCounts(await platformStats())).to.deep.equal(before);
    expect(apiRequestsSince(since)).to.deep.equal([]);
    expectNoSecrets([token]);
  });

  it('reports an unknown model as not-found', async () => {
    const token = await mintToken();
    const { el, events } = await embed({ modelId: 'no-such-model', accessToken: token });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'not-found', modelId: 'no-such-model' });
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect((await platformStats()).blob).to.equal(1);
    await expect(el).to.be.accessible();
    expectNoSecrets([token]);
  });

  it("reports another model's token as forbidden", async () => {
    const token = await mintToken({ modelId: 'protected-house' });
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'forbidden', modelId: 'small-office' });
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expectNoSecrets([token]);
  });

  it('loads from a platform on another origin (CORS), with a token minted there', async () => {
    const { crossOriginBaseUrl } = await backendEnv();
    expect(crossOriginBaseUrl, 'the test back-end reports a second platform').to.be.a('string');
    const otherOrigin = originOf(crossOriginBaseUrl!);
    expect(otherOrigin).to.not.equal(location.origin);
    await resetPlatform(otherOrigin);
    const token = await mintToken({ modelId: 'open-pavilion' }, otherOrigin);
    const localBefore = apiCounts(await platformStats());
    const { el, events } = await embed({
      modelId: 'open-pavilion',
      accessToken: token,
      baseUrl: crossOriginBaseUrl!,
    });
    const outcome = await nextOutcome(el, 45_000);
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'open-pavilion' });
    expectProgressComplete(events);
    const remote = await platformStats(otherOrigin);
    expect(remote.blob, 'the metadata came from the other origin').to.equal(1);
    expect(remote.parts).to.equal(1);
    expect(apiCounts(await platformStats()), 'nothing went to this origin').to.deep.equal(localBefore);
    expectNoSecrets([token]);
  });
});
