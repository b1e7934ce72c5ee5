/**
 * Render on demand with the REAL SDK on the local platform: a loaded viewer that nobody touches stops drawing
 * (its WebGL context receives no `clear` calls, which three.js makes at the start of every render); input in the
 * viewer (a Ctrl+wheel zoom, a drag), an API call and a resize make it draw, and it settles again afterwards.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { embed, frames, mintToken, outcome, resetPlatform, sleep } from './support.js';
import { canvasOf, drawsOf } from './draw-counter.js';
import { primaryPress } from '../helpers/dom.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';

/** Writes of `width` per canvas: each one reallocates the drawing buffer, even to the same value. */
const widthWrites = new WeakMap<HTMLCanvasElement, number>();
{
  const width = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'width')!;
  Object.defineProperty(HTMLCanvasElement.prototype, 'width', {
    ...width,
    set(this: HTMLCanvasElement, value: number) {
      widthWrites.set(this, (widthWrites.get(this) ?? 0) + 1);
      width.set!.call(this, value);
    },
  });
}

/** Waits until a few animation frames go by without the viewer drawing. */
function settled(el: Element, what: string): Promise<void> {
  return waitUntil(async () => {
    const before = drawsOf(el);
    await frames(3);
    return drawsOf(el) === before;
  }, what);
}

/** Frames drawn during one second of nothing happening: a measurement window, not a wait for a condition. */
async function drawnInOneSecond(el: Element): Promise<number> {
  const before = drawsOf(el);
  await sleep(1000);
  return drawsOf(el) - before;
}

/** Resolves after `count` draws more than `from`. */
function drawsAfter(el: Element, from: number, count: number, what: string): Promise<void> {
  return waitUntil(() => drawsOf(el) >= from + count, what);
}

function point(canvas: HTMLCanvasElement, fx: number, fy: number): { clientX: number; clientY: number } {
  const box = canvas.getBoundingClientRect();
  return { clientX: box.left + box.width * fx, clientY: box.top + box.height * fy };
}

describe('render on demand (real SDK, local platform)', function () {
  this.timeout(120_000);

  let el: ModelViewerEmbed;

  beforeEach(async () => {
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const made = await embed({ modelId: 'small-office', accessToken: token });
    expect(await outcome(made, 60_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    el = made.el;
    await settled(el, 'the loaded viewer settles');
  });

  it('draws nothing while idle, draws on Ctrl+wheel, then settles again', async () => {
    expect(await drawnInOneSecond(el), 'frames drawn by an idle viewer in 1 s').to.equal(0);
    const canvas = canvasOf(el);
    const before = drawsOf(el);
    const viewpoint = JSON.stringify((el.viewer as unknown as { getViewpoint(): unknown }).getViewpoint());
    canvas.dispatchEvent(
      new WheelEvent('wheel', {
        ...point(canvas, 0.5, 0.5),
        deltaY: -100,
        ctrlKey: true,
        bubbles: true,
        cancelable: true,
      }),
    );
    // One frame at least: software WebGL in WebKit may draw only one within the settle period.
    await drawsAfter(el, before, 1, 'the viewer draws after a wheel zoom');
    expect(
      JSON.stringify((el.viewer as unknown as { getViewpoint(): unknown }).getViewpoint()),
      'the zoom moved the camera',
    ).to.not.equal(viewpoint);
    await settled(el, 'the viewer settles after the zoom');
    expect(await drawnInOneSecond(el), 'frames drawn in 1 s after settling').to.equal(0);
  });

  it('keeps drawing while a drag goes on, also outside the canvas, and settles after it', async () => {
    const canvas = canvasOf(el);
    const start = point(canvas, 0.5, 0.5);
    const init = primaryPress(start);
    canvas.dispatchEvent(new PointerEvent('pointerdown', init));
    canvas.dispatchEvent(new MouseEvent('mousedown', init));
    await settled(el, 'the press alone settles');
    // The pointer has left the canvas: the orbit controls follow it on the document, and so does the drawing.
    const before = drawsOf(el);
    for (let step = 1; step <= 5; step++) {
      const moved = { ...init, clientX: start.clientX + 40 * step, clientY: start.clientY + 400 };
      document.body.dispatchEvent(new PointerEvent('pointermove', moved));
      document.dispatchEvent(new MouseEvent('mousemove', moved));
      await frames(2);
    }
    expect(drawsOf(el) - before, 'frames drawn during the drag').to.be.at.least(2);
    document.body.dispatchEvent(new PointerEvent('pointerup', { ...init, buttons: 0 }));
    document.dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
    await settled(el, 'the viewer settles after the drag');
    expect(await drawnInOneSecond(el), 'frames drawn in 1 s after the drag').to.equal(0);
  });

  it('draws after a call of the viewer API and after a resize', async () => {
    let before = drawsOf(el);
    (el.viewer as unknown as { zoomToFit(): void }).zoomToFit();
    await drawsAfter(el, before, 1, 'the viewer draws after zoomToFit()');
    await settled(el, 'the viewer settles after the API call');

    before = drawsOf(el);
    el.style.display = 'block';
    el.style.width = '360px';
    el.style.height = '240px';
    await drawsAfter(el, before, 1, 'the viewer draws after a resize');
    await waitUntil(() => canvasOf(el).clientWidth === 360, 'the canvas follows the new size');
    await settled(el, 'the viewer settles after the resize');
    expect(await drawnInOneSecond(el), 'frames drawn in 1 s after the resize').to.equal(0);
  });

  it("allocates the drawing buffer once per load, whatever the element's proportions", async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const wide = await embed({
      modelId: 'small-office',
      accessToken: token,
      style: 'width: 640px; height: 320px',
    });
    const square = await embed({
      modelId: 'small-office',
      accessToken: token,
      style: 'width: 320px; height: 320px',
    });
    for (const made of [wide, square]) {
      expect(await outcome(made, 60_000)).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
      await settled(made.el, 'the viewer settles');
    }
    for (const [made, width, height] of [
      [wide, 640, 320],
      [square, 320, 320],
    ] as const) {
      const canvas = canvasOf(made.el);
      expect([canvas.clientWidth, canvas.clientHeight], 'the canvas fills its element').to.deep.equal([
        width,
        height,
      ]);
      // The viewer is created at the element's size; the ResizeObserver's first report repeats it, and setting a
      // canvas's width reallocates its drawing buffer even to the same value.
      expect(widthWrites.get(canvas), `${width}×${height}: drawing buffer allocations`).to.equal(1);
    }
    wide.el.remove();
    square.el.remove();
  });
});
