/**
 * Parking with the fake SDK: with a context budget of one, the viewer scrolled away is parked (snapshot shown,
 * viewer released, `status` still `loaded`, no event) when another needs a context, and restored with its
 * camera when it comes back, without a second `loaded`; a failed restore is the one `error`, `restore-failed`.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelStatus } from '../../src/index.js';
import { configure, resetPageConfigForTests } from '../../src/internal/config.js';
import { FakeViewer, type FakeSdk } from '../helpers/fake-sdk.js';
import { installFakeSdk } from '../helpers/element.js';
import { recordEvents, types } from '../helpers/events.js';
import { sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';

type WithViewpoint = FakeViewer & { restored?: unknown };
const viewerPrototype = FakeViewer.prototype as unknown as Record<string, unknown>;

describe('parking a viewer to stay within the context budget', () => {
  let sdk: FakeSdk;

  beforeEach(() => {
    sdk = installFakeSdk();
    configure({ contextBudget: 1 });
    // The SDK's camera API, which the fake does not model: each viewer's viewpoint names it.
    viewerPrototype['getViewpoint'] = function (this: FakeViewer) {
      return { camera: `viewer ${this.id}` };
    };
    viewerPrototype['setViewpoint'] = function (this: WithViewpoint, viewpoint: unknown) {
      this.restored = viewpoint;
    };
  });
  afterEach(async () => {
    fixtureCleanup();
    await sleep(0);
    sdk.uninstall();
    resetPageConfigForTests();
    delete viewerPrototype['getViewpoint'];
    delete viewerPrototype['setViewpoint'];
  });

  function snapshotOf(el: ModelViewerEmbed): HTMLImageElement | null {
    return el.shadowRoot!.querySelector<HTMLImageElement>('[part="parked-snapshot"]');
  }

  it('parks the off-screen viewer, restores it with its camera, and reports a failed restore once', async () => {
    const scroller = await fixture<HTMLDivElement>(
      html`<div style="height: 320px; width: 420px; overflow-y: auto"></div>`,
    );
    const make = (modelId: string) => {
      const el = document.createElement('model-viewer-embed');
      el.modelId = modelId;
      el.accessToken = makeToken();
      el.style.height = '300px';
      return el;
    };
    const a = make('model-a');
    const b = make('model-b');
    const spacer = document.createElement('div');
    spacer.style.height = '1000px';
    scroller.append(a, spacer, b);
    const eventsA = recordEvents(a);
    const eventsB = recordEvents(b);

    (await sdk.nextLoad(0)).loaded();
    await waitUntil(() => a.status === ModelStatus.Loaded, 'a loaded');
    const firstViewerOfA = sdk.viewers[0]!;

    scroller.scrollTop = b.offsetTop - scroller.offsetTop;
    const loadOfB = await sdk.nextLoad(1);
    expect(a.parked, 'a is parked before b creates its viewer').to.equal(true);
    expect(a.viewer === null, 'a parked element has no viewer').to.equal(true);
    expect(firstViewerOfA.disposed).to.equal(true);
    expect(a.status).to.equal(ModelStatus.Loaded);
    await a.updateComplete;
    expect(snapshotOf(a)?.src.startsWith('data:image/jpeg'), 'the snapshot shows').to.equal(true);
    loadOfB.loaded();
    await waitUntil(() => b.status === ModelStatus.Loaded, 'b loaded');

    scroller.scrollTop = 0;
    const restoreOfA = await sdk.nextLoad(2);
    expect(restoreOfA.request.modelId).to.equal('model-a');
    expect(b.parked, 'b makes room for a').to.equal(true);
    expect(a.parked, 'a stays parked until its model is back').to.equal(true);
    restoreOfA.loaded();
    await waitUntil(() => !a.parked, 'a restored');
    await a.updateComplete;
    expect((sdk.viewers.at(-1) as WithViewpoint).restored).to.deep.equal({
      camera: `viewer ${firstViewerOfA.id}`,
    });
    expect(snapshotOf(a) === null, 'the snapshot is gone').to.equal(true);
    expect(types(eventsA).filter((type) => type !== 'progress')).to.deep.equal(['loaded']);

    scroller.scrollTop = b.offsetTop - scroller.offsetTop;
    (await sdk.nextLoad(3)).failMetadata(401);
    await waitUntil(() => b.status === ModelStatus.Error, 'b failed to restore');
    expect(b.error?.code).to.equal('restore-failed');
    expect(b.parked).to.equal(false);
    expect(types(eventsB).filter((type) => type !== 'progress')).to.deep.equal(['loaded', 'error']);
  });
});
