/**
 * Vue 3 with the installed tarball:
 *
 * - vue-tsc with `strictTemplates` and only `model-viewer-embed/vue` in tsconfig's `types` type-checks the
 *   element's props and events, and each deliberate mistake is an error (`@vue-expect-error` lines, which
 *   vue-tsc reports when unused);
 * - the runtime app (apps/vue/src/runtime/), built by the app's own Vite and @vitejs/plugin-vue with
 *   `isCustomElement` for the tag, in Chromium against the local platform: `@loaded` and `@error` reach the
 *   Vue handlers, a model switch, the password bound with `:password` never in the page's HTML, and 100 v-if
 *   mount/unmount cycles with no uncaught error and no live WebGL context left.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installApp, run, type InstalledApp } from './app.js';
import {
  checkModelSwitches,
  checkRemounts,
  COUNT_WEBGL_CONTEXTS,
  launchChromium,
  serve,
  watchProblems,
  type AppDriver,
} from './browser.js';

declare global {
  interface Window {
    appConfig: { modelId: string; password: string; origin: string };
    vueApp?: { setModelId(modelId: string): void; setMounted(mounted: boolean): void };
    remount(): Promise<void>;
  }
}

let app: InstalledApp;
before(() => {
  app = installApp('vue');
});
after(() => app?.remove());

test('Vue: vue-tsc checks the element in templates, and every deliberate mistake is an error', () => {
  const vueTsc = join(app.dir, 'node_modules/vue-tsc/bin/vue-tsc.js');
  const { code, output } = run(process.execPath, [vueTsc, '--noEmit', '-p', 'tsconfig.json'], app.dir);
  assert.equal(code, 0, output);
});

/** The runtime app as one script, built by the Vite and plugin the app installed (as its users would build it). */
async function buildApp(dir: string): Promise<void> {
  const fromApp = createRequire(join(dir, 'package.json'));
  const importFromApp = (name: string) => import(pathToFileURL(fromApp.resolve(name)).href);
  const { build } = (await importFromApp('vite')) as typeof import('vite');
  const { default: vue } = (await importFromApp('@vitejs/plugin-vue')) as {
    default: (options: object) => import('vite').Plugin;
  };
  await build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    plugins: [
      vue({
        template: { compilerOptions: { isCustomElement: (tag: string) => tag === 'model-viewer-embed' } },
      }),
    ],
    build: {
      outDir: 'public',
      rollupOptions: { input: join(dir, 'src/runtime/main.ts'), output: { entryFileNames: 'app.js' } },
    },
  });
}

test('Vue app in Chromium: handlers get loaded and error, models switch, no password in HTML, 100 v-if remounts leave no error or context', async () => {
  const started = Date.now();
  await buildApp(app.dir);
  console.log(`vite build: ${Math.round((Date.now() - started) / 1000)} s`);
  const routes = new Map<string, [string, string | Buffer]>();
  routes.set('/app.js', ['text/javascript', readFileSync(join(app.dir, 'public/app.js'))]);
  routes.set('/', [
    'text/html',
    `<!doctype html><html><head><meta charset="utf-8"><script>${COUNT_WEBGL_CONTEXTS}</script></head>` +
      `<body><div id="app"></div><script type="module" src="/app.js"></script></body></html>`,
  ]);
  const served = await serve(routes);
  const password = 'local-demo-password';
  const config = { modelId: 'protected-house', password, origin: served.origin };
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    // The config (with the password) is set before any page script, so that the only HTML the password could
    // appear in is what Vue and the element make.
    await page.addInitScript((value) => {
      window.appEvents = [];
      window.appConfig = value;
    }, config);
    await page.goto(`${served.origin}/`);

    const driver: AppDriver = {
      setModelId: (modelId) => page.evaluate((id) => window.vueApp!.setModelId(id), modelId),
      setMounted: (mounted) => page.evaluate((value) => window.vueApp!.setMounted(value), mounted),
      remount: () => page.evaluate(() => window.remount()),
    };
    const events = await checkModelSwitches(page, driver);

    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!html.includes(password), 'the password is not in the page HTML');
    assert.equal(
      await page.evaluate(() => document.querySelector('model-viewer-embed')?.hasAttribute('password')),
      false,
      ':password is set as a property, not an attribute',
    );

    await checkRemounts(page, driver, events);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await served.close();
  }
});
