/**
 * Server-side rendering safety: importing the package in Node (no DOM) must not throw, and must not define
 * anything. Run with `node --import tsx --test test/node/ssr-import.test.ts`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('src/index.ts imports in Node without a DOM', async () => {
  assert.equal(typeof (globalThis as { document?: unknown }).document, 'undefined');
  const module = await import('../../src/index.js');
  assert.equal(typeof module.ModelViewerEmbed, 'function');
  assert.equal(module.ModelErrorCode.InvalidConfig, 'invalid-config');
  assert.equal(module.ModelStatus.Loaded, 'loaded');
});

test('src/define.ts imports in Node without customElements', async () => {
  const module = await import('../../src/define.js');
  assert.equal(module.tagName, 'model-viewer-embed');
});

test('src/trusted-types.ts imports in Node, and its helper has nothing to install there', async () => {
  const module = await import('../../src/trusted-types.js');
  assert.equal(module.installBimuTrustedTypesPolicy(), null);
});
