/**
 * Camera, selection and snapshots with the REAL SDK on the local platform: a viewpoint read after the reader
 * moved the camera opens a fresh element on the same view (numbers and pixels); `camera-change` follows real
 * input and is throttled; a click on an element of `small-office` gives `select` with exactly the properties the
 * platform serves for it, a click on empty space deselects; `snapshot()` is a decodable image of the model.
 */
import './support.js';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelCameraChangeEvent, ModelSelectEvent } from '../../src/events.js';
import type { Viewpoint } from '../../src/internal/viewpoint.js';
import { ViewerCallError } from '../../src/internal/errors.js';
import {
  blobRequestsSince,
  embed,
  freshPage,
  frames,
  mintToken,
  nextEvent,
  requestMark,
  TOKEN_ROUTE,
} from './support.js';

const SIZE = 'width: 480px; height: 360px';

async function loadedElement(attributes: Record<string, string> = {}): Promise<ModelViewerEmbed> {
  const { el } = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE, style: SIZE, attributes });
  await nextEvent(el, 'loaded', 60_000);
  return el;
}

function canvasOf(el: ModelViewerEmbed): HTMLCanvasElement {
  return el.querySelector<HTMLCanvasElement>('[slot="viewer"] canvas')!;
}

/** The canvas's pixels as the reader sees them (the SDK preserves its drawing buffer). */
function pixels(el: ModelViewerEmbed): ImageData {
  const source = canvasOf(el);
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const context = copy.getContext('2d')!;
  context.drawImage(source, 0, 0);
  return context.getImageData(0, 0, copy.width, copy.height);
}

function isBackground(data: ImageData, x: number, y: number): boolean {
  const i = (y * data.width + x) * 4;
  // The SDK clears to opaque white.
  return data.data[i]! > 250 && data.data[i + 1]! > 250 && data.data[i + 2]! > 250;
}

/** The share of pixels that are not background. */
function modelShare(data: ImageData): number {
  let model = 0;
  for (let y = 0; y < data.height; y += 2) {
    for (let x = 0; x < data.width; x += 2) if (!isBackground(data, x, y)) model++;
  }
  return model / ((data.width / 2) * (data.height / 2));
}

/** Mean absolute difference of two same-sized images, 0 to 255. */
function meanDifference(a: ImageData, b: ImageData): number {
  expect([a.width, a.height]).to.deep.equal([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    sum += Math.abs(a.data[i]! - b.data[i]!) + Math.abs(a.data[i + 1]! - b.data[i + 1]!);
    sum += Math.abs(a.data[i + 2]! - b.data[i + 2]!);
  }
  return sum / ((a.data.length / 4) * 3);
}

/** Every number of a viewpoint's camera, in a fixed order. */
function cameraNumbers(viewpoint: Viewpoint): number[] {
  const {
    cameraViewPoint: p,
    cameraDirection: d,
    cameraUpVector: u,
    fieldOfView,
    viewToWorldScale,
  } = viewpoint.camera;
  return [p.x, p.y, p.z, d.x, d.y, d.z, u.x, u.y, u.z, fieldOfView, viewToWorldScale];
}

function expectSameView(actual: Viewpoint, expected: Viewpoint): void {
  const a = cameraNumbers(actual);
  const b = cameraNumbers(expected);
  a.forEach((value, i) => {
    expect(value, `camera number ${i}: ${a.join(', ')} vs ${b.join(', ')}`).to.be.closeTo(
      b[i]!,
      1e-6 * Math.max(1, Math.abs(b[i]!)),
    );
  });
}

/** A wheel over the middle of the canvas, as the reader's mouse makes it. */
function wheel(el: ModelViewerEmbed, deltaY = -200): void {
  const box = canvasOf(el).getBoundingClientRect();
  canvasOf(el).dispatchEvent(
    new WheelEvent('wheel', {
      bubbles: true,
      cancelable: true,
      composed: true,
      deltaY,
      clientX: box.left + box.width / 2,
      clientY: box.top + box.height / 2,
    }),
  );
}

/** A left click at canvas pixel (x, y): mousedown and mouseup at the same spot, which the SDK takes as a pick. */
function clickAt(el: ModelViewerEmbed, x: number, y: number): void {
  const canvas = canvasOf(el);
  const box = canvas.getBoundingClientRect();
  const clientX = box.left + (x + 0.5) * (box.width / canvas.width);
  const clientY = box.top + (y + 0.5) * (box.height / canvas.height);
  for (const type of ['mousedown', 'mouseup']) {
    canvas.dispatchEvent(
      new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, button: 0, clientX, clientY }),
    );
  }
}

