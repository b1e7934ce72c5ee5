/**
 * Moving a loaded element to another parent (what a framework does when it reorders a list) with the REAL SDK
 * on the local platform: the viewer stays, nothing is downloaded again (platform counters unchanged), and no
 * second `loaded` is sent.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  apiCounts,
  embed,
  frames,
  mintToken,
  outcome,
  platformStats,
  resetPlatform,
  sleep,
} from './support.js';

describe('moving a loaded element (real SDK, local platform)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('keeps the viewer when moved to another parent: no second download, no second loaded', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <div class="a"></div>
        <div class="b"></div>
      </div>`,
    );
    const made = await embed({
      modelId: 'small-office',
      accessToken: token,
      parent: page.querySelector('.a')!,
    });
    expect(await outcome(made, 45_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    const { el } = made;
    const viewer = el.viewer;
    const canvas = el.querySelector('canvas');
    const before = apiCounts(await platformStats());
    expect(before.blob, 'one load').to.equal(1);

    page.querySelector('.b')!.append(el);
    await sleep(100);
    await frames(2);
    expect(el.status).to.equal('loaded');
    expect(el.viewer === viewer && viewer !== null, 'the same viewer').to.equal(true);
    expect(el.querySelector('canvas') === canvas && canvas !== null, 'the same canvas').to.equal(true);
    expect(apiCounts(await platformStats()), 'nothing downloaded again').to.deep.equal(before);
    expect(made.events.filter((event) => event.type !== 'progress').map((event) => event.type)).to.deep.equal(
      ['loaded'],
    );

    // A removal that lasts past the task is still a teardown.
    el.remove();
    await waitUntil(() => el.viewer === null, 'released once removed for good');
  });
});
