/**
 * The bench's command-line options and the constants derived from them: repetitions, limits, directories.
 * Parsed once, when the runner starts (`--help` prints the usage and exits).
 */
import { parseArgs } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_BIN } from '../scripts/chromium.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    'churn-runs': { type: 'string' },
    quick: { type: 'boolean', default: false },
    'many-only': { type: 'boolean', default: false },
    'many-count': { type: 'string' },
    cycles: { type: 'string' },
    throttle: { type: 'string' },
    out: { type: 'string' },
    'element-setup': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: node --import tsx bench/run.ts [options]
  --runs N          repetitions of the load scenarios, per variant (default 5; --quick: 1)
  --churn-runs N    repetitions of the churn scenario, per variant (default 1)
  --quick           one repetition and a shorter churn, for a CI smoke run
  --many-only       only the many-embeds scenario (one sample per variant)
  --many-count N    viewers of the many-embeds scenario (default 40)
  --cycles N        create → load → teardown cycles of the churn scenario (default 20; --quick: 8)
  --throttle N      limit each model-part download to N bytes/s (default 0: unthrottled)
  --element-setup S how the element's page gets three.js and the SDK: \`scripts\` (default: \`<script defer>\`
                    tags, element.html) or \`preload\` (\`<meta>\` settings + preload hints, element-preload.html)
  --out FILE        JSON results (default bench/results/latest.json)`);
  process.exit(0);
}

function positiveInteger(
  value: string | undefined,
  fallback: number,
  name: string,
  allowZero = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    console.error(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${value}`);
    process.exit(2);
  }
  return n;
}

export const QUICK = args.quick;
export const MANY_ONLY = args['many-only'];
/** The many-embeds scenario: this many 480×300 viewers stacked in one page (12 of them fill 4 screens' worth). */
export const MANY_COUNT = positiveInteger(args['many-count'], 40, '--many-count');
export const MANY_SIZE = '480x300';
export const RUNS = positiveInteger(args.runs, QUICK ? 1 : 5, '--runs');
// The baseline's churn is slow by nature: every viewer it "disposes" keeps a render loop drawing into a WebGL
// context, which in software WebGL saturates the GPU process, so each cycle is slower than the last (about
// two minutes for 20 cycles on 2 cores). One churn sample per variant keeps a full run near five minutes;
// its counts (loops, contexts, nodes, errors) are deterministic, only its times vary.
export const CHURN_RUNS = positiveInteger(args['churn-runs'], 1, '--churn-runs');
// 20 cycles by default: more than the ~16 WebGL contexts Chromium keeps per page, so a leak of contexts shows
// as evictions ("Too many active WebGL contexts") and not only as a count. The quick run stays under that.
export const CYCLES = positiveInteger(args.cycles, QUICK ? 8 : 20, '--cycles');
// Unthrottled by default: the platform runs in-process, so times are the pages' own work (script loading,
// parsing, meshing, drawing), which is where the element can add cost. A throttle makes both pages wait on
// the same emulated network and pushes the ratio toward 1.
export const THROTTLE = positiveInteger(args.throttle, 0, '--throttle', true);

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = join(BENCH_DIR, '..');
// Build output goes where tools keep caches (ignored by git and by ESLint's defaults), not under bench/, so
// that linting bench/ after a run does not lint minified bundles.
const DIST_DIR = join(REPO_DIR, 'node_modules', '.cache', 'model-viewer-embed-bench');
export const PAGES_DIR = join(DIST_DIR, 'pages');
const setups = { scripts: 'element.html', preload: 'element-preload.html' } as const;
const setup = args['element-setup'] ?? 'scripts';
if (!(setup in setups)) {
  console.error(`--element-setup must be scripts or preload, got ${setup}`);
  process.exit(2);
}
/** How the element's page gets three.js and the SDK (docs/performance.md), and the page that does so. */
export const ELEMENT_SETUP = setup as keyof typeof setups;
export const ELEMENT_PAGE = setups[ELEMENT_SETUP];
export const OUT_FILE = args.out ?? join(BENCH_DIR, 'results', 'latest.json');

export const CHROMIUM = CHROMIUM_BIN;
export const VIEWPORT = { width: 1280, height: 800 };
/**
 * The churn's viewer box: the SDK's minimum. The baseline's leaked loops draw into every canvas they kept, at a
 * software cost proportional to its pixels; the smallest box keeps the run short and, if anything, understates
 * the baseline's slowdown. The load scenarios use the pages' default 800×400.
 */
export const CHURN_SIZE = '300x300';

/** Limits of single waits; a sample that exceeds one is recorded as failed and the run goes on. */
export const NAVIGATION_TIMEOUT_MS = 30_000;
export const LOAD_TIMEOUT_MS = 90_000;
export const CHURN_TIMEOUT_MS = Math.max(120_000, CYCLES * 15_000);
/** After the last teardown: let deferred work settle, then observe the page for two seconds. */
export const SETTLE_MS = 500;
export const OBSERVE_MS = 2_000;
/** The whole run, as a last resort if something hangs despite the limits above. */
export const WATCHDOG_MS = QUICK ? 5 * 60_000 : 10 * 60_000 + RUNS * 60_000 + CHURN_RUNS * 5 * 60_000;

export const MODELS = { small: 'small-office', large: 'large-campus' } as const;
