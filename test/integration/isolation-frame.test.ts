/**
 * `isolation="frame"` with the real SDK on the local platform, on a page that has its own global three.js r160
 * (which without isolation ends in `sdk-load-failed`, see three-revision.test.ts). The page's global `THREE`
 * stays for the whole file, so this scenario has its own file (each file runs in its own page).
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../helpers/wait.js';
import {
  DEMO_PASSWORD,
  embed,
  type Embed,
  expectError,
  expectLoaded,
  expectNoSecrets,
  expectProgressComplete,
  frames,
  mintToken,
  nextOutcome,
  resetPlatform,
  terminalsAfter,
  typeText,
} from './support.js';
import {
  expectPageUntouched,
  frameContext,
  frameDocument,
  isolationFrame,
  loadPageScript,
  pageScene,
} from './isolation-helpers.js';
import { primaryPress } from '../helpers/dom.js';
import { LAZY_CHUNKS } from '../../src/features/loading.js';

const RED = 0xff0000;
const BLUE = 0x0000ff;

interface GlobalThree {
  REVISION: string;
}
const pageThree = () => (window as unknown as { THREE?: GlobalThree }).THREE;

/** An element with `isolation="frame"` that has loaded small-office with a fresh token. */
async function loadedInFrame(token?: string): Promise<Embed> {
  const loaded = await embed({
    modelId: 'small-office',
    accessToken: token ?? (await mintToken({ modelId: 'small-office' })),
    attributes: { isolation: 'frame' },
  });
  expectLoaded(await nextOutcome(loaded.el, 60_000));
  return loaded;
}

