/**
 * What `npm pack` puts in the tarball: every `exports` target, the `types`, `main`, `customElements`, `bin`,
 * `sideEffects` and CDN (`unpkg`, `jsdelivr`) files, the manifest (built by `npm run build`, packed through
 * `prepack`) and the one-file build; no source maps (they point at `src/`, which is not shipped).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tarball } from './tarball.js';

/** Every file path an `exports` value can resolve to, whatever the conditions. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  main: string;
  module: string;
  types: string;
  unpkg: string;
  jsdelivr: string;
  customElements: string;
  bin: Record<string, string>;
  sideEffects: string[];
};

const normalise = (path: string) => path.replace(/^\.\//, '');

test('the tarball holds every file package.json points at, and no source maps', () => {
  const listing = execFileSync('tar', ['-tzf', tarball()], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
  const packed = new Set(listing);

  const wanted = new Set([
    ...Object.values(manifest.exports).flatMap(exportTargets),
    manifest.main,
    manifest.module,
    manifest.types,
    manifest.unpkg,
    manifest.jsdelivr,
    manifest.customElements,
    ...Object.values(manifest.bin),
    ...manifest.sideEffects.filter((path) => path.startsWith('./dist/') && !path.includes('*')),
    'dist/model-viewer-embed.min.js',
    // package.json says MIT: the licence text travels with the code.
    'LICENSE',
  ]);
  const missing = [...wanted].map(normalise).filter((path) => !packed.has(path));
  assert.deepEqual(missing, [], `missing from the tarball: ${missing.join(', ')}`);
  // A `sideEffects` glob (the define chunk's name is hashed) must match the chunk that calls `define`.
  for (const pattern of manifest.sideEffects.filter(
    (path) => path.startsWith('./dist/') && path.includes('*'),
  )) {
    const regex = new RegExp(`^${normalise(pattern).replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`);
    assert.ok(
      listing.some((path) => regex.test(path)),
      `sideEffects ${pattern} matches a packed file`,
    );
  }
  assert.deepEqual(
    listing.filter((path) => path.endsWith('.map')),
    [],
  );
});

test('the one-file build imports nothing: Lit is inside and the element defines itself', () => {
  const code = execFileSync('tar', ['-xzOf', tarball(), 'package/dist/model-viewer-embed.min.js'], {
    encoding: 'utf8',
  });
  assert.doesNotMatch(code, /\bimport\s*[\s\S]{0,200}?from\s*["'][^"']+["']/);
  assert.doesNotMatch(code, /\bimport\s*\(/);
  assert.match(code, /customElements\.define\(\s*["`']model-viewer-embed["`']/);
});

test('the packed manifest describes the element', () => {
  const json = execFileSync('tar', ['-xzOf', tarball(), 'package/custom-elements.json'], {
    encoding: 'utf8',
  });
  const elements = (JSON.parse(json) as { modules: { declarations?: { tagName?: string }[] }[] }).modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.tagName);
  assert.deepEqual(
    elements.map((element) => element.tagName),
    ['model-viewer-embed'],
  );
});
