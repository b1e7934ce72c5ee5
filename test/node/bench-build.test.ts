/**
 * The bench's own builds keep working as the element changes: CI does not run `npm run bench` (minutes, and
 * numbers that need a quiet machine), so this builds what the bench weighs. It once broke unnoticed when the
 * element gained a lazily imported module (the bench expected one chunk).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elementBundle, weigh } from '../../bench/build.js';

test('the bench builds the element as a page ships it: one minified module with Lit, the element defined in it', async () => {
  const bundle = await elementBundle();
  const code = Buffer.from(bundle).toString('utf8');
  assert.ok(code.includes('customElements.define'), 'the bundle defines the element');
  assert.ok(!/\bimport\s*\(/.test(code), 'no lazy chunk left to import: the weight is the whole element');
  const { raw, gzip } = weigh([bundle]);
  assert.ok(gzip > 1024 && gzip < raw, `a real, compressible bundle (${raw} B raw, ${gzip} B gzip)`);
});
