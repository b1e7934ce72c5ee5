/// <reference types="node" />
/**
 * Benchmark: `<model-viewer-embed>` against a hand-written page that uses the raw bimU.io SDK, measured side by
 * side in one run (`npm run bench`, or `node --import tsx bench/run.ts [--runs N] [--churn-runs N] [--quick]
 * [--cycles N] [--throttle BYTES_PER_S] [--element-setup scripts|preload] [--out FILE]`; `--help` explains them).
 *
 * 1. Builds the bench pages for production with Vite (raw-sdk.html, and element.html or element-preload.html:
 *    the two ways docs/performance.md describes for a page to get three.js and the SDK to the element; into
 *    node_modules/.cache/model-viewer-embed-bench/pages), the in-page probe (probe.ts, an IIFE), and the
 *    element alone as a minified library, to weigh it.
 * 2. Serves the built pages with Vite's `preview()`, with the local bimU.io platform and the vendor files
 *    mounted on the same origin (demo/local-backend.ts). A production build rather than the dev server: the
 *    dev server serves Lit and the element as dozens of unbundled modules (and Lit in dev mode), which would
 *    make the element look slower for reasons no user ever sees.
 * 3. Drives Debian's Chromium with playwright-core (`CHROMIUM_BIN` overrides /usr/bin/chromium),
 *    interleaving raw and element samples in one browser (alternating which goes first each repetition, so
 *    neither side always runs on a warmer machine; the churn last), each sample in a fresh browser context
 *    (cold HTTP cache), and prints the medians as a Markdown table with the ratio element/raw. Results also
 *    go to bench/results/latest.json.
 *
 * Everything is bounded: every wait has a timeout, a watchdog ends the process if the whole run overruns,
 * and the browser and the server are closed in `finally`. The steps live in their own modules: options.ts
 * (command line, limits), build.ts, serve.ts, measure.ts (one sample in the browser) and report.ts.
 */
import { cpus, loadavg, totalmem, release } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../scripts/chromium.js';
import type { Variant } from './protocol.js';
import {
  BENCH_DIR,
  CHROMIUM,
  CHURN_RUNS,
  CHURN_SIZE,
  CYCLES,
  MANY_COUNT,
  MANY_ONLY,
  MANY_SIZE,
  MODELS,
  OUT_FILE,
  PAGES_DIR,
  QUICK,
  RUNS,
  THROTTLE,
  VIEWPORT,
  WATCHDOG_MS,
} from './options.js';
import { buildInMemory, buildPages, elementBundle, pageJs, weigh } from './build.js';
import { fetchBytes, localBackendPlugin, mintToken, warmPlatform } from './serve.js';
import { measureChurn, measureLoad, measureMany, type Sample } from './measure.js';
import { describeSample, renderManyReport, renderReport, summarise, type Machine } from './report.js';

