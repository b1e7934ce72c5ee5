/**
 * The SDK's script cannot be loaded. The SDK loader is one promise per page, so this scenario has its own file
 * (each test file runs in its own page).
 */
import { expect } from '@open-wc/testing';
import {
  LOCAL,
  embed,
  expectNoSecrets,
  mintToken,
  nextOutcome,
  resetPlatform,
  terminalsAfter,
} from './support.js';

describe('SDK script 404 (real SDK loader)', function () {
  this.timeout(60_000);

  it('ends in sdk-load-failed naming the URL; pointed at a working sdk-src, it loads', async () => {
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({
      modelId: 'small-office',
      accessToken: token,
      sdkSrc: '/vendor/nope.js',
    });
    const failed = await nextOutcome(el, 30_000);
    expect(failed).to.include({ type: 'error', code: 'sdk-load-failed', modelId: 'small-office' });
    expect((failed as { message: string }).message).to.include('/vendor/nope.js');
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect('bimU' in window, 'no SDK on the page').to.equal(false);
    expect(el.querySelector('canvas') === null).to.equal(true);
    await expect(el).to.be.accessible();

    // The failure is not cached: fixing the attribute starts a new load, which loads the SDK this time.
    const loaded = nextOutcome(el, 45_000);
    el.sdkSrc = LOCAL.sdkSrc;
    expect(await loaded).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    expectNoSecrets([token]);
  });
});