/** The first pixel, spiralling out from the centre, that `wanted` accepts. */
function findPixel(data: ImageData, wanted: (x: number, y: number) => boolean): [number, number] {
  const cx = Math.floor(data.width / 2);
  const cy = Math.floor(data.height / 2);
  for (let r = 0; r < Math.max(cx, cy); r += 3) {
    for (const [x, y] of [
      [cx + r, cy],
      [cx - r, cy],
      [cx, cy + r],
      [cx, cy - r],
      [cx + r, cy + r],
      [cx - r, cy - r],
    ] as [number, number][]) {
      if (x >= 2 && y >= 2 && x < data.width - 2 && y < data.height - 2 && wanted(x, y)) return [x, y];
    }
  }
  throw new Error('no such pixel');
}

/** A pixel well inside the model (its neighbours are model too), so a pick there cannot miss. */
function modelPixel(data: ImageData): [number, number] {
  return findPixel(data, (x, y) =>
    [-2, 0, 2].every((dx) => [-2, 0, 2].every((dy) => !isBackground(data, x + dx, y + dy))),
  );
}

/** What the platform serves for element `index` of small-office: `/elements/{index}`, raw DEFLATE of JSON. */
async function platformElement(index: number): Promise<{ eId: string; uId: string; p: unknown[] }> {
  const token = await mintToken({ modelId: 'small-office' });
  const channelId = (
    JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { channelId: string }
  ).channelId;
  const response = await fetch(`/rest/api/v1/channels/${channelId}/models/small-office/elements/${index}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).to.equal(200);
  const inflated = new Response(response.body!.pipeThrough(new DecompressionStream('deflate-raw')));
  return (await inflated.json()) as { eId: string; uId: string; p: unknown[] };
}

function recordCameraChanges(el: ModelViewerEmbed): { at: number; event: ModelCameraChangeEvent }[] {
  const seen: { at: number; event: ModelCameraChangeEvent }[] = [];
  el.addEventListener('camera-change', (event) => seen.push({ at: performance.now(), event }));
  return seen;
}

describe('camera, selection and snapshots with the real SDK', function () {
  this.timeout(180_000);

  before(async () => {
    await freshPage();
  });

  it('a viewpoint read after the reader moved the camera opens a fresh element on the same view', async () => {
    const first = await loadedElement();
    const initial = first.getViewpoint()!;
    const changes = recordCameraChanges(first);
    // Pressing the model gives it focus; a plain wheel then zooms (cooperative gestures).
    first.querySelector<HTMLElement>('[slot="viewer"]')!.focus();
    wheel(first);
    wheel(first);
    await waitUntil(() => changes.some(({ event }) => event.detail.settled), 'the camera settles');
    const moved = first.getViewpoint()!;
    expect(JSON.stringify(moved.camera), 'the wheel moved the camera').not.to.equal(
      JSON.stringify(initial.camera),
    );
    const last = changes.at(-1)!.event.detail;
    expect(last.source).to.equal('user');
    expectSameView(last.viewpoint, moved);

    const second = await loadedElement({ viewpoint: JSON.stringify(moved) });
    expectSameView(second.getViewpoint()!, moved);
    // Same view, same pixels: both canvases are the same size and draw the same frame.
    await frames(3);
    const difference = meanDifference(pixels(first), pixels(second));
    // A control: the default view of the same model differs clearly, so the comparison can fail.
    const third = await loadedElement();
    await frames(3);
    const control = meanDifference(pixels(first), pixels(third));
    expect(difference, `same view ${difference} vs default view ${control}`).to.be.below(1);
    expect(control).to.be.above(3 * Math.max(difference, 1));
    for (const el of [first, second, third]) el.remove();
  });

  it('camera-change follows wheel input, at most every 250 ms, and once settled', async () => {
    const el = await loadedElement();
    const changes = recordCameraChanges(el);
    el.querySelector<HTMLElement>('[slot="viewer"]')!.focus();
    // Twenty wheel steps over about 1.2 s: the camera moves on many frames.
    const wheelTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      wheel(el, i % 2 ? -120 : -80);
      wheelTimes.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    await waitUntil(() => changes.some(({ event }) => event.detail.settled), 'the camera settles');
    await new Promise((resolve) => setTimeout(resolve, 700));
    // "Settled" means still for 150 ms. The steps are 60 ms apart, but a busy machine can delay a timer past
    // 150 ms, and then the camera really did rest in between: such a pause may (and may only) add a settled
    // event. Frame timestamps can trail the clock by a little, hence the 20 ms of slack.
    const restMs = 150 - 20;
    const pauses = wheelTimes.slice(1).filter((at, i) => at - wheelTimes[i]! >= restMs).length;
    const settled = changes.filter(({ event }) => event.detail.settled);
    for (const { at } of settled) {
      const lastWheel = wheelTimes.filter((wheelAt) => wheelAt < at).at(-1)!;
      expect(at - lastWheel, 'a settled event only after the camera rested').to.be.at.least(restMs);
    }
    expect(settled.length, `settled events (pauses in the input: ${pauses})`).to.be.within(1, 1 + pauses);
    expect(changes.at(-1)!.event.detail.settled, 'the settled event is the last').to.equal(true);
    expect(changes.length, 'a few events, not one per frame').to.be.within(
      2,
      2 + (changes.at(-1)!.at - changes[0]!.at) / 250,
    );
    for (let i = 1; i < changes.length; i++) {
      expect(changes[i]!.at - changes[i - 1]!.at, 'events are at least 250 ms apart').to.be.at.least(249);
    }
    expect(changes.every(({ event }) => event.detail.source === 'user' && !event.bubbles)).to.equal(true);
    expectSameView(changes.at(-1)!.event.detail.viewpoint, el.getViewpoint()!);
    el.remove();
  });

  it('changing viewpoint after load moves the camera without reloading; an invalid one fires invalid-config', async () => {
    const el = await loadedElement();
    const mark = requestMark();
    const before = el.getViewpoint()!;
    const change = nextEvent<ModelCameraChangeEvent>(el, 'camera-change', 30_000);
    el.setAttribute('viewpoint', 'top');
    const { detail } = await change;
    expect(detail.source).to.equal('api');
    // The SDK's top view looks straight down the model's Z axis.
    expect(detail.viewpoint.camera.cameraDirection.z).to.be.below(-0.99);
    expect(JSON.stringify(detail.viewpoint.camera)).not.to.equal(JSON.stringify(before.camera));
    const error = nextEvent<CustomEvent<{ code: string; message: string }>>(el, 'error', 30_000);
    el.setAttribute('viewpoint', '{"camera": {"cameraViewPoint": {"x": 0}}}');
    expect((await error).detail.code).to.equal('invalid-config');
    expect(el.status, 'the model stays').to.equal('loaded');
    await frames(5);
    expect(blobRequestsSince(mark), 'no reload').to.have.length(0);
    expect(() => el.setViewpoint('sideways'))
      .to.throw(ViewerCallError)
      .with.property('code', 'invalid-config');
    el.remove();
  });

  it('a click on an element gives select with the properties the platform serves; empty space deselects', async () => {
    const el = await loadedElement();
    el.setViewpoint('front');
    await frames(5);
    const image = pixels(el);
    expect(modelShare(image), 'the model is drawn').to.be.above(0.02);
    const [x, y] = modelPixel(image);
    const selected = nextEvent<ModelSelectEvent>(el, 'select', 30_000);
    clickAt(el, x, y);
    const { detail } = await selected;
    const element = detail.element!;
    expect(element, 'an element was picked').to.not.equal(null);
    expect(Number.isInteger(element.index)).to.equal(true);
    expect(detail.selection).to.deep.equal([element.index]);
    const served = await platformElement(element.index);
    expect(element.id).to.equal(served.eId);
    expect(element.uniqueId).to.equal(served.uId);
    expect(element.properties).to.deep.equal(
      (served.p as { g: string; n: string; v: unknown }[]).map(({ g, n, v }) => ({
        group: g,
        name: n,
        value: v,
      })),
    );
    expect(element.properties!.find((p) => p.name === 'Category')?.value)
      .to.be.a('string')
      .and.not.equal('');

    const [ex, ey] = findPixel(image, (px, py) => isBackground(image, px, py));
    const cleared = nextEvent<ModelSelectEvent>(el, 'select', 30_000);
    clickAt(el, ex, ey);
    const deselect = (await cleared).detail;
    expect(deselect.element).to.equal(null);
    expect(deselect.selection).to.deep.equal([]);
    el.remove();
  });

  it('snapshot() is a decodable image of the model, PNG or JPEG; rejects with a code when nothing is loaded', async () => {
    const idle = document.createElement('model-viewer-embed');
    document.body.append(idle);
    const refused = await idle.snapshot().then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ViewerCallError);
    expect((refused as ViewerCallError).code).to.equal('not-loaded');
    idle.remove();

    const el = await loadedElement();
    const png = await el.snapshot();
    expect(png.type).to.equal('image/png');
    const bitmap = await createImageBitmap(png);
    const canvas = canvasOf(el);
    expect([bitmap.width, bitmap.height]).to.deep.equal([canvas.width, canvas.height]);
    const decoded = document.createElement('canvas');
    decoded.width = bitmap.width;
    decoded.height = bitmap.height;
    decoded.getContext('2d')!.drawImage(bitmap, 0, 0);
    const data = decoded.getContext('2d')!.getImageData(0, 0, bitmap.width, bitmap.height);
    const share = modelShare(data);
    expect(share, `share of model pixels ${share}`).to.be.within(0.02, 0.98);

    const jpeg = await el.snapshot({ type: 'jpeg', quality: 0.8 });
    expect(jpeg.type).to.equal('image/jpeg');
    expect((await createImageBitmap(jpeg)).width).to.equal(canvas.width);
    const bad = await el.snapshot({ type: 'gif' as 'png' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect((bad as ViewerCallError).code).to.equal('invalid-config');
    el.remove();
  });
});
