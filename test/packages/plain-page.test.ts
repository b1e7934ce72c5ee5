/**
 * A plain page with nothing but `dist/model-viewer-embed.min.js` from the tarball (no node_modules, no import
 * map): the element defines itself and loads a model from the local platform in Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tarball } from './tarball.js';
import { COUNT_WEBGL_CONTEXTS, eventAt, launchChromium, serve, watchProblems } from './browser.js';

test('plain page: the one-file build alone loads a model, and the page can switch it', async () => {
  const bundle = execFileSync('tar', ['-xzOf', tarball(), 'package/dist/model-viewer-embed.min.js']);
  const routes = new Map<string, [string, string | Buffer]>();
  const served = await serve(routes);
  const browser = await launchChromium();
  try {
    const page = readFileSync(join(REPO, 'test/packages/apps/plain-page/index.html'), 'utf8');
    routes.set('/', ['text/html', page.replaceAll('PLATFORM', served.origin)]);
    routes.set('/model-viewer-embed.min.js', ['text/javascript', bundle]);
    const tab = await browser.newPage();
    const problems = watchProblems(tab);
    // Listeners armed before any page script runs: the element is defined by the module script.
    await tab.addInitScript(`
      window.appEvents = [];
      ${COUNT_WEBGL_CONTEXTS}
      customElements.whenDefined('model-viewer-embed').then(() => {
        const element = document.querySelector('model-viewer-embed');
        element.addEventListener('loaded', (event) => window.appEvents.push('loaded:' + event.detail.modelId));
        element.addEventListener('error', (event) => window.appEvents.push('error:' + event.detail.code + ':' + event.detail.modelId));
      });
    `);
    await tab.goto(`${served.origin}/`);
    assert.equal(await eventAt(tab, 0), 'loaded:open-pavilion');
    await tab.evaluate(() => {
      const element = document.querySelector('model-viewer-embed')!;
      element.password = 'local-demo-password';
      element.setAttribute('model-id', 'protected-house');
    });
    assert.equal(await eventAt(tab, 1), 'loaded:protected-house');
    assert.ok(!(await tab.content()).includes('local-demo-password'), 'the password is not in the HTML');
    await tab.evaluate(() => document.querySelector('model-viewer-embed')!.remove());
    assert.equal(await tab.evaluate(() => window.liveWebGLContexts()), 0);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await served.close();
  }
});
