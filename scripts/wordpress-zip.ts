/**
 * `npm run wordpress:zip`: builds the installable WordPress plugin into dist/wordpress/:
 *   bimu-model-embed/       the plugin directory (integrations/wordpress/bimu-model-embed plus its assets)
 *   bimu-model-embed.zip    the same, for Plugins → Add New → Upload
 *
 * The plugin serves everything itself (no CDN): the element as one ES module with Lit inside, and the SDK,
 * three.js r113 and the SDK's UI assets copied from node_modules with their licences.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/wordpress');
const plugin = join(out, 'bimu-model-embed');
const assets = join(plugin, 'assets');
const vendor = join(assets, 'vendor');
const modules = join(root, 'node_modules');

rmSync(out, { recursive: true, force: true });
cpSync(join(root, 'integrations/wordpress/bimu-model-embed'), plugin, { recursive: true });

// One file, Lit included: a WordPress page has no bundler to resolve `lit`. The package's own one-file build
// (vite.bundle.config.ts, dist/model-viewer-embed.min.js), built into the plugin's assets.
await build({
  configFile: join(root, 'vite.bundle.config.ts'),
  logLevel: 'warn',
  root,
  build: { outDir: assets },
});

const copies: [from: string, to: string][] = [
  ['three/build/three.min.js', 'three/three.min.js'],
  ['three/LICENSE', 'three/LICENSE'],
  ['bimu.io.viewer/dist/bimU.io.Viewer.umd.js', 'bimu/bimU.io.Viewer.umd.js'],
  ['bimu.io.viewer/LICENSE', 'bimu/LICENSE'],
  ['materialize-css/dist/js/materialize.min.js', 'materialize/materialize.min.js'],
  ['materialize-css/LICENSE', 'materialize/LICENSE'],
  ['material-design-iconic-font/dist/css', 'material-design-iconic-font/css'],
  ['material-design-iconic-font/dist/fonts', 'material-design-iconic-font/fonts'],
  ['material-design-iconic-font/License.md', 'material-design-iconic-font/License.md'],
];
for (const [from, to] of copies) {
  const source = join(modules, from);
  if (!existsSync(source)) throw new Error(`Missing ${from}: run npm ci first.`);
  mkdirSync(dirname(join(vendor, to)), { recursive: true });
  cpSync(source, join(vendor, to), { recursive: true });
}

// `zip` (Debian package zip): -X leaves out extra file attributes, so the archive depends on content only.
execFileSync('zip', ['-q', '-r', '-X', 'bimu-model-embed.zip', 'bimu-model-embed'], {
  cwd: out,
  stdio: 'inherit',
});
console.log(`WordPress plugin: ${join('dist/wordpress', 'bimu-model-embed.zip')}`);
