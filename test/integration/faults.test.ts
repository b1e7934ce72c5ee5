/**
 * The platform's fault models (demo/platform/README.md, "Fault models") against the real SDK: each load ends in one
 * documented `error` code within the element's `timeout` — or loads, for a part without `Content-Length`.
 * Several of these make the SDK hang without ever calling back, which only the element's watchdog ends.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  embed,
  expectNoSecrets,
  expectProgressComplete,
  mintToken,
  nextOutcome,
  platformStats,
  resetPlatform,
  setFaultLatency,
  terminalsAfter,
  type Embed,
  type Outcome,
} from './support.js';

/** The watchdog for the faults that hang. */
const TIMEOUT_MS = 3000;
/**
 * How long the latency faults hold their request: longer than this file runs, so a request the element gave up
 * on (the SDK cannot abort it) never completes and never bumps the platform's counters during a later test.
 * The platform ends it when the page closes.
 */
const HANG_MS = 600_000;
/**
 * How late the watchdog's verdict may come after `TIMEOUT_MS`: its timer and the event dispatch on a busy machine.
 * The time is counted from the viewer's creation, which starts the watchdog's clock; counting from the
 * connection instead also counted loading the SDK and creating the viewer, which take seconds under load.
 */
const WATCHDOG_SLACK_MS = 8000;

interface Timed {
  outcome: Outcome;
  /** From the connection to the outcome's event: the watchdog's clock starts later, so at least its timeout. */
  sinceConnection: number;
  /**
   * From the viewer's creation to the outcome's event. The viewer is created just before the watchdog starts,
   * but the MutationObserver that sees it runs at the end of that task, after the watchdog started: this can
   * be a few ms shorter than the watchdog's interval, never longer, so it bounds the verdict's lateness.
   */
  sinceViewer: number;
  embedded: Embed;
}

/** The watchdog ended the load: not before its timeout, and not much after it. */
function expectWatchdogTiming({ sinceConnection, sinceViewer }: Timed): void {
  expect(sinceConnection, 'from the connection').to.be.at.least(TIMEOUT_MS);
  expect(sinceViewer, 'from the viewer’s creation').to.be.below(TIMEOUT_MS + WATCHDOG_SLACK_MS);
}

/**
 * Connects an element and waits for its single outcome, timing it from the connection and from the viewer's
 * creation (the SDK's canvas appearing in the element) to the outcome's event (stamped in a listener, not
 * after the `await`, which a busy page can delay).
 */
async function loadAndTime(options: Parameters<typeof embed>[0]): Promise<Timed> {
  let connected = 0;
  let viewerCreated: number | undefined;
  let settled: number | undefined;
  let observer: MutationObserver | undefined;
  const stamp = () => (settled ??= performance.now());
  const embedded = await embed({
    ...options,
    beforeConnect: (el) => {
      observer = new MutationObserver(() => {
        if (viewerCreated === undefined && el.querySelector('canvas')) viewerCreated = performance.now();
      });
      observer.observe(el, { childList: true, subtree: true });
      el.addEventListener('loaded', stamp);
      el.addEventListener('error', stamp);
      connected = performance.now();
    },
  });
  const outcome = await nextOutcome(embedded.el, 60_000);
  observer?.disconnect();
  if (viewerCreated === undefined) throw new Error('no viewer was created before the outcome');
  expect((await terminalsAfter(embedded.events, 300)).length, 'exactly one loaded or error').to.equal(1);
  return { outcome, sinceConnection: settled! - connected, sinceViewer: settled! - viewerCreated, embedded };
}

/**
 * Every error event on window, recorded by a capture listener added before any element's (at the target,
 * listeners run in the order they were added), so the test can read how each was handled once dispatch ended.
 */
const windowErrorEvents: ErrorEvent[] = [];
window.addEventListener(
  'error',
  (event) => {
    // The capture phase also sees the element's own (non-bubbling) `error` events on their way down.
    if (event instanceof ErrorEvent) windowErrorEvents.push(event);
  },
  { capture: true },
);

