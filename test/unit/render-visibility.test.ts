/**
 * Render only what can be seen, with the fake SDK (whose viewer counts the frames of its render loop): a loaded
 * viewer scrolled out of view, or in a hidden tab, draws nothing; back in view it draws again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelStatus } from '../../src/index.js';
import type { FakeSdk, FakeViewer } from '../helpers/fake-sdk.js';
import { useFakeSdk } from '../helpers/element.js';
import { frames } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';

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

async function loadedElement(sdk: FakeSdk): Promise<{ el: ModelViewerEmbed; viewer: FakeViewer }> {
  const page = await fixture<HTMLDivElement>(html`
    <div>
      <model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>
      <div style="height: 4000px"></div>
    </div>
  `);
  const el = page.querySelector('model-viewer-embed')!;
  (await sdk.nextLoad(0)).loaded();
  await waitUntil(() => el.status === ModelStatus.Loaded, 'loaded');
  const viewer = sdk.lastViewer!;
  const start = viewer.frames;
  // At least one frame: the load's end is a change of the scene; an unchanged one is not redrawn (on demand).
  await waitUntil(() => viewer.frames >= start + 1, 'the visible viewer draws');
  return { el, viewer };
}

describe('render only what can be seen', () => {
  let sdk: FakeSdk;

  useFakeSdk(
    (fake) => (sdk = fake),
    () => window.scrollTo(0, 0),
  );

  it('stops the render loop of a viewer scrolled out of view, and restarts it back in view', async () => {
    const { el, viewer } = await loadedElement(sdk);
    window.scrollTo(0, 3000);
    await intersectionsComputed(el);
    await frames(1);
    const stoppedAt = viewer.frames;
    // Input asks for frames (render on demand); off-screen, none is drawn all the same.
    el.querySelector('[slot="viewer"]')!.dispatchEvent(new Event('pointerdown'));
    await frames(5);
    expect(viewer.frames - stoppedAt, 'frames drawn off-screen').to.equal(0);

    window.scrollTo(0, 0);
    // Coming back into view draws one frame at least (render on demand: nothing else changed).
    await waitUntil(() => viewer.frames >= stoppedAt + 1, 'the viewer draws again in view');
    expect(el.status).to.equal(ModelStatus.Loaded);
  });

  it('stops drawing in a hidden tab and starts again when it is shown', async () => {
    const { el, viewer } = await loadedElement(sdk);
    const state = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
    let hidden = true;
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      await frames(1);
      const stoppedAt = viewer.frames;
      el.querySelector('[slot="viewer"]')!.dispatchEvent(new Event('pointerdown'));
      await frames(5);
      expect(viewer.frames - stoppedAt, 'frames drawn in a hidden tab').to.equal(0);
      hidden = false;
      document.dispatchEvent(new Event('visibilitychange'));
      await waitUntil(() => viewer.frames >= stoppedAt + 1, 'the viewer draws again');
    } finally {
      delete (document as unknown as Record<string, unknown>)['visibilityState'];
      expect(Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')).to.deep.equal(state);
    }
    expect(el.status).to.equal(ModelStatus.Loaded);
  });
});
