/**
 * What `isolation="frame"` costs against the default, measured with the real SDK on the local platform: time
 * from connecting the element to `loaded`, and the JavaScript heap (after a full garbage collection, through
 * the DevTools protocol: Chromium only) while the viewer is shown and after it is removed. The figures are
 * printed for docs/isolation.md; the assertions check what must hold whatever the machine's speed: every load
 * succeeds, and removing an isolated element gives its frame back (heap, documents).
 *
 * The default runs first, in the same page: its first load also loads three.js and the SDK into the page, which
 * later default loads reuse, while every isolated element loads them into its own frame (from the HTTP cache).
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { waitUntil } from '../helpers/wait.js';
import { embed, expectLoaded, mintToken, nextOutcome, resetPlatform } from './support.js';
import { isolationFrame } from './isolation-helpers.js';
import type { HeapUsageResult } from '../runner/heap-usage-plugin.js';

const RUNS = 3;
const MB = 1024 * 1024;

async function heap(): Promise<HeapUsageResult> {
  return executeServerCommand<HeapUsageResult, undefined>('heap-usage');
}

interface Run {
  mode: 'none' | 'frame';
  loadedMs: number;
  /** Heap growth while the viewer is shown, and what is left after removal, in MB. */
  shownMb: number;
  leftMb: number;
  documentsLeft: number;
}

describe('isolation="frame" cost (real SDK, local platform)', function () {
  this.timeout(240_000);

  it('loads in both modes; an isolated element gives its frame back when removed', async function () {
    const probe = await heap();
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const runs: Run[] = [];
    for (const mode of ['none', 'frame'] as const) {
      for (let run = 0; run < RUNS; run++) {
        const before = await heap();
        const started = performance.now();
        const { el } = await embed({
          modelId: 'small-office',
          accessToken: token,
          attributes: mode === 'frame' ? { isolation: 'frame' } : {},
        });
        expectLoaded(await nextOutcome(el, 60_000));
        const loadedMs = performance.now() - started;
        const shown = await heap();
        el.remove();
        await waitUntil(
          () =>
            isolationFrame(el) === null && el.querySelector('[data-model-viewer-embed="container"]') === null,
          'the viewer is released',
        );
        const after = await heap();
        if (before.supported && shown.supported && after.supported) {
          runs.push({
            mode,
            loadedMs,
            shownMb: (shown.usedBytes - before.usedBytes) / MB,
            leftMb: (after.usedBytes - before.usedBytes) / MB,
            documentsLeft: after.documents - before.documents,
          });
        } else {
          runs.push({ mode, loadedMs, shownMb: NaN, leftMb: NaN, documentsLeft: NaN });
        }
      }
    }
    const rows = runs.map(
      (run, index) =>
        `${run.mode.padEnd(5)} #${index % RUNS}: loaded in ${run.loadedMs.toFixed(0)} ms, heap +${run.shownMb.toFixed(1)} MB ` +
        `while shown, ${run.leftMb >= 0 ? '+' : ''}${run.leftMb.toFixed(1)} MB after removal, documents left ${run.documentsLeft}`,
    );
    console.log(`isolation cost (${probe.browser}):\n${rows.join('\n')}`);

    if (!probe.supported) return;
    for (const run of runs.filter((entry) => entry.mode === 'frame')) {
      // The frame's own three.js and SDK are the bulk of an isolated viewer's heap; a leaked frame keeps them.
      expect(run.leftMb, `an isolated viewer leaves at most half its heap (${rows.join('; ')})`).to.be.below(
        run.shownMb / 2,
      );
      expect(run.documentsLeft, "the frame's document is released").to.be.at.most(0);
    }
  });
});