describe('fault models of the platform (real SDK)', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  after(async () => {
    // Restores the default fault latency for the files that run after this one.
    await resetPlatform();
  });

  it('fault-token-latency in password mode: a token request that hangs ends in timeout', async () => {
    await setFaultLatency(HANG_MS);
    const timed = await loadAndTime({
      modelId: 'fault-token-latency',
      passwordMode: true,
      timeout: TIMEOUT_MS,
    });
    const { outcome } = timed;
    expect(outcome).to.include({ type: 'error', code: 'timeout', modelId: 'fault-token-latency' });
    expectWatchdogTiming(timed);
    const stats = await platformStats();
    expect(stats.token, 'the token request was made').to.equal(1);
    expect(stats.blob).to.equal(0);
  });

  it('fault-metadata-latency: a model request that hangs ends in timeout', async () => {
    await setFaultLatency(HANG_MS);
    const token = await mintToken();
    const timed = await loadAndTime({
      modelId: 'fault-metadata-latency',
      accessToken: token,
      timeout: TIMEOUT_MS,
    });
    const { outcome } = timed;
    expect(outcome).to.include({ type: 'error', code: 'timeout', modelId: 'fault-metadata-latency' });
    expectWatchdogTiming(timed);
    expect((await platformStats()).blob).to.equal(1);
    expectNoSecrets([token]);
  });

  it('is accessible while loading (a model request in flight)', async () => {
    await setFaultLatency(HANG_MS);
    const token = await mintToken();
    // No watchdog: the state must hold while axe runs.
    const { el } = await embed({ modelId: 'fault-metadata-latency', accessToken: token, timeout: 0 });
    await waitUntil(() => el.querySelector('canvas') !== null, 'the viewer exists', { timeout: 15_000 });
    expect(el.status).to.equal('loading');
    const bar = el.shadowRoot!.querySelector('[role="progressbar"]');
    expect(bar !== null, 'a progress bar while loading').to.equal(true);
    await expect(el).to.be.accessible();
    expect(el.status, 'still loading after the audit').to.equal('loading');
    expectNoSecrets([token]);
  });

  it('fault-token-500: the token service failing ends in server-error', async () => {
    const { outcome } = await loadAndTime({
      modelId: 'fault-token-500',
      passwordMode: true,
      timeout: TIMEOUT_MS,
    });
    expect(outcome).to.include({ type: 'error', code: 'server-error', modelId: 'fault-token-500' });
    expect((await platformStats()).token).to.equal(1);
  });

  it('fault-part-404: a missing part ends in not-found', async () => {
    const token = await mintToken();
    const { outcome } = await loadAndTime({
      modelId: 'fault-part-404',
      accessToken: token,
      timeout: TIMEOUT_MS,
    });
    expect(outcome).to.include({ type: 'error', code: 'not-found', modelId: 'fault-part-404' });
    expect((await platformStats()).parts).to.be.at.least(1);
    expectNoSecrets([token]);
  });

  it('fault-part-garbage: the SDK throws uncaught on window; the element ends the load with viewer', async () => {
    // Chromium runs a window's error handlers in the order they were added, capture or not, so `onerror`
    // handlers set before the element's listener (Mocha's, a page's error tracker) still see the SDK's error
    // although the element stops its propagation; Firefox and WebKit run capture listeners first. Mocha would
    // fail the test on it, so the SDK's errors are kept from Mocha here, and what the test checks is that the
    // element handled each of them (`defaultPrevented`: no "Uncaught" report in the console).
    const mochaOnError = window.onerror;
    const reachedOnError: string[] = [];
    window.onerror = (message, source, ...rest) => {
      if (typeof source === 'string' && source.includes('/vendor/bimu/')) {
        reachedOnError.push(String(message));
        return true;
      }
      return mochaOnError?.call(window, message, source, ...rest) ?? false;
    };
    try {
      const token = await mintToken();
      const timed = await loadAndTime({
        modelId: 'fault-part-garbage',
        accessToken: token,
        timeout: TIMEOUT_MS,
      });
      const { outcome } = timed;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outcome).to.include({ type: 'error', code: 'viewer', modelId: 'fault-part-garbage' });
      expect((outcome as { message: string }).message).to.match(/split/);
      // Attributed to the load as it happened, not left to the watchdog.
      expect(timed.sinceViewer).to.be.below(TIMEOUT_MS + WATCHDOG_SLACK_MS);
      const sdkErrors = windowErrorEvents.filter((event) => event.filename.includes('/vendor/bimu/'));
      expect(sdkErrors.length, 'the SDK threw on window').to.be.at.least(1);
      expect(
        sdkErrors.map((event) => event.defaultPrevented),
        'the element handled every SDK error',
      ).to.deep.equal(sdkErrors.map(() => true));
      if (!navigator.userAgent.includes('Chrome/')) expect(reachedOnError).to.deep.equal([]);
      expect((await platformStats()).parts).to.equal(1);
      expectNoSecrets([token]);
    } finally {
      window.onerror = mochaOnError;
    }
  });

  it('fault-part-no-length: a part without Content-Length still loads, and progress reaches 1', async () => {
    const token = await mintToken();
    const { outcome, embedded } = await loadAndTime({
      modelId: 'fault-part-no-length',
      accessToken: token,
      timeout: 20_000,
    });
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'fault-part-no-length' });
    expectProgressComplete(embedded.events);
    expect(embedded.el.progress).to.equal(1);
    expectNoSecrets([token]);
  });

  it('fault-empty-urls: metadata without parts (the SDK never calls back) ends in timeout', async () => {
    const token = await mintToken();
    const timed = await loadAndTime({
      modelId: 'fault-empty-urls',
      accessToken: token,
      timeout: TIMEOUT_MS,
    });
    const { outcome } = timed;
    expect(outcome).to.include({ type: 'error', code: 'timeout', modelId: 'fault-empty-urls' });
    expectWatchdogTiming(timed);
    const stats = await platformStats();
    expect(stats.blob).to.equal(1);
    expect(stats.parts).to.equal(0);
    expectNoSecrets([token]);
  });
});