describe('isolation="frame" on a page with three.js r160 (real SDK, local platform)', function () {
  this.timeout(90_000);

  before(async () => {
    await loadPageScript('/node_modules/three-r160/build/three.min.js');
    expect(pageThree()?.REVISION).to.equal('160');
  });

  beforeEach(async () => {
    await resetPlatform();
  });

  it("loads a model in token mode; the page's three.js scene draws before, during and after", async () => {
    const three = pageThree()!;
    const scene = pageScene(three as never);
    try {
      expect(scene.draw(RED)).to.deep.equal([255, 0, 0]);
      const token = await mintToken({ modelId: 'small-office' });
      const { el, events } = await embed({
        modelId: 'small-office',
        accessToken: token,
        attributes: { isolation: 'frame' },
      });
      const outcome = nextOutcome(el, 60_000);
      expect(scene.draw(BLUE), 'the page scene draws while the model loads').to.deep.equal([0, 0, 255]);
      expectLoaded(await outcome);
      expectProgressComplete(events);
      expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal(['loaded']);

      // The SDK runs in the frame, on its own three.js; the page's THREE is the same object as before.
      const frameWindow = isolationFrame(el)!.contentWindow as unknown as {
        THREE: GlobalThree;
        bimU: unknown;
      };
      expect(frameWindow.THREE.REVISION).to.equal('113');
      expect(typeof frameWindow.bimU).to.equal('object');
      expect(pageThree() === three, "the page's THREE is untouched").to.equal(true);
      expectPageUntouched();
      expect(scene.draw(RED), 'the page scene draws after the model loaded').to.deep.equal([255, 0, 0]);

      // The viewer fills the element: its canvas has the host's size, not the SDK's width × width / 2.
      const canvas = frameDocument(el).querySelector('canvas')!;
      await waitUntil(
        () => Math.abs(canvas.clientWidth - 480) <= 1 && Math.abs(canvas.clientHeight - 360) <= 1,
        'the canvas fills the 480×360 host',
      );
      el.style.height = '420px';
      await waitUntil(() => Math.abs(canvas.clientHeight - 420) <= 1, 'the canvas follows the host to 420px');
      expect(el.viewer !== null, 'the viewer is reachable').to.equal(true);
      expect(el.status).to.equal('loaded');
      await expect(el).to.be.accessible();
      expectNoSecrets([token]);
      el.remove();
    } finally {
      scene.dispose();
    }
  });

  it('reload() loads again in the same frame, without loading the scripts again', async () => {
    const { el } = await loadedInFrame();
    const firstWindow = isolationFrame(el)!.contentWindow!;
    const scripts = () => frameDocument(el).querySelectorAll('script[data-model-viewer-embed="sdk"]').length;
    expect(scripts()).to.equal(2);
    const again = nextOutcome(el, 60_000);
    el.reload();
    expectLoaded(await again);
    expect(isolationFrame(el)!.contentWindow === firstWindow, 'the same frame').to.equal(true);
    expect(scripts(), 'three.js and the SDK are loaded once per frame').to.equal(2);
    expect(frameDocument(el).querySelectorAll('canvas').length, 'one viewer at a time').to.equal(1);
    el.remove();
  });

  it("ends in sdk-load-failed when the frame's module cannot be downloaded; a reload downloads it again", async () => {
    const chunks = LAZY_CHUNKS as { isolationFrame: () => Promise<unknown> };
    const shipped = chunks.isolationFrame;
    const missing = `/no-such-chunk/isolation-frame-${Date.now()}.js`;
    chunks.isolationFrame = () => import(/* @vite-ignore */ missing);
    try {
      const { el, events } = await embed({
        modelId: 'small-office',
        accessToken: await mintToken({ modelId: 'small-office' }),
        attributes: { isolation: 'frame' },
      });
      const failed = await nextOutcome(el, 60_000);
      expectError(failed, 'sdk-load-failed');
      expect(failed.message).to.include('isolation-frame');
      expect(isolationFrame(el), 'no frame').to.equal(null);
      chunks.isolationFrame = shipped;
      const again = nextOutcome(el, 60_000);
      el.reload();
      expectLoaded(await again);
      expect(isolationFrame(el), 'the frame, once its module came').not.to.equal(null);
      expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal([
        'error',
        'loaded',
      ]);
      el.remove();
    } finally {
      chunks.isolationFrame = shipped;
    }
  });

  it('a drag in the frame keeps the viewer drawing, also when the pointer leaves the canvas', async () => {
    const { el } = await loadedInFrame();
    // three.js clears once per rendered frame; counting on this context's own `clear` sees the frame's draws.
    const context = frameContext(el);
    let draws = 0;
    const nativeClear = context.clear.bind(context);
    context.clear = (mask: number) => {
      draws += 1;
      nativeClear(mask);
    };
    const settled = (what: string) =>
      waitUntil(async () => {
        const before = draws;
        await frames(3);
        return draws === before;
      }, what);
    await settled('the loaded viewer settles');
    const canvas = context.canvas as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    const init = primaryPress({ clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 });
    canvas.dispatchEvent(new PointerEvent('pointerdown', init));
    canvas.dispatchEvent(new MouseEvent('mousedown', init));
    await settled('the press alone settles');
    // Off the canvas, the rest of the drag goes to the frame's document, where the orbit controls follow it.
    const before = draws;
    for (let step = 1; step <= 5; step++) {
      const moved = { ...init, clientX: init.clientX + 40 * step, clientY: init.clientY + 400 };
      frameDocument(el).body.dispatchEvent(new PointerEvent('pointermove', moved));
      frameDocument(el).dispatchEvent(new MouseEvent('mousemove', moved));
      await frames(2);
    }
    expect(draws - before, 'frames drawn during the drag').to.be.at.least(2);
    frameDocument(el).body.dispatchEvent(new PointerEvent('pointerup', { ...init, buttons: 0 }));
    frameDocument(el).dispatchEvent(new MouseEvent('mouseup', { ...init, buttons: 0 }));
    await settled('the viewer settles after the drag');
    el.remove();
  });

  it("getViewpoint() hands the page plain objects of its own realm, never the frame's", async () => {
    const { el } = await loadedInFrame();
    const viewpoint = el.getViewpoint()!;
    // An object of the frame's realm fails instanceof against this realm's Object, and keeps the frame alive.
    expect(viewpoint, 'a viewpoint of the page realm').to.be.instanceOf(Object);
    expect(viewpoint.camera?.cameraViewPoint, 'its nested values too').to.be.instanceOf(Object);
    el.remove();
  });

  it('password mode: the dialog opens in the frame, typing the password loads the model', async () => {
    const { el, events } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      attributes: { isolation: 'frame' },
    });
    let field: HTMLInputElement | null = null;
    await waitUntil(() => {
      const doc = isolationFrame(el)?.contentDocument;
      field = doc?.querySelector<HTMLInputElement>('.modal.open input[type="password"]') ?? null;
      const dialog = field?.closest<HTMLElement>('.modal');
      const settled = !!dialog && doc!.defaultView!.getComputedStyle(dialog).opacity === '1';
      return settled && doc!.activeElement === field && document.activeElement === isolationFrame(el);
    }, 'the password field is shown and focused inside the frame');
    expect(document.querySelectorAll('.modal').length, "no dialog in the page's document").to.equal(0);
    const loaded = nextOutcome(el, 60_000);
    await typeText(DEMO_PASSWORD);
    expect(field!.value).to.equal(DEMO_PASSWORD);
    await sendKeys({ press: 'Enter' });
    expectLoaded(await loaded);
    expectProgressComplete(events);
    expect(frameDocument(el).querySelectorAll('.modal.open').length, 'the dialog closed').to.equal(0);
    expect(frameDocument(el).documentElement.outerHTML).not.to.include(DEMO_PASSWORD);
    expectNoSecrets([DEMO_PASSWORD]);
    el.remove();
  });

  it('a DOM move unloads the frame: the element loads the model again in a new frame', async () => {
    const { el, events } = await loadedInFrame();
    const firstWindow = isolationFrame(el)!.contentWindow!;
    const again = nextOutcome(el, 60_000);
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el);
    expectLoaded(await again);
    expect(firstWindow.closed, 'the old frame is gone').to.equal(true);
    expect(el.querySelectorAll('iframe').length, 'one frame').to.equal(1);
    expect(frameDocument(el).querySelectorAll('canvas').length, 'a viewer in the new frame').to.equal(1);
    expect(events.filter((event) => event.type === 'error')).to.deep.equal([]);
    other.remove();
  });

  it('teardown removes the frame and leaves no live WebGL context, over three cycles', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    for (let cycle = 0; cycle < 3; cycle++) {
      const { el } = await loadedInFrame(token);
      const context = frameContext(el);
      const frameWindow = isolationFrame(el)!.contentWindow!;
      expect(context.isContextLost()).to.equal(false);
      el.remove();
      await waitUntil(() => isolationFrame(el) === null, 'the frame is removed after teardown');
      expect(context.isContextLost(), `cycle ${cycle}: the context is released`).to.equal(true);
      expect(frameWindow.closed, `cycle ${cycle}: the frame's window is gone`).to.equal(true);
    }
    expect(document.querySelectorAll('iframe').length, 'no frame left on the page').to.equal(0);
  });

  it('without isolation, the same page ends in sdk-load-failed (the reason for the setting)', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const { el } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'sdk-load-failed' });
    expect(pageThree()?.REVISION).to.equal('160');
    el.remove();
  });
});
