/**
 * The camera and selection features with the fake SDK, and their pure modules: viewpoint parsing, the change
 * throttle, element data and snapshot options.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelCameraChangeEvent, ModelErrorEvent, ModelSelectEvent } from '../../src/events.js';
import { ViewerCallError } from '../../src/internal/errors.js';
import { ChangeThrottle } from '../../src/internal/change-throttle.js';
import { parseViewpoint, ViewpointSyntaxError, type Viewpoint } from '../../src/internal/viewpoint.js';
import { selectedElement } from '../../src/internal/element-data.js';
import { parseSnapshotOptions } from '../../src/internal/snapshot.js';
import { useFakeSdk } from '../helpers/element.js';
import { defaultViewpoint, type FakeLoad, type FakeSdk, type FakeViewer } from '../helpers/fake-sdk.js';
import { recordEvents, types } from '../helpers/events.js';
import { frames, sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';

const SAVED: Viewpoint = {
  camera: {
    cameraViewPoint: { x: 1, y: 2, z: 3 },
    cameraDirection: { x: 0, y: 1, z: 0 },
    cameraUpVector: { x: 0, y: 0, z: 1 },
    fieldOfView: 45,
    viewToWorldScale: 0,
  },
  clippingPlanes: [],
};

function codeOf(error: unknown): string | undefined {
  return error instanceof ViewerCallError ? error.code : undefined;
}

describe('viewpoint parsing', () => {
  it('takes the six view names in any case, JSON text and objects', () => {
    expect(parseViewpoint(' Top ')).to.deep.equal({ kind: 'named', view: 'top' });
    for (const view of ['bottom', 'front', 'back', 'left', 'right']) {
      expect(parseViewpoint(view)).to.deep.equal({ kind: 'named', view });
    }
    expect(parseViewpoint(JSON.stringify(SAVED))).to.deep.equal({ kind: 'bcf', viewpoint: SAVED });
    expect(parseViewpoint({ ...SAVED, originatingSystem: 'x', extra: 1 })).to.deep.equal({
      kind: 'bcf',
      viewpoint: { ...SAVED, originatingSystem: 'x' },
    });
    const orthographic = { camera: { ...SAVED.camera, fieldOfView: 0, viewToWorldScale: 12 } };
    expect(parseViewpoint(orthographic)).to.deep.equal({
      kind: 'bcf',
      viewpoint: { camera: orthographic.camera, clippingPlanes: [] },
    });
  });

  it('refuses what would break the SDK, saying why', () => {
    const camera = SAVED.camera;
    const cases: [unknown, RegExp][] = [
      ['iso', /one of top, bottom/],
      ['{not json', /not valid JSON/],
      [42, /view name/],
      [{}, /viewpoint.camera must be an object/],
      [
        { camera: { ...camera, cameraDirection: { x: 0, y: 0, z: 0 } } },
        /cameraDirection must not be a zero/,
      ],
      [{ camera: { ...camera, cameraUpVector: { x: 0, y: 0 } } }, /cameraUpVector.z must be a finite/],
      [{ camera: { ...camera, cameraViewPoint: { x: NaN, y: 0, z: 0 } } }, /cameraViewPoint.x/],
      [{ camera: { ...camera, fieldOfView: 180 } }, /fieldOfView between 0 and 180/],
      [{ camera: { ...camera, fieldOfView: 0, viewToWorldScale: 0 } }, /positive viewToWorldScale/],
      [{ camera, clippingPlanes: {} }, /clippingPlanes must be an array/],
      [{ camera, clippingPlanes: [{ normal: { x: 1, y: 0, z: 0 } }] }, /clippingPlanes\[0\].constant/],
      [`{${' '.repeat(20_000)}}`, /longer than/],
    ];
    for (const [input, message] of cases) {
      expect(() => parseViewpoint(input), String(message)).to.throw(ViewpointSyntaxError, message);
    }
  });
});

describe('change throttle', () => {
  it('reports the first change at once, then at most every interval, then settles once', () => {
    const throttle = new ChangeThrottle(250, 150);
    const reports: [number, string][] = [];
    // The camera moves on every 16 ms frame for 1 s, then stays still.
    for (let now = 0; now <= 2000; now += 16) {
      const decision = throttle.tick(now, now <= 1000);
      if (decision) reports.push([now, decision]);
    }
    expect(reports[0]).to.deep.equal([0, 'change']);
    expect(reports.filter(([, d]) => d === 'settled')).to.have.length(1);
    expect(reports.at(-1)![1]).to.equal('settled');
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0] - reports[i - 1]![0]).to.be.at.least(250);
    expect(reports.length).to.be.within(5, 7);
    expect(throttle.moving).to.equal(false);

    // A report whose listeners returned late: the next one waits the interval from then.
    const late = new ChangeThrottle(250, 150);
    expect(late.tick(0, true)).to.equal('change');
    late.reportDelivered(40);
    expect(late.tick(260, true), '250 ms after the decision, 220 after delivery').to.equal(null);
    expect(late.tick(290, true)).to.equal('change');
  });

  it('says nothing while nothing moves, and one change ends in one settled report', () => {
    const throttle = new ChangeThrottle(250, 150);
    expect(throttle.tick(0, false)).to.equal(null);
    expect(throttle.tick(10, true)).to.equal('change');
    const later: (string | null)[] = [];
    for (let now = 26; now < 1000; now += 16) later.push(throttle.tick(now, false));
    expect(later.filter(Boolean)).to.deep.equal(['settled']);
  });
});

describe('element data and snapshot options', () => {
  it('normalises what getElementDataByIndex gives', () => {
    expect(
      selectedElement(7, {
        elementIndex: 7,
        elementId: 'A',
        uniqueId: 'B',
        properties: [{ group: 'G', name: 'N', value: 1.5 }, { group: 'G', name: 'O', value: { x: 1 } }, null],
      }),
    ).to.deep.equal({
      index: 7,
      id: 'A',
      uniqueId: 'B',
      properties: [
        { group: 'G', name: 'N', value: 1.5 },
        { group: 'G', name: 'O', value: null },
      ],
    });
    expect(selectedElement(3, undefined)).to.deep.equal({
      index: 3,
      id: null,
      uniqueId: null,
      properties: null,
    });
  });

  it('takes png or jpeg and a quality from 0 to 1', () => {
    expect(parseSnapshotOptions(undefined)).to.deep.equal({ mime: 'image/png', quality: undefined });
    expect(parseSnapshotOptions({ type: 'image/jpeg' })).to.deep.equal({ mime: 'image/jpeg', quality: 0.92 });
    expect(parseSnapshotOptions({ type: 'jpeg', quality: 0.5 })).to.deep.equal({
      mime: 'image/jpeg',
      quality: 0.5,
    });
    for (const bad of [{ type: 'gif' }, { quality: 2 }, { quality: '0.5' }, 'png']) {
      expect(() => parseSnapshotOptions(bad))
        .to.throw(ViewerCallError)
        .with.property('code', 'invalid-config');
    }
  });
});

describe('<model-viewer-embed> camera and selection (fake SDK)', () => {
  let sdk: FakeSdk;

  useFakeSdk((fake) => (sdk = fake));

  async function loaded(
    viewpoint?: string,
  ): Promise<{ el: ModelViewerEmbed; viewer: FakeViewer; load: FakeLoad }> {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="small-office"
        loading="eager"
        viewpoint=${viewpoint ?? ''}
        .accessToken=${makeToken()}
      ></model-viewer-embed>`,
    );
    const load = await sdk.nextLoad(0);
    const done = oneEvent(el, 'loaded');
    load.loaded();
    await done;
    return { el, viewer: load.viewer, load };
  }

  it('opens on the viewpoint attribute before loaded fires, without a camera-change', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="m"
        viewpoint=${JSON.stringify(SAVED)}
        .accessToken=${makeToken()}
      ></model-viewer-embed>`,
    );
    const events = recordEvents(el);
    const changes: Event[] = [];
    el.addEventListener('camera-change', (event) => changes.push(event));
    const load = await sdk.nextLoad(0);
    let seenAtLoaded: Viewpoint | null = null;
    el.addEventListener('loaded', () => (seenAtLoaded = el.getViewpoint()));
    expect(el.getViewpoint(), 'no view before the model').to.equal(null);
    const done = oneEvent(el, 'loaded');
    load.loaded();
    await done;
    expect(seenAtLoaded!.camera).to.deep.equal(SAVED.camera);
    expect(load.viewer.viewpointCalls).to.have.length(1);
    await frames(3);
    expect(changes).to.have.length(0);
    expect(types(events)).to.deep.equal(['progress', 'loaded']);
  });

  it('a view name goes through alignToView', async () => {
    const { viewer } = await loaded('front');
    expect(viewer.alignedTo).to.deep.equal(['front']);
  });

  it('an invalid viewpoint fires error invalid-config once and the model still loads', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="m"
        viewpoint="diagonal"
        .accessToken=${makeToken()}
      ></model-viewer-embed>`,
    );
    const error = (await oneEvent(el, 'error')) as ModelErrorEvent;
    expect(error.detail.code).to.equal('invalid-config');
    expect(error.detail.message).to.match(/viewpoint must be one of top/);
    const load = await sdk.nextLoad(0);
    const done = oneEvent(el, 'loaded');
    load.loaded();
    await done;
    expect(el.status).to.equal('loaded');
    expect(load.viewer.viewpointCalls).to.have.length(0);
    expect(load.viewer.alignedTo).to.have.length(0);
  });

  it('a new viewpoint after load moves the camera without a reload and fires camera-change from the api', async () => {
    const { el, viewer } = await loaded();
    const change = oneEvent(el, 'camera-change') as Promise<ModelCameraChangeEvent>;
    el.viewpoint = SAVED;
    const { detail } = await change;
    expect(detail).to.deep.include({ source: 'api', settled: false });
    expect(detail.viewpoint.camera).to.deep.equal(SAVED.camera);
    const settled = (await oneEvent(el, 'camera-change')) as ModelCameraChangeEvent;
    expect(settled.detail.settled).to.equal(true);
    expect(sdk.loads, 'no second load').to.have.length(1);
    expect(viewer.viewpointCalls).to.have.length(1);
  });

  it('setViewpoint checks its argument and needs a loaded model; getViewpoint is null until then', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
    );
    expect(el.getViewpoint()).to.equal(null);
    let thrown: unknown;
    try {
      el.setViewpoint('top');
    } catch (error) {
      thrown = error;
    }
    expect(codeOf(thrown)).to.equal('not-loaded');
    const load = await sdk.nextLoad(0);
    load.loaded();
    await waitUntil(() => el.status === 'loaded');
    try {
      el.setViewpoint('{"camera": 1}');
    } catch (error) {
      thrown = error;
    }
    expect(codeOf(thrown)).to.equal('invalid-config');
    el.setViewpoint('left');
    expect(load.viewer.alignedTo).to.deep.equal(['left']);
    expect(el.getViewpoint()!.camera.cameraDirection).to.deep.equal({ x: 1, y: 0, z: 0 });
  });

  it('camera-change follows input over the element: a few reports while moving, one settled at the end', async () => {
    const { el, viewer } = await loaded();
    const seen: { at: number; settled: boolean; source: string }[] = [];
    el.addEventListener('camera-change', (event) =>
      seen.push({ at: performance.now(), settled: event.detail.settled, source: event.detail.source }),
    );
    const canvas = el.querySelector('canvas')!;
    const started = performance.now();
    // A drag: the camera moves on every frame for 700 ms.
    canvas.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, buttons: 1 }));
    while (performance.now() - started < 700) {
      canvas.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, buttons: 1 }));
      viewer.moveCamera(0.5);
      await frames(1);
    }
    await waitUntil(() => seen.some((event) => event.settled), 'settled');
    await sleep(500);
    expect(seen.filter((event) => event.settled)).to.have.length(1);
    expect(seen.at(-1)!.settled).to.equal(true);
    expect(seen.length).to.be.within(2, 5);
    expect(seen.every((event) => event.source === 'user')).to.equal(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.at - seen[i - 1]!.at).to.be.at.least(249);
  });

  it('hovering without a button, or moving nothing, reports nothing', async () => {
    const { el } = await loaded();
    const seen: Event[] = [];
    el.addEventListener('camera-change', (event) => seen.push(event));
    const canvas = el.querySelector('canvas')!;
    canvas.dispatchEvent(new MouseEvent('mousemove', { bubbles: true }));
    canvas.dispatchEvent(new WheelEvent('wheel', { bubbles: true, deltaY: 10 }));
    await sleep(800);
    expect(seen).to.have.length(0);
  });

  it('select carries the element data; a newer selection supersedes a pending one; empty space deselects', async () => {
    const { el, viewer } = await loaded();
    const selects: ModelSelectEvent[] = [];
    el.addEventListener('select', (event) => selects.push(event));
    viewer.click(4);
    viewer.click(9);
    expect(viewer.elementRequests.map((r) => r.index)).to.deep.equal([4, 9]);
    const data = (index: number) => ({
      elementIndex: index,
      elementId: `id-${index}`,
      uniqueId: `u-${index}`,
      properties: [{ group: 'Element', name: 'Category', value: 'Walls' }],
    });
    viewer.elementRequests[1]!.ok(data(9));
    viewer.elementRequests[0]!.ok(data(4));
    expect(selects).to.have.length(1);
    expect(selects[0]!.bubbles).to.equal(false);
    expect(selects[0]!.detail).to.deep.equal({
      element: {
        index: 9,
        id: 'id-9',
        uniqueId: 'u-9',
        properties: [{ group: 'Element', name: 'Category', value: 'Walls' }],
      },
      selection: [9],
    });
    viewer.click(null);
    expect(selects[1]!.detail).to.deep.equal({ element: null, selection: [] });
    viewer.click(2);
    viewer.elementRequests[2]!.fail(new Error('Failed to load element data. Status code: 500'));
    expect(selects[2]!.detail.element).to.deep.equal({
      index: 2,
      id: null,
      uniqueId: null,
      properties: null,
    });
  });

  it("the browser's own select event from an input in the viewer never reaches select listeners", async () => {
    const { el } = await loaded();
    const heard: Event[] = [];
    el.addEventListener('select', (event) => heard.push(event));
    const input = document.createElement('input');
    input.value = 'text';
    el.querySelector('[slot="viewer"]')!.append(input);
    input.dispatchEvent(new Event('select', { bubbles: true }));
    input.select();
    await sleep(50);
    expect(heard).to.have.length(0);
  });

  it('stops listening to the viewer when the element is removed', async () => {
    const { el, viewer } = await loaded();
    expect(viewer.listenerCount('onSelectionChanged')).to.equal(1);
    const selects: Event[] = [];
    el.addEventListener('select', (event) => selects.push(event));
    el.remove();
    expect(viewer.listenerCount('onSelectionChanged')).to.equal(0);
    viewer.click(1);
    expect(selects).to.have.length(0);
  });

  it('snapshot() rejects with not-loaded before the model and resolves with an image after', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
    );
    const early = await el.snapshot().catch((error: unknown) => error);
    expect(codeOf(early)).to.equal('not-loaded');
    const load = await sdk.nextLoad(0);
    load.loaded();
    await waitUntil(() => el.status === 'loaded');
    const blob = await el.snapshot({ type: 'jpeg' });
    expect(blob.type).to.equal('image/jpeg');
    const bitmap = await createImageBitmap(blob);
    expect(bitmap.width).to.equal(load.viewer.canvas!.width);
    const bad = await el.snapshot({ quality: 5 }).catch((error: unknown) => error);
    expect(codeOf(bad)).to.equal('invalid-config');
  });

  it('a viewer replaced after a lost context opens on the view the reader had', async () => {
    const { el, viewer } = await loaded();
    viewer.moveCamera(5);
    el.querySelector('canvas')!.dispatchEvent(new WheelEvent('wheel', { bubbles: true }));
    await waitUntil(() => (el.getViewpoint()?.camera.cameraViewPoint.x ?? 0) === 35);
    await frames(2);
    const lost = oneEvent(el, 'context-lost');
    el.querySelector('canvas')!.dispatchEvent(new Event('webglcontextlost', { cancelable: true }));
    await lost;
    el.querySelector('canvas')!.dispatchEvent(new Event('webglcontextrestored'));
    const next = await sdk.nextLoad(1);
    const restored = oneEvent(el, 'context-restored');
    next.loaded();
    await restored;
    expect(next.viewer.viewpointCalls).to.have.length(1);
    expect(el.getViewpoint()!.camera.cameraViewPoint.x).to.equal(
      defaultViewpoint().camera.cameraViewPoint.x + 5,
    );
  });
});
