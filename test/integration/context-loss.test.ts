/**
 * Context loss with the REAL SDK: when the browser takes a loaded viewer's WebGL context (forced here with
 * `WEBGL_lose_context`), the element shows "3D view paused" and fires `context-lost` while `status` stays
 * `loaded`. It loads the model again into a new viewer when it can be seen and the context is wanted back:
 * when the element comes into view after the loss (every engine), or when the browser restores the context
 * (`restoreContext()`: only where the engine fires `webglcontextrestored`, see `restoresContexts`). Then it draws
 * the model (canvas pixels not blank) and fires `context-restored`, no second `loaded`; if that load fails,
 * `error` with code `context-lost`.
 */
import './support.js';
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  apiCounts,
  embed,
  freshPage,
  mintToken,
  nextEvent,
  platformStats,
  revokeToken,
  sleep,
  TOKEN_ROUTE,
  type Embed,
} from './support.js';
import { types } from '../helpers/events.js';

/** The number of distinct colours the canvas shows in the frame after the SDK's next render. */
function coloursDrawn(canvas: HTMLCanvasElement): Promise<number> {
  // Read in an animation frame: the SDK keeps its drawing buffer (preserveDrawingBuffer), and a frame it has
  // queued has drawn by then.
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d')!;
      context.drawImage(canvas, 0, 0);
      const { data } = context.getImageData(0, 0, copy.width, copy.height);
      const colours = new Set<number>();
      for (let i = 0; i < data.length && colours.size < 3; i += 4 * 7) {
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      resolve(colours.size);
    }),
  );
}

/**
 * Whether `restoreContext()` ever fires `webglcontextrestored` in this engine under the test runner. Checked on
 * a bare canvas: Firefox does; headless Chromium (SwiftShader) and WebKitGTK never do, so there the restore
 * follows the element coming back into view instead. Named by engine, not probed with a deadline, so a slow
 * machine cannot turn a failure into a skip.
 */
function restoresContexts(): boolean {
  return navigator.userAgent.includes('Firefox/');
}

function pausedText(el: ModelViewerEmbed): string | null {
  return el.shadowRoot!.querySelector('[part="context-lost"]')?.textContent?.trim() ?? null;
}

function canvasOf(el: Element): HTMLCanvasElement {
  const canvas = el.querySelector<HTMLCanvasElement>('[slot="viewer"] canvas');
  if (!canvas) throw new Error('no canvas');
  return canvas;
}

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

/** A loaded `small-office` at the top of a scrolling box (2000 px of content below it), drawn. */
async function loadedInScroller(
  options: { accessToken?: string } = {},
): Promise<Embed & { scroller: HTMLElement }> {
  const scroller = await fixture<HTMLDivElement>(
    html`<div style="height: 420px; width: 520px; overflow-y: auto"></div>`,
  );
  const made = await embed({
    modelId: 'small-office',
    ...(options.accessToken ? { accessToken: options.accessToken } : { tokenUrl: TOKEN_ROUTE }),
    parent: scroller,
  });
  const spacer = document.createElement('div');
  spacer.style.height = '2000px';
  scroller.append(spacer);
  await nextEvent(made.el, 'loaded', 60_000);
  await waitUntil(async () => (await coloursDrawn(canvasOf(made.el))) > 1, 'the model is drawn');
  return { ...made, scroller };
}

/** Takes the viewer's context the way a browser does, and resolves once the element has noticed. */
async function loseContext(el: ModelViewerEmbed): Promise<WEBGL_lose_context> {
  const canvas = canvasOf(el);
  const gl = (canvas.getContext('webgl') ??
    canvas.getContext('experimental-webgl')) as WebGLRenderingContext | null;
  const lose = gl?.getExtension('WEBGL_lose_context');
  // Every engine here exposes it; without it the loss cannot be forced and the test must say so by failing.
  if (!lose) throw new Error('WEBGL_lose_context is not available');
  const lost = nextEvent(el, 'context-lost', 10_000);
  lose.loseContext();
  await lost;
  await el.updateComplete;
  return lose;
}

async function scrollTo(scroller: HTMLElement, top: number, el: Element): Promise<void> {
  scroller.scrollTop = top;
  await intersectionsComputed(el);
}

