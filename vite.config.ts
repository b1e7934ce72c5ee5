/**
 * Vite: the dev server behind `npm start` (the demo, with the local bimU.io platform and the demo's token
 * route mounted on the same origin), and the library build (`npm run build`).
 */
import { defineConfig, type Plugin } from 'vite';
import { minifyCssLiteralsPlugin } from './scripts/minify-css-literals.mjs';

/** Mounts the local platform + the demo's token route on the dev and preview servers. */
function localPlatform(): Plugin {
  const mount = async (server: { middlewares: { use: (fn: never) => void } }) => {
    // Imported lazily so that `vite build` never starts generating models.
    const { createLocalBackend } = await import('./demo/local-backend.js');
    const backend = createLocalBackend({
      // The demo throttles part downloads so progress is visible; the platform is local-only.
      partThrottleBytesPerSecond: Number(process.env.PLATFORM_THROTTLE ?? 4_000_000),
      testControls: true,
    });
    server.middlewares.use(backend.middleware as never);
  };
  return {
    name: 'model-viewer-embed-local-platform',
    configureServer: mount,
    configurePreviewServer: mount,
  };
}

export default defineConfig({
  plugins: [localPlatform(), minifyCssLiteralsPlugin()],
  server: { host: '127.0.0.1', port: 5173 },
  // The demo is index.html. Without this, Vite scans every .html file for dependencies to pre-bundle, test pages
  // included (test/integration/*.test.html import the test runner's own modules, which only its server serves),
  // and the dev server fails to start its dependency optimization.
  optimizeDeps: { entries: ['index.html'] },
  preview: { host: '127.0.0.1', port: 4173 },
  build: {
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        define: 'src/define.ts',
        'trusted-types': 'src/trusted-types.ts',
        // `model-viewer-embed/react`: the @lit/react wrapper (React and @lit/react stay the app's own).
        react: 'src/react.ts',
        'server/index': 'src/server/index.ts',
        // The `model-viewer-embed-check-scope` bin (package.json).
        'server/check-scope-cli': 'src/server/check-scope-cli.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      // Lit is a dependency of the package, resolved once by the page's bundler; Node built-ins only
      // appear in the server entry's Node adapter.
      external: [/^lit(\/|$)/, /^@lit\//, /^react(\/|$)/, /^node:/],
      // Vite leaves whitespace in ES library builds; the package's modules are minified, as Lit's own are, because
      // a plain page downloads them as they are (the source maps keep stack traces readable).
      output: { minify: true },
    },
  },
});
