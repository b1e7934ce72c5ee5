/**
 * `loading="lazy"` with the REAL SDK on the local platform: in a scrolling container, only the embed on its
 * first screen creates a viewer and downloads its model (counted by the platform: one blob metadata request
 * and one part per small-office load); scrolling to the next one loads it; `loading="eager"` loads at once
 * wherever the element is.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  embed,
  frames,
  mintToken,
  nextOutcome,
  outcome,
  platformStats,
  resetPlatform,
  type Embed,
} from './support.js';

/** Between two embeds: far more than the observer's 200px margin, so only one is near at a time. */
const GAP_PX = 900;

/**
 * Resolves once the browser has computed intersections for `target` at least once after this call, so the
 * element's own observer (created earlier) has delivered its first answer as well.
 */
function intersectionsComputed(target: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(target);
  });
}

describe('loading="lazy" (real SDK, local platform)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('loads only the first screen of a scrolling container, the next embed when scrolled to, eager ones at once', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const scroller = await fixture<HTMLDivElement>(
      html`<div style="height: 400px; width: 520px; overflow-y: auto"></div>`,
    );
    const embeds: Embed[] = [];
    for (let index = 0; index < 3; index++) {
      if (index > 0) {
        const gap = document.createElement('div');
        gap.style.height = `${GAP_PX}px`;
        scroller.append(gap);
      }
      embeds.push(await embed({ modelId: 'small-office', accessToken: token, parent: scroller }));
    }
    const [, second, third] = embeds.map((item) => item.el) as [Embed['el'], Embed['el'], Embed['el']];

    expect(await outcome(embeds[0]!, 45_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    await intersectionsComputed(third);
    await frames(2);
    expect([second.status, third.status]).to.deep.equal(['idle', 'idle']);
    expect(second.querySelector('canvas') === null && third.querySelector('canvas') === null).to.equal(true);
    let stats = await platformStats();
    expect({ blob: stats.blob, parts: stats.parts }, 'only the first screen downloads').to.deep.equal({
      blob: 1,
      parts: 1,
    });

    const secondLoaded = nextOutcome(second, 45_000);
    scroller.scrollTop = second.offsetTop - scroller.offsetTop;
    expect(await secondLoaded).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    await frames(2);
    expect(third.status).to.equal('idle');
    stats = await platformStats();
    expect({ blob: stats.blob, parts: stats.parts }, 'the embed scrolled to downloads').to.deep.equal({
      blob: 2,
      parts: 2,
    });

    const eager = await embed({
      modelId: 'small-office',
      accessToken: token,
      parent: scroller,
      attributes: { loading: 'eager' },
    });
    expect(eager.el.status, 'an eager embed below the fold starts at once').to.equal('loading');
    expect(await outcome(eager, 45_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    expect(third.status).to.equal('idle');
    await waitUntil(async () => (await platformStats()).blob === 3, 'the eager embed downloaded its model');
    expect(
      embeds.map(({ events }) => events.filter((event) => event.type === 'loaded').length),
    ).to.deep.equal([1, 1, 0]);
  });
});
