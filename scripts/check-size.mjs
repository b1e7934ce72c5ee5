// Gzip size budget of what a page downloads for <model-viewer-embed> (Lit excluded from the package's modules:
// it is a shared dependency; included in the one-file build), in the spirit of Lit's check-size. Run after `npm run build`.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** An entry plus every chunk it imports, transitively: what a page really downloads for it. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const [, specifier] of code.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(join(dirname(file), specifier), seen);
  }
  for (const [, specifier] of code.matchAll(/import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    closure(join(dirname(file), specifier), seen);
  }
  return seen;
}

const BUDGETS = [
  // The element with all its internal modules (the library entry bundles them).
  { file: 'dist/index.js', gzipBytes: 16 * 1024 },
  { file: 'dist/define.js', gzipBytes: 16 * 1024 },
  // The one-file build for plain pages: the element plus Lit (about 6 kB of it), nothing else to download.
  { file: 'dist/model-viewer-embed.min.js', gzipBytes: 24 * 1024 },
  // The server token endpoint: small enough for an edge function. Minified, it was 4.9 kB; model-scoped tokens
  // (scope checks, the password flow, configuration errors) and the failing-upstream behaviour (stale tokens,
  // back-off per key, fail-fast flights, body deadlines, the Origin fallback) took it to 7.1 kB.
  { file: 'dist/server/index.js', gzipBytes: 8 * 1024 },
];

let failed = false;
for (const { file, gzipBytes } of BUDGETS) {
  if (!existsSync(file)) {
    console.error(`size: ${file} is missing — run npm run build first`);
    failed = true;
    continue;
  }
  const raw = Buffer.concat([...closure(file)].map((path) => readFileSync(path)));
  const gzipped = gzipSync(raw, { level: 9 }).length;
  const ok = gzipped <= gzipBytes;
  failed ||= !ok;
  console.log(
    `size: ${file} ${raw.length} B raw, ${gzipped} B gzip (budget ${gzipBytes} B) ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
process.exit(failed ? 1 : 0);
