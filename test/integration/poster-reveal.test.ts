/**
 * Posters and `reveal="interaction"` with the REAL SDK on the local platform: nothing of the SDK, three.js or
 * the token is requested before the visitor asks (the page's Resource Timing entries and the token route's
 * counter), a real mouse click or a real Enter / Space on the focused button loads the model, the poster
 * (image or slotted markup) covers the viewer from the start and is faded out only once the canvas shows the
 * model, and `alt` reaches the accessibility tree.
 *
 * The SDK loads once per page and this file runs in one page: the first test is the one that checks that it
 * has not been requested yet, so it must stay first.
 */
import './support.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse } from '@web/test-runner-commands';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  embed,
  expectLoaded,
  freshPage,
  frames,
  nextOutcome,
  outcome,
  TOKEN_ROUTE,
  tokenRouteRequests,
} from './support.js';
import { waitUntil } from '../helpers/wait.js';

const POSTER = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='30'><rect width='40' height='30' fill='#c33'/></svg>",
)}`;

const ALT = 'A two-storey office building';

/** What the page requested of the SDK and three.js so far, by Resource Timing (scripts are not fetch/XHR). */
function sdkRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => /\/vendor\/(bimu|three)\//.test(name));
}

/** Resolves once the browser has computed intersections at least once after this call. */
function intersectionsComputed(target: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(target);
  });
}

function posterLayer(el: ModelViewerEmbed): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part="poster"]')!;
}

function revealButton(el: ModelViewerEmbed): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="reveal-button"]');
}

/** The centre of `node` in viewport pixels, as integers for `sendMouse`. */
function centreOf(node: Element): [number, number] {
  const rect = node.getBoundingClientRect();
  return [Math.round(rect.left + rect.width / 2), Math.round(rect.top + rect.height / 2)];
}

/** The topmost node at the element's centre, looking into its shadow root. */
function topmostAtCentre(el: ModelViewerEmbed): Element | null {
  const [x, y] = centreOf(el);
  return el.shadowRoot!.elementFromPoint(x, y);
}

/** Whether the poster layer is faded out and out of the way (its fade has ended). */
function uncovered(el: ModelViewerEmbed): boolean {
  const style = getComputedStyle(posterLayer(el));
  return style.opacity === '0' && style.visibility === 'hidden';
}

/** The number of distinct colours (up to 3) the canvas shows in the frame after the SDK's next render. */
function coloursDrawn(canvas: HTMLCanvasElement): Promise<number> {
  // The drawing buffer is cleared once the frame is composited: read it in an animation frame queued after the
  // one the SDK's render loop has already queued.
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
 * Waits until the poster is faded out and checks that the canvas shows the model by then (more than one
 * colour: a cleared canvas is one). Returns the milliseconds from `loadedAt` to the poster's fade starting.
 */
async function expectUncoveredOnDrawnModel(el: ModelViewerEmbed, loadedAt: number): Promise<number> {
  let fadeStartedAt = 0;
  await waitUntil(() => {
    if (!fadeStartedAt && posterLayer(el).classList.contains('uncovered')) fadeStartedAt = performance.now();
    return uncovered(el);
  }, 'the poster fades out');
  const canvas = el.querySelector('canvas')!;
  expect(await coloursDrawn(canvas), 'the canvas shows the model once the poster is gone').to.be.greaterThan(
    1,
  );
  return fadeStartedAt - loadedAt;
}

interface AxNode {
  role: string;
  name?: string;
  children?: AxNode[];
}

function findAx(node: AxNode | null, match: (node: AxNode) => boolean): AxNode | undefined {
  if (!node) return undefined;
  if (match(node)) return node;
  for (const child of node.children ?? []) {
    const found = findAx(child, match);
    if (found) return found;
  }
  return undefined;
}

/** The accessibility snapshot is a DevTools-protocol feature: Chromium's only (puppeteer over BiDi lacks it). */
const hasAxSnapshot = () => navigator.userAgent.includes('Chrome/');

describe('poster and reveal="interaction" with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(() => freshPage());

  it('requests nothing of the SDK, three.js or the token before a real click; then loads and fades the poster once drawn', async () => {
    const { el, events } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { reveal: 'interaction', poster: POSTER, alt: ALT },
    });
    await intersectionsComputed(el);
    await frames(3);
    expect(el.status).to.equal('idle');
    expect(sdkRequests(), 'no SDK or three.js request before the click').to.deep.equal([]);
    expect(await tokenRouteRequests(), 'no token request before the click').to.equal(0);
    expect(el.querySelector('canvas') === null).to.equal(true);
    expect(events).to.deep.equal([]);
    const button = revealButton(el)!;
    expect(topmostAtCentre(el) === button, 'the button is on top, where it is clicked').to.equal(true);

    const loaded = nextOutcome(el, 60_000);
    await sendMouse({ type: 'click', position: centreOf(button) });
    await waitUntil(() => el.status !== 'idle', 'the click starts the load');
    expectLoaded(await loaded);
    const loadedAt = performance.now();
    expect(sdkRequests().length, 'the SDK and three.js are requested after the click').to.be.greaterThan(0);
    expect(await tokenRouteRequests()).to.equal(1);
    const ms = await expectUncoveredOnDrawnModel(el, loadedAt);
    console.log(`poster fade started ${Math.round(ms)} ms after loaded`);
  });

  it('shows the poster image from the start, over the viewer while it loads, and fades it once the model is drawn', async () => {
    const { el, events } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { poster: POSTER, loading: 'eager' },
    });
    await el.updateComplete;
    const image = el.shadowRoot!.querySelector<HTMLImageElement>('[part="poster-image"]')!;
    await waitUntil(() => image.complete && image.naturalWidth > 0, 'the poster image is decoded');
    expect(topmostAtCentre(el) === image || el.status === 'loaded').to.equal(true);
    expect(getComputedStyle(posterLayer(el)).opacity).to.equal('1');
    const result = await outcome({ el, events }, 60_000);
    const loadedAt = performance.now();
    expectLoaded(result);
    await expectUncoveredOnDrawnModel(el, loadedAt);
    // Once out of the way, the model gets the pointer.
    expect(topmostAtCentre(el) === image).to.equal(false);
  });

  it('shows markup from the poster slot instead of the image, until the model is drawn', async () => {
    const custom = document.createElement('div');
    custom.slot = 'poster';
    custom.textContent = 'Office, north façade';
    custom.style.cssText = 'background: #234; color: #fff';
    const { el } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { poster: POSTER, reveal: 'interaction', alt: ALT },
      beforeConnect: (element) => element.append(custom),
    });
    await el.updateComplete;
    expect(
      el.shadowRoot!.querySelector('[part="poster-image"]') === null,
      'the slot replaces the image',
    ).to.equal(true);
    const [x, y] = [
      Math.round(el.getBoundingClientRect().left + 20),
      Math.round(el.getBoundingClientRect().top + 20),
    ];
    expect(document.elementFromPoint(x, y) === custom, 'the slotted poster is what is seen').to.equal(true);
    const loaded = nextOutcome(el, 60_000);
    el.dismissPoster();
    expectLoaded(await loaded);
    await expectUncoveredOnDrawnModel(el, performance.now());
    expect(document.elementFromPoint(x, y) === custom).to.equal(false);
  });

  // Space as ' ': puppeteer over WebDriver BiDi (Firefox) knows no key named "Space".
  for (const [key, press] of [
    ['Enter', 'Enter'],
    ['Space', ' '],
  ] as const) {
    it(`loads on ${key} on the focused button, and moves focus to the viewer`, async () => {
      const { el } = await embed({
        modelId: 'small-office',
        tokenUrl: TOKEN_ROUTE,
        attributes: { reveal: 'interaction', poster: POSTER },
      });
      await el.updateComplete;
      const button = revealButton(el)!;
      button.focus();
      expect(el.shadowRoot!.activeElement === button, 'the button takes focus').to.equal(true);
      await frames(2);
      expect(el.status).to.equal('idle');
      const loaded = nextOutcome(el, 60_000);
      await sendKeys({ press });
      expectLoaded(await loaded);
      const container = el.querySelector('[slot="viewer"]');
      expect(document.activeElement === container, 'the viewer has focus').to.equal(true);
      await expectUncoveredOnDrawnModel(el, performance.now());
    });
  }

  it('gives the accessibility tree the alt as the name of the poster image, a named button, then the viewer', async function () {
    const { el } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { reveal: 'interaction', poster: POSTER, alt: ALT },
    });
    await el.updateComplete;
    const art = el.shadowRoot!.querySelector('.poster-art')!;
    expect([art.getAttribute('role'), art.getAttribute('aria-label')]).to.deep.equal(['img', ALT]);
    await expect(el).to.be.accessible();
    if (!hasAxSnapshot()) return;
    // The element's own name (ElementInternals: role group, label alt) is not in puppeteer's snapshot, which
    // keeps only focusable nodes, controls and named leaves.
    let tree = await executeServerCommand<AxNode | null, { selector?: string }>('a11y-snapshot', {});
    expect(
      findAx(tree, (node) => node.role === 'image' && node.name === ALT),
      'poster image',
    ).to.not.equal(undefined);
    expect(
      findAx(tree, (node) => node.role === 'button' && node.name === 'View 3D model'),
      'reveal button',
    ).to.not.equal(undefined);

    const loaded = nextOutcome(el, 60_000);
    el.dismissPoster();
    expectLoaded(await loaded);
    await waitUntil(() => uncovered(el), 'the poster fades out');
    tree = await executeServerCommand<AxNode | null, { selector?: string }>('a11y-snapshot', {});
    expect(
      findAx(tree, (node) => node.role === 'image' && node.name === ALT),
      'the faded poster is out of the tree',
    ).to.equal(undefined);
    expect(
      findAx(tree, (node) => node.role === 'application' && /3D view/.test(node.name ?? '')),
      'the viewer takes its place',
    ).to.not.equal(undefined);
    await expect(el).to.be.accessible();
  });
});
