/**
 * Cooperative gestures with the REAL SDK: over a loaded viewer in a scrollable page, a plain wheel and a
 * one-finger touch are left to the page (no `preventDefault`, camera unchanged), Ctrl/⌘ + wheel, a focused
 * viewer, two fingers and `gestures="greedy"` move the camera, and the SDK's arrow keys act only while the
 * viewer has focus.
 *
 * A synthetic WheelEvent never scrolls a page, in any engine; "the page scrolls" is asserted as what decides
 * it: the event reaches the page with `defaultPrevented` false (the SDK's wheel handler always prevents it).
 */
import './support.js';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { embed, freshPage, frames, nextEvent, TOKEN_ROUTE } from './support.js';

let page: HTMLDivElement;
let el: ModelViewerEmbed;

/** The SDK's BCF camera viewpoint (its `getViewpoint()`, outside the slice the element types). */
function viewpoint(): string {
  return JSON.stringify((el.viewer as unknown as { getViewpoint(): unknown }).getViewpoint());
}

function canvas(): HTMLCanvasElement {
  return el.querySelector('canvas')!;
}

/** Dispatches a wheel over the middle of the canvas; returns whether nobody called preventDefault. */
function wheel(init: WheelEventInit = {}): boolean {
  const box = canvas().getBoundingClientRect();
  return canvas().dispatchEvent(
    new WheelEvent('wheel', {
      bubbles: true,
      cancelable: true,
      composed: true,
      deltaY: -400,
      deltaMode: 0,
      clientX: box.left + box.width / 2,
      clientY: box.top + box.height / 2,
      ...init,
    }),
  );
}

/** Whether the camera stays where it was for `count` frames of the SDK's render loop. */
async function unchangedFor(before: string, count = 10): Promise<boolean> {
  await frames(count);
  return viewpoint() === before;
}

function hintText(): string | null {
  return el.shadowRoot!.querySelector('.gesture-hint')?.textContent ?? null;
}

function touchesAt(points: [number, number][]): Touch[] {
  return points.map(
    ([x, y], identifier) =>
      new Touch({
        identifier,
        target: canvas(),
        clientX: x,
        clientY: y,
        pageX: x + scrollX,
        pageY: y + scrollY,
      }),
  );
}

function canBuildTouches(): boolean {
  try {
    return touchesAt([[0, 0]]).length === 1 && typeof TouchEvent === 'function';
  } catch {
    return false;
  }
}

/** Dispatches a touch gesture of `fingers` fingers moving 120 px down; returns whether touchstart was let through. */
function drag(fingers: 1 | 2): boolean {
  const box = canvas().getBoundingClientRect();
  const x = box.left + box.width / 2;
  const y = box.top + box.height / 2;
  const at = (dy: number) =>
    touchesAt(
      fingers === 1
        ? [[x, y + dy]]
        : [
            [x - 40, y + dy],
            [x + 40, y + dy - (dy ? 30 : 0)],
          ],
    );
  const send = (type: string, touches: Touch[], changed = touches) =>
    canvas().dispatchEvent(
      new TouchEvent(type, {
        bubbles: true,
        cancelable: true,
        composed: true,
        touches,
        targetTouches: touches,
        changedTouches: changed,
      }),
    );
  const started = send('touchstart', at(0));
  for (const dy of [30, 60, 90, 120]) send('touchmove', at(dy));
  send('touchend', [], at(120));
  return started;
}

