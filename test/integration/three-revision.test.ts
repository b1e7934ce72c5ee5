/**
 * three.js of another revision than r113 (the only one the SDK accepts). The SDK loader is one promise per
 * page and a wrong global THREE stays on the page, so this scenario has its own file.
 */
import { expect } from '@open-wc/testing';
import {
  embed,
  expectNoSecrets,
  mintToken,
  nextOutcome,
  platformStats,
  resetPlatform,
  terminalsAfter,
} from './support.js';

describe('wrong three.js revision (real SDK loader)', function () {
  this.timeout(60_000);

  it('ends in sdk-load-failed saying which revision is there and which is needed; the SDK is not loaded', async () => {
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({
      modelId: 'small-office',
      accessToken: token,
      threeSrc: new URL('./fixtures/three-r112.js', import.meta.url).pathname,
    });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'sdk-load-failed', modelId: 'small-office' });
    const message = (outcome as { message: string }).message;
    expect(message).to.include('r112');
    expect(message).to.include('r113');
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect((window as unknown as { THREE?: { REVISION: string } }).THREE?.REVISION).to.equal('112');
    expect('bimU' in window, 'the SDK is not loaded on top of a wrong three.js').to.equal(false);
    expect((await platformStats()).blob, 'no request to the platform').to.equal(0);
    expect(el.status).to.equal('error');
    await expect(el).to.be.accessible();
    expectNoSecrets([token]);
  });
});
