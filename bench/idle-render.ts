/// <reference types="node" />
/**
 * Idle cost of loaded embeds: frames drawn and main-thread time per second while nothing moves
 * (`npm run bench:idle`, or `node --import tsx bench/idle-render.ts [--seconds N] [--src DIR]`).
 *
 * Serves bench/idle/ (Vite dev server, the local platform on the same origin) and, in Debian's Chromium
 * (headless, SwiftShader), loads three layouts of `small-office` embeds, all `loading="eager"`:
 * 1 visible; 8 visible; 8 visible + 8 off-screen (16 live WebGL contexts: Chromium keeps 16 per page, so 24
 * loaded viewers would lose 8 contexts — the context budget's job, not this measurement's). Once every embed
 * has loaded it waits 2 s, then measures for `--seconds` (default 5):
 * - frames drawn: `clear` calls on every WebGL context (three.js clears once at the start of each render);
 * - main-thread busy time: CDP `Performance.getMetrics` `TaskDuration` (and `ScriptDuration`) deltas.
 * `--src DIR` measures another copy of the element's `src/` (e.g. an export of the commit before a change),
 * so that before and after come from the same script.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServer, type Plugin } from 'vite';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../scripts/chromium.js';
import { createLocalBackend } from '../demo/local-backend.js';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: { seconds: { type: 'string' }, src: { type: 'string' } },
});
const SECONDS = Number(args.seconds ?? 5);
const SRC = resolve(args.src ?? join(here, '..', 'src'));
const LAYOUTS = [
  { name: '1 visible', visible: 1, offscreen: 0 },
  { name: '8 visible', visible: 8, offscreen: 0 },
  { name: '8 visible + 8 off-screen', visible: 8, offscreen: 8 },
];

function localPlatform(): Plugin {
  return {
    name: 'idle-bench-local-platform',
    configureServer(server) {
      const backend = createLocalBackend({ testControls: true });
      server.middlewares.use(backend.middleware as never);
    },
  };
}

/** Counts, per page, the frames drawn by every WebGL context (one `clear` per three.js render). */
const COUNT_DRAWS = `(() => {
  window.__draws = 0;
  // Not a requestAnimationFrame counter of its own: a page-level loop would keep the browser producing frames
  // and cost main-thread time itself, hiding what the embeds do.
  for (const proto of [WebGLRenderingContext.prototype, window.WebGL2RenderingContext && WebGL2RenderingContext.prototype]) {
    if (!proto) continue;
    const clear = proto.clear;
    proto.clear = function (mask) { window.__draws++; return clear.call(this, mask); };
  }
})();`;

/**
 * CPU time (user + system, seconds) of every process descending from this one: the browser, its GPU process
 * (where SwiftShader draws), its renderers. Linux only (/proc); 0 elsewhere.
 */
function browserCpuSeconds(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  const stats = new Map<number, { parent: number; ticks: number }>();
  for (const pid of entries) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: split after the last ')'.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let current = stats.get(pid)?.parent; current; current = stats.get(current)?.parent) {
      if (current === process.pid) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, { ticks: own }] of stats) if (isDescendant(pid)) ticks += own;
  return ticks / 100;
}

async function mintToken(origin: string, modelId: string): Promise<string> {
  const response = await fetch(new URL('/__platform/token', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId, expiresIn: 4 * 3600 }),
  });
  if (!response.ok) throw new Error(`minting a token: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function main(): Promise<void> {
  const server = await createServer({
    configFile: false,
    root: join(here, 'idle'),
    logLevel: 'warn',
    plugins: [localPlatform()],
    resolve: { alias: { '@element': SRC } },
    server: { host: '127.0.0.1', port: 4391, strictPort: false, fs: { allow: [join(here, '..'), SRC] } },
  });
  await server.listen();
  const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!origin) throw new Error('no server URL');
  const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: [...CHROMIUM_ARGS] });
  const rows: string[] = [];
  try {
    const token = await mintToken(origin, 'small-office');
    for (const layout of LAYOUTS) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.addInitScript(COUNT_DRAWS);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const query = new URLSearchParams({
        token,
        visible: String(layout.visible),
        offscreen: String(layout.offscreen),
      });
      await page.goto(`${origin}/index.html?${query}`);
      await page.waitForFunction(
        () => (window as unknown as { __idle?: { done: boolean } }).__idle?.done,
        null,
        {
          timeout: 180_000,
        },
      );
      const settled = await page.evaluate(
        () => (window as unknown as { __idle: { loaded: number; errors: string[] } }).__idle,
      );
      await page.waitForTimeout(2000);
      const metrics = async () => {
        const { metrics } = (await cdp.send('Performance.getMetrics')) as {
          metrics: { name: string; value: number }[];
        };
        const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
        return {
          task: get('TaskDuration'),
          script: get('ScriptDuration'),
          draws: (await page.evaluate(() => (window as unknown as { __draws: number }).__draws)) as number,
          lost: await page.evaluate(
            () =>
              [...document.querySelectorAll('canvas')].filter((canvas) =>
                (canvas.getContext('webgl') as WebGLRenderingContext | null)?.isContextLost(),
              ).length,
          ),
          visibility: await page.evaluate(() => document.visibilityState),
          cpu: browserCpuSeconds(),
          at: performance.now(),
        };
      };
      const before = await metrics();
      await page.waitForTimeout(SECONDS * 1000);
      const after = await metrics();
      const seconds = (after.at - before.at) / 1000;
      const row = {
        layout: layout.name,
        loaded: settled.loaded,
        errors: settled.errors.join(',') || '-',
        lost: after.lost,
        visibility: after.visibility,
        framesPerSecond: ((after.draws - before.draws) / seconds).toFixed(1),
        mainThreadMsPerSecond: (((after.task - before.task) * 1000) / seconds).toFixed(1),
        scriptMsPerSecond: (((after.script - before.script) * 1000) / seconds).toFixed(1),
        browserCpuMsPerSecond: (((after.cpu - before.cpu) * 1000) / seconds).toFixed(0),
      };
      console.error(JSON.stringify(row));
      rows.push(
        `| ${row.layout} | ${row.loaded} | ${row.framesPerSecond} | ${row.mainThreadMsPerSecond} | ${row.scriptMsPerSecond} | ${row.browserCpuMsPerSecond} |`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`src: ${SRC}; ${SECONDS} s per layout; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(
    '| idle layout | loaded | frames drawn / s | main-thread busy ms / s | script ms / s | browser CPU ms / s (all processes) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
