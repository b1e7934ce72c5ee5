/**
 * Context loss with the REAL SDK: when the browser takes a loaded viewer's WebGL context (forced here with
 * `WEBGL_lose_context`), the element shows "3D view paused" and fires `context-lost` while `status` stays
 * `loaded`; when the context comes back it draws the model again (canvas pixels not blank), fires
 * `context-restored` and no second `loaded`. The restore half runs where the engine restores a context at all
 * (see `restoresContexts`).
 */
import './support.js';
import { expect, waitUntil } from '@open-wc/testing';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { embed, freshPage, nextEvent, TOKEN_ROUTE } from './support.js';
import { types } from '../helpers/events.js';

/** The number of distinct colours the canvas shows in the frame after the SDK's next render. */
function coloursDrawn(canvas: HTMLCanvasElement): Promise<number> {
  // The drawing buffer is cleared once the frame is composited: read it in an animation frame queued after
  // the one the SDK's render loop has already queued.
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
 * a bare canvas: Firefox does; headless Chromium (SwiftShader) and WebKitGTK never do, so there only the loss
 * half of the test runs. Named by engine, not probed with a deadline, so a slow machine cannot turn a failure
 * into a skip.
 */
function restoresContexts(): boolean {
  return navigator.userAgent.includes('Firefox/');
}

function pausedText(el: ModelViewerEmbed): string | null {
  return el.shadowRoot!.querySelector('[part="context-lost"]')?.textContent?.trim() ?? null;
}

describe('context loss with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(() => freshPage());

  it('shows "3D view paused" with status loaded, then draws the model again without a second loaded', async function () {
    const { el, events } = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE });
    await nextEvent(el, 'loaded', 60_000);
    const canvas = el.querySelector('canvas')!;
    await waitUntil(async () => (await coloursDrawn(canvas)) > 1, 'the model is drawn', { timeout: 20_000 });
    const gl = (canvas.getContext('webgl') ??
      canvas.getContext('experimental-webgl')) as WebGLRenderingContext | null;
    const lose = gl?.getExtension('WEBGL_lose_context');
    if (!lose) {
      // The engine does not expose WEBGL_lose_context: the loss cannot be forced.
      this.skip();
    }
    const lost = nextEvent(el, 'context-lost', 10_000);
    lose!.loseContext();
    await lost;
    await el.updateComplete;
    expect(el.status).to.equal('loaded');
    expect(el.contextLost).to.equal(true);
    expect(pausedText(el)).to.equal('3D view paused');

    if (!restoresContexts()) return;
    const restored = nextEvent(el, 'context-restored', 60_000);
    lose!.restoreContext();
    await restored;
    await el.updateComplete;
    expect(el.contextLost).to.equal(false);
    expect(pausedText(el)).to.equal(null);
    const drawn = el.querySelector('canvas')!;
    await waitUntil(async () => (await coloursDrawn(drawn)) > 1, 'the model is drawn again', {
      timeout: 20_000,
    });
    expect(types(events.filter((e) => e.type === 'loaded' || e.type === 'error'))).to.deep.equal(['loaded']);
    expect(el.status).to.equal('loaded');
  });
});
