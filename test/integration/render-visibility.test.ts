/**
 * Render only what can be seen, with the REAL SDK on the local platform: a loaded viewer scrolled out of view
 * draws nothing (its WebGL context receives no more `clear` calls, which three.js makes at the start of every
 * render), and back in view it draws again and its canvas is not blank.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { embed, mintToken, outcome, resetPlatform, sleep, type Embed } from './support.js';
import { canvasOf, drawsOf } from './draw-counter.js';

/** Resolves once the browser has computed intersections for `target` again, after this call. */
function intersectionsComputed(target: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(target);
  });
}

/** How many distinct colours the canvas shows (read through a 2D canvas): 1 means blank. */
function distinctColours(canvas: HTMLCanvasElement): number {
  const copy = document.createElement('canvas');
  copy.width = 64;
  copy.height = 64;
  const context = copy.getContext('2d')!;
  context.drawImage(canvas, 0, 0, copy.width, copy.height);
  const data = context.getImageData(0, 0, copy.width, copy.height).data;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return colours.size;
}

describe('render only what can be seen (real SDK, local platform)', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('stops drawing a viewer scrolled out of view, draws it again back in view, not blank', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const scroller = await fixture<HTMLDivElement>(
      html`<div style="height: 420px; width: 520px; overflow-y: auto"></div>`,
    );
    const made = await embed({ modelId: 'small-office', accessToken: token, parent: scroller });
    const spacer = document.createElement('div');
    spacer.style.height = '2000px';
    scroller.append(spacer);
    expect(await outcome(made, 45_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    const { el } = made;
    const loadedAt = drawsOf(el);
    // The load ends with a few frames (render on demand: the scene changed) and then the viewer settles.
    await waitUntil(() => drawsOf(el) >= loadedAt + 1, 'the visible viewer draws');
    await waitUntil(() => distinctColours(canvasOf(el)) > 1, 'the model is drawn');

    scroller.scrollTop = 1500;
    await intersectionsComputed(el);
    const stoppedAt = drawsOf(el);
    // Input asks for frames (render on demand); out of view, none is drawn all the same.
    canvasOf(el).dispatchEvent(new Event('pointerdown', { bubbles: true }));
    // Long enough for dozens of frames of a running loop, even on a busy machine; a stopped loop draws none.
    await sleep(1000);
    expect(drawsOf(el) - stoppedAt, 'frames drawn while out of view').to.equal(0);

    scroller.scrollTop = 0;
    // At least one frame: an unchanged scene is not redrawn continuously (render on demand), but coming back
    // into view draws once.
    await waitUntil(() => drawsOf(el) >= stoppedAt + 1, 'the viewer draws again in view');
    expect(distinctColours(canvasOf(el)), 'the canvas is not blank').to.be.greaterThan(1);
    expect(made.events.filter((event) => event.type === 'loaded')).to.have.length(1);
  });

  it('measures frames drawn per second by 1 and 4 idle off-screen viewers', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const scroller = await fixture<HTMLDivElement>(
      html`<div style="height: 420px; width: 520px; overflow-y: auto"></div>`,
    );
    const made: Embed[] = [];
    for (let index = 0; index < 4; index++) {
      made.push(
        await embed({
          modelId: 'small-office',
          accessToken: token,
          parent: scroller,
          attributes: { loading: 'eager' },
        }),
      );
    }
    const spacer = document.createElement('div');
    spacer.style.height = '4000px';
    scroller.append(spacer);
    for (const item of made)
      expect(await outcome(item, 60_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    scroller.scrollTop = 3500;
    await intersectionsComputed(made[3]!.el);
    const results: string[] = [];
    for (const count of [1, 4]) {
      const viewers = made.slice(0, count).map(({ el }) => el);
      const before = viewers.map(drawsOf);
      const started = performance.now();
      await sleep(2000);
      const seconds = (performance.now() - started) / 1000;
      const drawn = viewers.map((el, index) => drawsOf(el) - before[index]!).reduce((a, b) => a + b, 0);
      results.push(`${count} off-screen: ${(drawn / seconds).toFixed(1)} frames/s`);
    }
    // The numbers for the record (before/after comparisons); the assertion is what this change guarantees.
    console.info(`[render-visibility] ${results.join('; ')}`);
    expect(
      results.every((line) => line.endsWith(': 0.0 frames/s')),
      results.join('; '),
    ).to.equal(true);
  });
});
