/**
 * @web/test-runner configuration: unit tests (a scriptable fake SDK) and integration tests (the real
 * bimU.io SDK loading models from the local platform) in Chromium, Firefox and WebKit.
 *
 * The local platform and the demo's token route are mounted on the test server itself, so tests reach them
 * on the page's own origin; a second platform instance on another port serves the cross-origin tests.
 * Select engines with BROWSERS=chromium,firefox,webkit and suites with `--group unit|integration`.
 */
import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { defaultReporter, type TestRunnerConfig, type TestRunnerPlugin } from '@web/test-runner';
import { createLaunchers, selectedEngines } from './test/runner/browsers.js';
import { heapSnapshotPlugin } from './test/runner/heap-snapshot-plugin.js';
import { heapUsagePlugin } from './test/runner/heap-usage-plugin.js';
import { realWheelPlugin } from './test/runner/real-wheel-plugin.js';
import { summaryReporter } from './test/runner/summary-reporter.js';

const engines = selectedEngines();

const plugins: TestRunnerPlugin[] = [
  esbuildPlugin({ ts: true, tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
  // `find-in-heap`: heap snapshots through the DevTools protocol, for the secrets-in-memory tests.
  heapSnapshotPlugin(),
  // `heap-usage`: the JavaScript heap after a garbage collection, for the isolation cost measurement.
  heapUsagePlugin(),
  // `real-wheel`: a mouse wheel through Chromium's input pipeline, for the cooperative-gestures tests.
  realWheelPlugin(),
  // `a11y-snapshot`: the accessibility tree as a screen reader gets it (Chromium: DevTools protocol).
  a11ySnapshotPlugin(),
];
const middleware: TestRunnerConfig['middleware'] = [
  // The local platform and the token route count requests per page, by `Referer` (demo/platform/stats.ts), so
  // that a request still on its way from an earlier page never counts in a later one. Browsers send only the
  // origin to another origin by default; this policy keeps the page's URL on the cross-origin tests' requests.
  async (ctx, next) => {
    ctx.set('Referrer-Policy', 'no-referrer-when-downgrade');
    return next();
  },
];

if (existsSync(new URL('./demo/local-backend.ts', import.meta.url))) {
  const { createTestBackend } = await import('./demo/local-backend.js');
  const backend = await createTestBackend();
  middleware.push(backend.koaMiddleware);
  plugins.push(backend.plugin);
}

const config: TestRunnerConfig = {
  nodeResolve: true,
  plugins,
  middleware,
  browsers: await createLaunchers(engines),
  // Two cores, software WebGL: one page at a time per browser keeps timings honest and tests unflaky.
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 60_000 } },
  reporters: [defaultReporter(), summaryReporter()],
  // `--files a.test.ts` runs just those files: with groups configured, the runner would run every group too.
  groups: process.argv.includes('--files')
    ? []
    : [
        { name: 'unit', files: 'test/unit/**/*.test.ts' },
        // The .test.html pages set their own CSP (Trusted Types), which a .test.ts file cannot do before it runs.
        { name: 'integration', files: ['test/integration/**/*.test.ts', 'test/integration/**/*.test.html'] },
      ],
  filterBrowserLogs: ({ args }) =>
    // The SDK logs its version, shifts and parse timings on every load; they drown real messages.
    !args.some(
      (arg) =>
        typeof arg === 'string' &&
        /^(bimU\.io Viewer API version|Global Shift|Bounding Box|Worker parse time|Lit is in dev mode)/.test(
          arg,
        ),
    ),
};

export default config;
