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

test('src/react.ts renders on the server, and no element property (the password least of all) reaches the HTML', async () => {
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { ModelViewerEmbed } = await import('../../src/react.js');
  const html = renderToString(
    createElement(ModelViewerEmbed, {
      modelId: 'protected-house',
      passwordMode: true,
      password: 'a-secret-password',
      style: { height: 480 },
      onLoaded: () => undefined,
    }),
  );
  assert.match(html, /^<model-viewer-embed style="height:480px"><\/model-viewer-embed>$/);
  assert.ok(!html.includes('a-secret-password'));
});
