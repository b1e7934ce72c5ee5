/**
 * Vite: the one-file build for plain pages and CDNs, `dist/model-viewer-embed.min.js` (run by `npm run build`
 * after the library build). Lit is bundled and the element defined, so a page needs one
 * `<script type="module" src="…/model-viewer-embed.min.js">` and no import map. A separate config so the
 * library build keeps Lit external (a bundler dedupes it across the page's components).
 */
import { defineConfig } from 'vite';
import { minifyCssLiteralsPlugin } from './scripts/minify-css-literals.mjs';

export default defineConfig({
  plugins: [minifyCssLiteralsPlugin()],
  // The library build has already filled dist/: keep it.
  build: {
    target: 'es2022',
    emptyOutDir: false,
    // No source map: the file is for pages without a build step, and the package keeps maps out of the tarball.
    sourcemap: false,
    lib: {
      entry: { 'model-viewer-embed.min': 'src/define.ts' },
      formats: ['es'],
    },
    rollupOptions: {
      // One file even where the element imports a feature lazily (the isolation frame): a page that loads this
      // file has nothing next to it to import a chunk from.
      output: { minify: true, codeSplitting: false },
    },
  },
});