describe('cooperative gestures with the real SDK', function () {
  this.timeout(120_000);

  before(async () => {
    await freshPage();
    page = document.createElement('div');
    // Taller than the window: the page can scroll, and the viewer sits in the middle of it.
    page.style.cssText = 'padding: 600px 0 3000px';
    document.body.append(page);
    const made = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      parent: page,
      style: 'width: 480px; height: 360px',
    });
    el = made.el;
    await nextEvent(el, 'loaded', 60_000);
    el.scrollIntoView({ block: 'center' });
    await frames(5);
  });

  after(() => page.remove());

  beforeEach(() => {
    el.gestures = 'cooperative';
    (document.activeElement as HTMLElement | null)?.blur?.();
  });

  it('leaves a plain wheel to the page, keeps the camera and shows the Ctrl + scroll hint', async () => {
    await el.updateComplete;
    const before = viewpoint();
    // Nobody prevented it: the browser scrolls the page, as it does without the viewer.
    expect(wheel(), 'wheel not prevented').to.equal(true);
    await el.updateComplete;
    expect(hintText()).to.match(/Use (Ctrl|⌘) \+ scroll to zoom the model/);
    expect(await unchangedFor(before), 'camera unchanged').to.equal(true);
    await waitUntil(() => hintText() === null, 'the hint goes away by itself');
  });

  it('a real wheel over the viewer scrolls the page (Chromium: the only engine the runner can wheel)', async function () {
    const box = canvas().getBoundingClientRect();
    const before = viewpoint();
    const scrolledFrom = scrollY;
    const result = await executeServerCommand<{ supported: boolean }, unknown>('real-wheel', {
      x: Math.round(box.left + box.width / 2),
      y: Math.round(box.top + box.height / 2),
      deltaY: 400,
    });
    if (!result?.supported) this.skip();
    await waitUntil(() => scrollY > scrolledFrom, 'the page scrolled');
    expect(viewpoint(), 'camera unchanged').to.equal(before);
    el.scrollIntoView({ block: 'center' });
  });

  it('zooms the model on Ctrl + wheel and on ⌘ + wheel', async () => {
    for (const modifier of [{ ctrlKey: true }, { metaKey: true }]) {
      const before = viewpoint();
      expect(wheel(modifier), `${Object.keys(modifier)[0]} + wheel prevented by the SDK`).to.equal(false);
      await waitUntil(() => viewpoint() !== before, 'camera zoomed');
    }
    await el.updateComplete;
    expect(hintText()).to.equal(null);
  });

  it('zooms on a plain wheel while the viewer has focus (pressing the model gives it focus)', async () => {
    const container = el.querySelector<HTMLElement>('[slot="viewer"]')!;
    expect(container.tabIndex).to.equal(0);
    expect(container.getAttribute('aria-label')).to.match(/3D view/);
    const box = canvas().getBoundingClientRect();
    canvas().dispatchEvent(
      new MouseEvent('mousedown', {
        bubbles: true,
        cancelable: true,
        clientX: box.left + 5,
        clientY: box.top + 5,
      }),
    );
    canvas().dispatchEvent(
      new MouseEvent('mouseup', {
        bubbles: true,
        cancelable: true,
        clientX: box.left + 5,
        clientY: box.top + 5,
      }),
    );
    window.dispatchEvent(new MouseEvent('mouseup', { clientX: box.left + 5, clientY: box.top + 5 }));
    expect(container.contains(document.activeElement), 'focus in the viewer').to.equal(true);
    const before = viewpoint();
    expect(wheel(), 'wheel prevented by the SDK').to.equal(false);
    await waitUntil(() => viewpoint() !== before, 'camera zoomed');
  });

  it('gestures="greedy" zooms on a plain wheel, as the SDK does, without reloading', async () => {
    el.setAttribute('gestures', 'greedy');
    await el.updateComplete;
    expect(el.gestures).to.equal('greedy');
    const before = viewpoint();
    expect(wheel(), 'wheel prevented by the SDK').to.equal(false);
    await waitUntil(() => viewpoint() !== before, 'camera zoomed');
    await el.updateComplete;
    expect(hintText()).to.equal(null);
    expect(el.status).to.equal('loaded');
    el.removeAttribute('gestures');
  });

  it('one finger does not move the camera (the page pans); two fingers do', async function () {
    if (!canBuildTouches()) {
      // Desktop Firefox has no Touch constructor and WebKit's throws "Illegal constructor": no touch gesture can
      // be built there.
      this.skip();
    }
    const before = viewpoint();
    expect(drag(1), 'one-finger touchstart not prevented').to.equal(true);
    expect(await unchangedFor(before), 'camera unchanged').to.equal(true);
    drag(2);
    await waitUntil(() => viewpoint() !== before, 'two fingers moved the camera');
    // What lets a real finger scroll the page: the browser pans, and leaves pinches to the viewer.
    expect(getComputedStyle(el.querySelector('[slot="viewer"]')!).touchAction).to.equal('pan-x pan-y');
  });

  it("the SDK's arrow keys act only while the viewer has focus", async () => {
    const before = viewpoint();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowUp' });
    expect(await unchangedFor(before), 'arrow keys elsewhere leave the camera alone').to.equal(true);
    el.querySelector<HTMLElement>('[slot="viewer"]')!.focus();
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => viewpoint() !== before, 'arrow keys on the focused viewer pan');
  });
});
