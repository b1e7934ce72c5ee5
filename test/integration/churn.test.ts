/**
 * Connect/disconnect churn with the real SDK: the SDK's own `dispose()` leaves its render loop running (which
 * then throws every frame), keeps its window listeners and never releases the WebGL context (browsers keep
 * about sixteen per page). The element must release all of it, whenever it is disconnected.
 *
 * This file instruments the page before any viewer exists (each test file runs in its own page):
 * - `requestAnimationFrame` is wrapped to count the frame callbacks that run. The element installs its own
 *   page-wide wrapper on top of this one when it creates its first viewer, so the SDK's render loop goes
 *   through both; wrapping it later, on top of the element's, would hide the loop from the element.
 * - `HTMLCanvasElement.prototype.getContext` is wrapped to keep every WebGL context created, to count the
 *   live ones (not lost) at any time.
 * - A capture listener added before any element's records every error that reaches `window`.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  consoleMatching,
  embed,
  expectNoSecrets,
  frames,
  mintToken,
  nextOutcome,
  resetPlatform,
  sleep,
  consoleLines,
} from './support.js';

let frameCallbacks = 0;
const nativeRequestAnimationFrame = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
  nativeRequestAnimationFrame((time) => {
    frameCallbacks += 1;
    callback(time);
  });

const contexts = new Set<WebGLRenderingContext | WebGL2RenderingContext>();
const nativeGetContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement, ...args: unknown[]) {
  const context = (nativeGetContext as (...a: unknown[]) => unknown).apply(this, args);
  if (
    (typeof WebGLRenderingContext !== 'undefined' && context instanceof WebGLRenderingContext) ||
    (typeof WebGL2RenderingContext !== 'undefined' && context instanceof WebGL2RenderingContext)
  ) {
    contexts.add(context);
  }
  return context;
} as typeof HTMLCanvasElement.prototype.getContext;

function liveContexts(): number {
  return [...contexts].filter((context) => !context.isContextLost()).length;
}

const windowErrors: string[] = [];
window.addEventListener(
  'error',
  (event) => {
    // The capture phase also sees the element's own (non-bubbling) `error` events on their way down.
    if (event instanceof ErrorEvent) windowErrors.push(event.message);
  },
  { capture: true },
);
window.addEventListener('unhandledrejection', (event) =>
  windowErrors.push(`unhandled rejection: ${String(event.reason)}`),
);

/** Chromium's and Firefox's words for evicting the oldest WebGL context. */
const CONTEXT_WARNING = /Too many active WebGL contexts|Exceeded \d+ live WebGL contexts/i;

/** Frame callbacks that run during `ms` milliseconds. */
async function framesDuring(ms: number): Promise<number> {
  const before = frameCallbacks;
  await sleep(ms);
  return frameCallbacks - before;
}

/**
 * Whether the counter sees a render loop: `count` more frame callbacks run within `timeout`. This proves that the
 * probe works (so that "no frames after disconnect" means something), and it must not depend on how fast frames
 * come: a busy machine with software WebGL can spend seconds on the first frames of a model (shader compilation),
 * so a fixed 300 ms window saw no frame at all in WebKit under load.
 */
async function seesRenderLoop(count: number, timeout: number, viewer: Element): Promise<boolean> {
  const target = frameCallbacks + count;
  try {
    // The loop draws on demand and settles half a second after the load: input keeps it drawing meanwhile.
    await waitUntil(
      () => {
        viewer.dispatchEvent(new Event('pointermove', { bubbles: true }));
        return frameCallbacks >= target;
      },
      'frames',
      { timeout, interval: 20 },
    );
    return true;
  } catch {
    return false;
  }
}

/** How each cycle ends. */
type CycleKind = 'after-load' | 'immediately' | 'viewer-created' | 'first-progress' | 'after-a-while';
const KINDS: readonly CycleKind[] = [
  'after-load',
  'immediately',
  'viewer-created',
  'first-progress',
  'after-a-while',
];

