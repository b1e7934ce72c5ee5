/**
 * Builds what the bench measures, with Vite: both bench pages for production (raw-sdk.html and the element's page of `--element-setup`,
 * into PAGES_DIR), the in-page probe as an IIFE, and the element alone as a minified library, to weigh it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, minify, type Rolldown } from 'vite';
import { BENCH_DIR, ELEMENT_PAGE, PAGES_DIR, REPO_DIR } from './options.js';
import { minifyCssLiteralsPlugin } from '../scripts/minify-css-literals.mjs';

export async function buildPages(): Promise<void> {
  await build({
    configFile: false,
    root: BENCH_DIR,
    logLevel: 'warn',
    publicDir: false,
    // As the package's builds do (vite.config.ts), so that the bench measures what ships.
    plugins: [minifyCssLiteralsPlugin()],
    build: {
      outDir: PAGES_DIR,
      emptyOutDir: true,
      target: 'es2022',
      manifest: true,
      // Both pages are loaded by a browser with native modulepreload; the polyfill would only add bytes.
      modulePreload: { polyfill: false },
      rolldownOptions: {
        // The element's page of the chosen set-up only: both set-ups run the same element.ts, and a build of
        // both would share it as one chunk that the manifest lists under neither page.
        input: { 'raw-sdk': join(BENCH_DIR, 'raw-sdk.html'), element: join(BENCH_DIR, ELEMENT_PAGE) },
      },
    },
  });
}

/** Builds `entry` into one chunk in memory, with every dependency bundled, and returns its code. */
export async function buildInMemory(entry: string, format: 'iife' | 'es'): Promise<string> {
  const output = await build({
    configFile: false,
    root: REPO_DIR,
    logLevel: 'warn',
    publicDir: false,
    plugins: [minifyCssLiteralsPlugin()],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: [format], name: 'benchBundle', fileName: 'bundle' },
      // One chunk to weigh: the element's lazy modules (the isolation frame, the German, French and Arabic texts)
      // are counted in, as in the one-file build (an overstatement for pages that never use isolation="frame":
      // 1.7 kB raw; and for an English page: about 2.7 kB gzip of texts).
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = results.flatMap((result) => result.output).filter((item) => item.type === 'chunk');
  if (chunks.length !== 1) throw new Error(`expected one chunk for ${entry}, got ${chunks.length}`);
  return chunks[0]!.code;
}

/**
 * The element as a page ships it: `model-viewer-embed/define` with Lit, minified. Vite's library mode keeps the
 * whitespace of ES output (for the pure annotations a consumer's bundler uses), so it is minified here the way
 * an application build would.
 */
export async function elementBundle(): Promise<Uint8Array> {
  const code = await buildInMemory(join(REPO_DIR, 'src', 'define.ts'), 'es');
  const minified = await minify('define.js', code, { module: true, compress: true, mangle: true });
  if (minified.errors.length > 0) throw new Error(`minifying the element: ${minified.errors[0]!.message}`);
  return Buffer.from(minified.code);
}

export interface Bytes {
  raw: number;
  gzip: number;
}

export function weigh(buffers: readonly Uint8Array[]): Bytes {
  const joined = Buffer.concat(buffers);
  return { raw: joined.length, gzip: gzipSync(joined, { level: 9 }).length };
}

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/**
 * JS each built page loads besides three.js and the SDK, split into what only that page loads and what both
 * share (the bench's own scenario code in page-common.ts).
 */
export function pageJs(): { raw: Bytes; element: Bytes; shared: Bytes } {
  const manifest = JSON.parse(readFileSync(join(PAGES_DIR, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const closure = (key: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) closure(imported, seen);
    return seen;
  };
  const rawKeys = closure('raw-sdk.html');
  const elementKeys = closure(ELEMENT_PAGE);
  const files = (keys: Iterable<string>) =>
    [...keys].map((key) => readFileSync(join(PAGES_DIR, manifest[key]!.file)));
  return {
    raw: weigh(files([...rawKeys].filter((key) => !elementKeys.has(key)))),
    element: weigh(files([...elementKeys].filter((key) => !rawKeys.has(key)))),
    shared: weigh(files([...rawKeys].filter((key) => elementKeys.has(key)))),
  };
}
