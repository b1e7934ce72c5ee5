/**
 * React 19 with the installed tarball: TypeScript strict with no declaration of the app's own, for the wrapper
 * (`model-viewer-embed/react`) and the bare tag (`model-viewer-embed/react-jsx`), with moduleResolution
 * `bundler` and `node16`; deliberate mistakes must be errors (`@ts-expect-error` lines, which tsc reports when
 * unused).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { installApp, run, TSC, type InstalledApp } from './app.js';

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