describe('churn: connect/disconnect with the real SDK', function () {
  this.timeout(300_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('50 cycles of one token-mode element (mid-load and after load) leave no render loop, context, canvas or error', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const consoleStart = consoleLines.length;
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    // One element, connected 50 times: each connection starts a load, each disconnection must release it.
    const { el, events } = await embed({
      modelId: 'small-office',
      accessToken: token,
      parent,
      timeout: 30_000,
    });
    const afterDisconnect: string[] = [];
    let cycle = 0;
    // loaded/error events per connection: at most one each time, exactly one when the cycle waits for it.
    const terminalsPerCycle: number[] = [];
    for (const type of ['progress', 'loaded', 'error']) {
      el.addEventListener(type, () => {
        if (!el.isConnected) afterDisconnect.push(type);
        if (type !== 'progress') terminalsPerCycle[cycle] = (terminalsPerCycle[cycle] ?? 0) + 1;
      });
    }
    let loads = 0;
    let maxLive = 0;
    const liveAfterDisconnect: number[] = [];
    let renderLoopSeen = false;

    for (cycle = 0; cycle < 50; cycle++) {
      const kind = KINDS[cycle % KINDS.length]!;
      if (cycle > 0) parent.append(el);
      switch (kind) {
        case 'after-load': {
          const outcome = await nextOutcome(el, 30_000);
          expect(outcome.type, `cycle ${cycle}: ${JSON.stringify(outcome)}`).to.equal('loaded');
          loads += 1;
          // The render loop runs while a model is shown: the counter sees it.
          if (cycle === 0)
            renderLoopSeen = await seesRenderLoop(3, 20_000, el.querySelector('[slot="viewer"]')!);
          break;
        }
        case 'immediately':
          break;
        case 'viewer-created':
          await waitUntil(
            () => el.querySelector('[slot="viewer"] canvas') !== null,
            `cycle ${cycle}: a viewer`,
            {
              timeout: 15_000,
              interval: 10,
            },
          );
          break;
        case 'first-progress':
          // Disconnect from inside the element's own progress listener, during the part download.
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`cycle ${cycle}: no progress event`)), 30_000);
            const onProgress = () => {
              clearTimeout(timer);
              el.removeEventListener('progress', onProgress);
              el.remove();
              resolve();
            };
            el.addEventListener('progress', onProgress);
          });
          break;
        case 'after-a-while':
          await sleep((cycle * 53) % 400);
          break;
      }
      maxLive = Math.max(maxLive, liveContexts());
      el.remove();
      // The teardown waits for the end of the task (a reconnect within it would be a move, which keeps the
      // viewer): wait for it, so that the next cycle's connection is a new one.
      await waitUntil(() => el.status === 'idle' && el.viewer === null, `cycle ${cycle}: released`, {
        timeout: 15_000,
        interval: 10,
      });
      liveAfterDisconnect.push(liveContexts());
    }

    // Viewers disconnected mid-load are parked until the SDK's download settles, then disposed.
    await waitUntil(
      () => el.querySelector('[data-model-viewer-embed="container"]') === null,
      'every viewer released',
      {
        timeout: 40_000,
      },
    );
    window.dispatchEvent(new Event('resize'));
    await frames(5);
    const errorsBefore = windowErrors.length;
    const framesAfter = await framesDuring(1000);

    expect(loads).to.equal(10);
    expect(renderLoopSeen, 'the frame counter sees a running render loop').to.equal(true);
    expect(framesAfter, 'no render loop still running').to.equal(0);
    expect(windowErrors.length - errorsBefore).to.equal(0);
    expect(windowErrors, 'no uncaught error during or after the churn').to.deep.equal([]);
    expect(maxLive, 'at most one live WebGL context at a time').to.be.at.most(1);
    expect(
      liveAfterDisconnect.filter((live) => live !== 0),
      'the context is released on disconnect',
    ).to.deep.equal([]);
    expect(liveContexts()).to.equal(0);
    expect(contexts.size, 'a context per viewer created').to.be.at.least(30);
    expect(consoleMatching(CONTEXT_WARNING, consoleStart)).to.deep.equal([]);
    expect(document.querySelectorAll('canvas').length, 'no SDK canvas left in the document').to.equal(0);
    expect(el.querySelectorAll('canvas').length, 'nor in the element').to.equal(0);
    expect(afterDisconnect, 'a disconnected element emits nothing').to.deep.equal([]);
    expect(events.filter((event) => event.type === 'error')).to.deep.equal([]);
    expect(
      terminalsPerCycle.filter((count) => count > 1),
      'never more than one loaded or error per connection',
    ).to.deep.equal([]);
    // Cycles that did not wait may still have loaded before their disconnection.
    expect(events.filter((event) => event.type === 'loaded').length).to.be.within(loads, 50);
    expectNoSecrets([token]);
  });

  it('disconnecting after a failed load (no model ever loaded) and before the viewer exists leaves nothing behind', async () => {
    const token = await mintToken();
    const errorsBefore = windowErrors.length;
    const failed: ModelViewerEmbed[] = [];
    for (const modelId of ['no-such-model', 'other-missing-model']) {
      const { el } = await embed({ modelId, accessToken: token });
      const outcome = await nextOutcome(el, 30_000);
      expect(outcome).to.include({ type: 'error', code: 'not-found' });
      await waitUntil(() => el.querySelector('canvas') === null, 'the viewer is released after the error', {
        timeout: 5000,
      });
      failed.push(el);
    }
    for (const el of failed) el.remove();
    // Connected and disconnected in the same task: the load never reaches the SDK.
    const { el: brief } = await embed({ modelId: 'small-office', accessToken: token });
    brief.remove();
    window.dispatchEvent(new Event('resize'));
    await frames(5);
    expect(await framesDuring(500), 'no render loop').to.equal(0);
    expect(windowErrors.slice(errorsBefore)).to.deep.equal([]);
    expect(liveContexts()).to.equal(0);
    expect(document.querySelectorAll('canvas').length).to.equal(0);
    expectNoSecrets([token]);
  });
});