describe('context loss with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(() => freshPage());

  it('shows "3D view paused" with status loaded, and restores the model once the viewer comes back into view', async () => {
    const { el, events, scroller } = await loadedInScroller();
    await loseContext(el);
    expect(el.status).to.equal('loaded');
    expect(el.contextLost).to.equal(true);
    expect(pausedText(el)).to.equal('3D view paused');

    // In view all along, nothing reloads: a context taken to make room for another is not given back, and
    // taking another one at once would take someone else's.
    const blobsAtLoss = (await platformStats()).blob;
    await sleep(500);
    expect((await platformStats()).blob, 'no reload while the lost viewer stays in view').to.equal(
      blobsAtLoss,
    );

    await scrollTo(scroller, 1500, el);
    const restored = nextEvent(el, 'context-restored', 60_000);
    const before = apiCounts(await platformStats());
    await scrollTo(scroller, 0, el);
    await restored;
    await el.updateComplete;
    expect(el.contextLost).to.equal(false);
    expect(pausedText(el)).to.equal(null);
    await waitUntil(async () => (await coloursDrawn(canvasOf(el))) > 1, 'the model is drawn again');
    expect(types(events.filter((e) => e.type === 'loaded' || e.type === 'error'))).to.deep.equal(['loaded']);
    expect(el.status).to.equal('loaded');

    // What a restore costs (the numbers for docs/performance.md): the element keeps its token, so no token
    // request; the blob metadata and every part again, as part URLs are signed per request.
    const after = apiCounts(await platformStats());
    const cost = Object.fromEntries(
      Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)]),
    );
    console.info(`[context-loss] requests of one restore: ${JSON.stringify(cost)}`);
    expect(cost.token, 'token requests of a restore').to.equal(0);
    expect(cost.blob, 'blob metadata requests of a restore').to.equal(1);
  });

  it('lost while off-screen: waits until the viewer can be seen before loading again', async () => {
    const { el, events, scroller } = await loadedInScroller();
    await scrollTo(scroller, 1500, el);
    await loseContext(el);
    expect(el.contextLost).to.equal(true);
    const blobsAtLoss = (await platformStats()).blob;
    // A measurement window: a restore started now would have asked for the blob metadata well within it.
    await sleep(1000);
    expect((await platformStats()).blob, 'no reload while off-screen').to.equal(blobsAtLoss);
    expect(el.contextLost).to.equal(true);

    const restored = nextEvent(el, 'context-restored', 60_000);
    await scrollTo(scroller, 0, el);
    await restored;
    await waitUntil(async () => (await coloursDrawn(canvasOf(el))) > 1, 'the model is drawn again');
    expect(types(events.filter((e) => e.type === 'loaded' || e.type === 'error'))).to.deep.equal(['loaded']);
  });

  it('restores in view when the browser gives the context back (engines that fire webglcontextrestored)', async function () {
    if (!restoresContexts()) {
      // Chromium headless (SwiftShader) and WebKitGTK never fire `webglcontextrestored` after restoreContext().
      this.skip();
    }
    const { el, events } = await loadedInScroller();
    const lose = await loseContext(el);
    const restored = nextEvent(el, 'context-restored', 60_000);
    lose.restoreContext();
    await restored;
    await el.updateComplete;
    expect(el.contextLost).to.equal(false);
    await waitUntil(async () => (await coloursDrawn(canvasOf(el))) > 1, 'the model is drawn again');
    expect(types(events.filter((e) => e.type === 'loaded' || e.type === 'error'))).to.deep.equal(['loaded']);
  });

  it('a restore that fails ends in one error with code context-lost', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events, scroller } = await loadedInScroller({ accessToken: token });
    await loseContext(el);
    // The token the element holds stops working meanwhile, so loading the model again is refused (401).
    await revokeToken(token);
    await scrollTo(scroller, 1500, el);
    const failed = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'error', 60_000);
    await scrollTo(scroller, 0, el);
    const { detail } = await failed;
    expect(detail.code).to.equal('context-lost');
    expect(detail.message).to.not.include(token);
    await el.updateComplete;
    expect(el.status).to.equal('error');
    expect(el.contextLost).to.equal(false);
    expect(types(events.filter((e) => e.type === 'loaded' || e.type === 'error'))).to.deep.equal([
      'loaded',
      'error',
    ]);
    expect(events.some((e) => e.type === 'context-restored')).to.equal(false);
  });
});