async function main(): Promise<number> {
  const started = Date.now();
  // Other work on the machine (parallel test runs) shows in the times; the load average is reported with them.
  const loadAverageAtStart = loadavg()[0]!;
  const log = (text: string) =>
    console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${text}`);

  log('building the bench pages, the probe and the element library (production, Vite)');
  await buildPages();
  const probe = await buildInMemory(join(BENCH_DIR, 'probe.ts'), 'iife');
  const library = weigh([await elementBundle()]);
  const pages = pageJs();

  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const samples: Sample[] = [];
  try {
    server = await preview({
      configFile: false,
      root: BENCH_DIR,
      logLevel: 'warn',
      plugins: [localBackendPlugin()],
      build: { outDir: PAGES_DIR },
      preview: { host: '127.0.0.1', port: 4390, strictPort: false, open: false },
    });
    const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
    if (!origin) throw new Error('the preview server reported no local URL');
    log(`serving on ${origin}`);

    const tokens = {
      small: await mintToken(origin, MODELS.small),
      large: await mintToken(origin, MODELS.large),
    };
    await warmPlatform(origin, MODELS.small, tokens.small);
    await warmPlatform(origin, MODELS.large, tokens.large);
    const vendor = {
      three: await fetchBytes(origin, '/vendor/three/three.min.js'),
      sdk: await fetchBytes(origin, '/vendor/bimu/bimU.io.Viewer.umd.js'),
    };

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      headless: true,
      timeout: 60_000,
    });
    const chromiumVersion = browser.version();
    log(`Chromium ${chromiumVersion}`);

    // Untimed loads first: the GPU process's start-up and SwiftShader's first shader compilations (shared by
    // every later context; they made the first large-campus load twice as slow) and the vendor files' first
    // reads happen there instead of in the first timed sample. The element's warm-up also checks that it
    // loads at all before minutes are spent measuring it.
    const warmUps = [
      ['raw', MODELS.large, tokens.large],
      ['element', MODELS.small, tokens.small],
    ] as const;
    for (const [variant, modelId, token] of warmUps) {
      const warm = await measureLoad(browser, origin, probe, variant, modelId, token, 0);
      log(`warm-up ${describeSample(warm)}`);
    }

    for (let repetition = 1; repetition <= (MANY_ONLY ? 0 : RUNS); repetition += 1) {
      const order: Variant[] = repetition % 2 === 1 ? ['raw', 'element'] : ['element', 'raw'];
      for (const [modelId, token] of [
        [MODELS.small, tokens.small],
        [MODELS.large, tokens.large],
      ] as const) {
        for (const variant of order) {
          const sample = await measureLoad(browser, origin, probe, variant, modelId, token, repetition);
          samples.push(sample);
          log(describeSample(sample));
        }
      }
    }
    // The churn runs last, element first: the baseline's churn leaves the browser's (shared) GPU process busy
    // for a while after its page is closed, which would slow whatever sample came next.
    for (let repetition = 1; repetition <= (MANY_ONLY ? 0 : CHURN_RUNS); repetition += 1) {
      const order: Variant[] = repetition % 2 === 1 ? ['element', 'raw'] : ['raw', 'element'];
      for (const variant of order) {
        const sample = await measureChurn(
          browser,
          origin,
          probe,
          variant,
          MODELS.small,
          tokens.small,
          repetition,
        );
        samples.push(sample);
        log(describeSample(sample));
      }
    }

    // Many embeds in one page, element first (the baseline's forty render loops leave the GPU process busy).
    for (const variant of ['element', 'raw'] as const) {
      const sample = await measureMany(
        browser,
        origin,
        probe,
        variant,
        MODELS.small,
        tokens.small,
        MANY_COUNT,
        MANY_SIZE,
      );
      samples.push(sample);
      log(describeSample(sample));
    }

    const rows = summarise(samples, { library, pages });
    const cpu = cpus();
    const machine: Machine = {
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGB: Math.round(totalmem() / 2 ** 30),
      kernel: release(),
      node: process.version,
      chromium: chromiumVersion,
      loadAverage: { start: loadAverageAtStart, end: loadavg()[0]! },
    };
    const failed = samples.filter((s) => !s.ok);
    if (!MANY_ONLY) console.log(renderReport(rows, samples, machine, vendor));
    console.log(`\n${renderManyReport(samples)}`);
    if (failed.length > 0) {
      console.log(`\n${failed.length} sample(s) failed and are left out of the medians:`);
      for (const sample of failed) console.log(`- ${describeSample(sample)}`);
    }

    mkdirSync(dirname(OUT_FILE), { recursive: true });
    writeFileSync(
      OUT_FILE,
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine,
          options: {
            runs: RUNS,
            churnRuns: CHURN_RUNS,
            quick: QUICK,
            cycles: CYCLES,
            churnSize: CHURN_SIZE,
            throttleBytesPerSecond: THROTTLE,
            viewport: VIEWPORT,
          },
          bundle: { library, pages, vendor },
          rows,
          samples,
        },
        null,
        2,
      )}\n`,
    );
    log(
      `results written to ${relative(process.cwd(), OUT_FILE)}; ${samples.length} samples, ${failed.length} failed`,
    );
    return failed.length > 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up`);
  process.exit(3);
}, WATCHDOG_MS);
watchdog.unref();

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('bench failed:', error);
      process.exitCode = 1;
    },
  )
  .finally(() => {
    // Lingering keep-alive sockets must not keep the process alive; give stdout time to flush first.
    setTimeout(() => process.exit(), 5_000).unref();
  });
