/**
 * React 19 with the installed tarball: TypeScript strict with no declaration of the app's own, for the wrapper
 * (`model-viewer-embed/react`) and the bare tag (`model-viewer-embed/react-jsx`), with moduleResolution
 * `bundler` and `node16`; deliberate mistakes must be errors (`@ts-expect-error` lines, which tsc reports when
 * unused). Then the wrapper server-rendered in Node and hydrated in Chromium against the local platform.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installApp, run, TSC, type InstalledApp } from './app.js';
import {
  checkModelSwitches,
  checkRemounts,
  COUNT_WEBGL_CONTEXTS,
  launchChromium,
  serve,
  watchProblems,
  type AppDriver,
} from './browser.js';

/** What apps/react/src/ssr/App.tsx takes (the app is compiled by its own toolchain, not imported here). */
interface AppConfig {
  modelId: string;
  password: string;
  origin: string;
}

declare global {
  interface Window {
    appControls?: { setModelId(modelId: string): void; setMounted(mounted: boolean): void };
    remount(): void;
    appPassword: string;
  }
}

let app: InstalledApp;
before(() => {
  app = installApp('react');
});
after(() => app?.remove());

test('React: the wrapper and the bare tag type-check strictly, and every deliberate mistake is an error (bundler)', () => {
  const { code, output } = run(process.execPath, [TSC, '-p', 'tsconfig.json'], app.dir);
  assert.equal(code, 0, output);
});

test('React: every entry resolves with types under moduleResolution node16', () => {
  const { code, output } = run(process.execPath, [TSC, '-p', 'tsconfig.node16.json'], app.dir);
  assert.equal(code, 0, output);
});

/** The client bundle and the server renderer, built by Vite from the app's own node_modules. */
async function buildApp(dir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    build: {
      outDir: 'public',
      rollupOptions: { input: join(dir, 'src/ssr/client.tsx'), output: { entryFileNames: 'client.js' } },
    },
  });
  await build({
    root: dir,
    configFile: false,
    logLevel: 'error',
    build: { outDir: 'server', ssr: 'src/ssr/render.tsx' },
  });
}

test('React SSR + hydrateRoot in Chromium: handlers get loaded and error, models switch, no password in HTML, 100 remounts leave no error or context', async () => {
  await buildApp(app.dir);
  const password = 'local-demo-password';
  const routes = new Map<string, [string, string | Buffer]>();
  const served = await serve(routes);
  const browser = await launchChromium();
  try {
    const config: AppConfig = { modelId: 'protected-house', password, origin: served.origin };
    // The server rendering runs in Node, resolving the package with Node's conditions.
    const ssr = run(process.execPath, ['server/render.js', JSON.stringify(config)], app.dir);
    assert.equal(ssr.code, 0, ssr.output);
    assert.match(ssr.output, /^<model-viewer-embed/);
    assert.ok(!ssr.output.includes(password), `the password is not in the server HTML: ${ssr.output}`);
    assert.doesNotMatch(ssr.output, /password=/);

    routes.set('/client.js', ['text/javascript', readFileSync(join(app.dir, 'public/client.js'))]);
    routes.set('/', [
      'text/html',
      `<!doctype html><html><head><meta charset="utf-8"><script>window.appEvents = [];${COUNT_WEBGL_CONTEXTS}</script></head>` +
        `<body><div id="root">${ssr.output}</div><script>window.appConfig = ${JSON.stringify({ ...config, password: undefined })};</script>` +
        `<script type="module" src="/client.js"></script></body></html>`,
    ]);
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.addInitScript((value) => {
      window.appPassword = value;
    }, password);
    await page.goto(`${served.origin}/`);

    // The first load starts after hydration: the wrapper's listeners and properties are set by then.
    const driver: AppDriver = {
      setModelId: (modelId) => page.evaluate((id) => window.appControls!.setModelId(id), modelId),
      setMounted: (mounted) => page.evaluate((value) => window.appControls!.setMounted(value), mounted),
      remount: () => page.evaluate(() => window.remount()),
    };
    const events = await checkModelSwitches(page, driver);

    const html = await page.evaluate(() => document.documentElement.outerHTML);
    assert.ok(!html.includes(password), 'the password is not in the page HTML');

    await checkRemounts(page, driver, events);
    assert.deepEqual(
      (await page.evaluate(() => window.appEvents)).filter((event) => event.startsWith('hydration-error')),
      [],
    );
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await served.close();
  }
});
