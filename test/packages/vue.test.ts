/**
 * Vue 3 with the installed tarball: vue-tsc with `strictTemplates` and only `model-viewer-embed/vue` in
 * tsconfig's `types` type-checks the element's props and events, and each deliberate mistake is an error
 * (`@vue-expect-error` lines, which vue-tsc reports when unused).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { installApp, run, type InstalledApp } from './app.js';

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
