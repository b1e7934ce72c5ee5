/**
 * A test-runner server command, `heap-usage`, that reports the page's JavaScript heap after a full garbage
 * collection, through the DevTools protocol (Chromium only): `{ supported: false }` elsewhere. Same-origin
 * frames share the page's V8 isolate, so the figure includes an isolation frame's three.js and SDK.
 * `performance.memory` would not do: without a command-line flag Chromium rounds it to coarse buckets.
 */
import type { TestRunnerPlugin } from '@web/test-runner';
import type { Page } from 'puppeteer-core';

export const HEAP_USAGE_COMMAND = 'heap-usage';

export type HeapUsageResult =
  | { supported: false; browser: string }
  | { supported: true; browser: string; usedBytes: number; documents: number; frames: number };

interface Session {
  id: string;
  browser: { type: string; name: string; getPage?: (id: string) => Page };
}

export function heapUsagePlugin(): TestRunnerPlugin {
  return {
    name: 'heap-usage',
    async executeCommand({ command, session }) {
      if (command !== HEAP_USAGE_COMMAND) return undefined;
      const { browser } = session as unknown as Session;
      const chromium = browser.type === 'puppeteer' && /^(Chrome|Chromium)$/.test(browser.name);
      const page = chromium && browser.getPage ? browser.getPage(session.id) : undefined;
      if (!page) return { supported: false, browser: browser.name } satisfies HeapUsageResult;
      const client = await page.createCDPSession();
      try {
        await client.send('HeapProfiler.enable');
        await client.send('HeapProfiler.collectGarbage');
        await client.send('Performance.enable');
        const { metrics } = await client.send('Performance.getMetrics');
        const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? NaN;
        return {
          supported: true,
          browser: browser.name,
          usedBytes: metric('JSHeapUsedSize'),
          documents: metric('Documents'),
          frames: metric('Frames'),
        } satisfies HeapUsageResult;
      } finally {
        await client.detach().catch(() => undefined);
      }
    },
  };
}
