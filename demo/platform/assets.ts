/**
 * Static files the SDK and its optional UI need, served from `node_modules` so pages work fully offline:
 * three.js r113 (the only revision the SDK accepts, as a global), the SDK bundles, and the Materialize JS and
 * Material Design Iconic Font CSS that `showUI: true` would otherwise fetch from cdnjs.
 *
 * Only the exact paths in the table below are served: the request path is looked up, never joined onto a
 * directory, so there is no path to traverse out of.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bytesResponse, jsonError, methodNotAllowed } from './http.js';

export const VENDOR_PREFIX = '/vendor/';

/** Stable local paths of the vendor files. */
export const VENDOR_PATHS = {
  /** three@0.113.2 `build/three.min.js` (sets the global `THREE` the SDK requires). */
  three: '/vendor/three/three.min.js',
  /** three@0.113.2 `build/three.module.js`, for an import map when using the SDK's ESM build. */
  threeModule: '/vendor/three/three.module.js',
  /** The SDK's UMD bundle (sets the global `bimU`). */
  bimuUmd: '/vendor/bimu/bimU.io.Viewer.umd.js',
  /** The SDK's ESM bundle; it imports the bare specifier `three`, so it needs an import map. */
  bimuEsm: '/vendor/bimu/bimU.io.Viewer.esm.js',
  /** materialize-css@1.0.0 `dist/js/materialize.min.js` (replaces the SDK's cdnjs URL). */
  materialize: '/vendor/materialize/materialize.min.js',
  /** material-design-iconic-font@2.2.0 CSS (replaces the SDK's cdnjs URL); its `../fonts/…` resolve below. */
  iconFontCss: '/vendor/material-design-iconic-font/css/material-design-iconic-font.min.css',
  /** Directory of the icon font files the CSS refers to. */
  iconFontDir: '/vendor/material-design-iconic-font/fonts/',
} as const;

const FONT_FILES = [
  'Material-Design-Iconic-Font.woff2',
  'Material-Design-Iconic-Font.woff',
  'Material-Design-Iconic-Font.ttf',
  'Material-Design-Iconic-Font.eot',
  'Material-Design-Iconic-Font.svg',
] as const;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.svg': 'image/svg+xml',
};

/** The files are from pinned package versions; a day of caching is safe and keeps reloads fast. */
const CACHE_CONTROL = 'public, max-age=86400';

interface AssetSource {
  readonly packageName: string;
  readonly file: string;
}

const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** URL path → file inside a package. */
const ASSETS = new Map<string, AssetSource>([
  [VENDOR_PATHS.three, { packageName: 'three', file: 'build/three.min.js' }],
  [VENDOR_PATHS.threeModule, { packageName: 'three', file: 'build/three.module.js' }],
  [VENDOR_PATHS.bimuUmd, { packageName: 'bimu.io.viewer', file: 'dist/bimU.io.Viewer.umd.js' }],
  [VENDOR_PATHS.bimuEsm, { packageName: 'bimu.io.viewer', file: 'dist/bimU.io.Viewer.esm.js' }],
  [VENDOR_PATHS.materialize, { packageName: 'materialize-css', file: 'dist/js/materialize.min.js' }],
  [
    VENDOR_PATHS.iconFontCss,
    { packageName: 'material-design-iconic-font', file: 'dist/css/material-design-iconic-font.min.css' },
  ],
  ...FONT_FILES.map((font): [string, AssetSource] => [
    `${VENDOR_PATHS.iconFontDir}${font}`,
    { packageName: 'material-design-iconic-font', file: `dist/fonts/${font}` },
  ]),
]);

/** Every servable vendor path (for tests and the CLI banner). */
export const VENDOR_FILES: readonly string[] = [...ASSETS.keys()];

interface LoadedAsset {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly contentType: string;
}

/** Serves the vendor files, reading each once and keeping it in memory (a few hundred kB in all). */
export class VendorAssets {
  private readonly cache = new Map<string, Promise<LoadedAsset>>();

  async handle(request: Request, pathname: string): Promise<Response> {
    const source = ASSETS.get(pathname);
    if (!source) return jsonError(404, 'Not found.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return methodNotAllowed(['GET', 'HEAD']);
    let asset: LoadedAsset;
    try {
      asset = await this.load(pathname, source);
    } catch {
      this.cache.delete(pathname);
      return jsonError(404, 'Vendor file not installed; run npm ci.');
    }
    const headers = { 'Cache-Control': CACHE_CONTROL, ETag: asset.etag };
    if (request.headers.get('if-none-match') === asset.etag) {
      return new Response(null, { status: 304, headers: { ...headers, 'Access-Control-Allow-Origin': '*' } });
    }
    return bytesResponse(asset.body, asset.contentType, headers);
  }

  private load(pathname: string, source: AssetSource): Promise<LoadedAsset> {
    let loaded = this.cache.get(pathname);
    if (!loaded) {
      loaded = (async () => {
        const body = new Uint8Array(await readFile(join(packageDir(source.packageName), source.file)));
        const extension = source.file.slice(source.file.lastIndexOf('.'));
        return {
          body,
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
        };
      })();
      this.cache.set(pathname, loaded);
    }
    return loaded;
  }
}
