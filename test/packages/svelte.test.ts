/**
 * Svelte 5 with the installed tarball: svelte-check with only `model-viewer-embed/svelte` in tsconfig's `types`
 * type-checks the tag's attributes and event payloads. Svelte markup has no `@ts-expect-error`, so the
 * deliberate mistakes are the lines after an `expect-error` comment, and svelte-check must report errors on
 * exactly those lines.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installApp, run, type InstalledApp } from './app.js';

let app: InstalledApp;
before(() => {
  app = installApp('svelte');
});
after(() => app?.remove());

test('Svelte: svelte-check types the tag, with errors on exactly the deliberate mistakes', () => {
  const file = 'src/Building.svelte';
  const expected = readFileSync(join(app.dir, file), 'utf8')
    .split('\n')
    .flatMap((line, index) => (line.includes('<!-- expect-error:') ? [index + 2] : []));
  assert.ok(expected.length > 0);
  const svelteCheck = join(app.dir, 'node_modules/svelte-check/bin/svelte-check');
  const { output } = run(
    process.execPath,
    [svelteCheck, '--tsconfig', './tsconfig.json', '--output', 'machine', '--fail-on-warnings'],
    app.dir,
  );
  // Machine output: `<time> ERROR "<file>" <line>:<column> "<message>"`.
  const errors = [...output.matchAll(/ (ERROR|WARNING) "([^"]+)" (\d+):\d+ (.*)/g)];
  assert.deepEqual(
    errors.map(([, , path, line]) => `${path}:${line}`),
    expected.map((line) => `${file}:${line}`),
    output,
  );
});
