/**
 * Loads three.js r113 and the bimU.io SDK once per page.
 *
 * The SDK's UMD bundle reads a global `THREE` while it evaluates and refuses any revision but r113
 * ("Please use a compatible Three.js version."), so three.js must be loaded first, as a classic script.
 * Every element awaits the same promise: twenty embeds load each script once. Globals already on the page
 * (a page that loads the SDK itself) are reused rather than loaded twice, but a `THREE` of another revision is
 * reported instead of being silently overwritten, since replacing it would break the page's own three.js code.
 *
 * A page's own `<script>` tags are found by the HTML parser at once; the element's scripts can only start once
 * its module has run. `loadSdkFromPageSettings` narrows that gap to the module's evaluation: `define.ts` calls it
 * in a microtask once the page's modules have run, before any element has run its first update.
 */
import type { BimuNamespace, SdkWindow } from './sdk-types.js';
import { explainTrustedTypes, trustedScriptUrl } from './trusted-types.js';
import { resolveSettings } from './config.js';
import { mark } from './dom-marker.js';
import { pageWindow, type RealmWindow } from './realm.js';

/** The only three.js revision the SDK accepts. */
export const REQUIRED_THREE_REVISION = '113';

export class SdkLoadError extends Error {
  override readonly name = 'SdkLoadError';
}

export interface SdkSources {
  threeSrc: string;
  sdkSrc: string;
}

/** One load per realm: the page's own window, and each isolation frame's. */
let shared = new WeakMap<RealmWindow, Promise<BimuNamespace>>();
/** The absolute URL the SDK was loaded from (or found at), used to recognise its uncaught errors. */
let loadedSdkUrl: string | undefined;

/** The URL the SDK's code runs from, when known. */
export function sdkScriptUrl(): string | undefined {
  return loadedSdkUrl;
}

/**
 * Resolves with the global `bimU` namespace of `realm` (the page's window unless an isolation frame's is given),
 * loading three.js and the SDK into it on first use. A failure rejects with an `SdkLoadError` whose message says
 * what to fix, and is not cached, so `reload()` can try again.
 */
export function loadSdk(sources: SdkSources, realm: RealmWindow = pageWindow()): Promise<BimuNamespace> {
  let loading = shared.get(realm);
  if (!loading) {
    loading = load(sources, realm).catch((error: unknown) => {
      shared.delete(realm);
      throw error;
    });
    shared.set(realm, loading);
  }
  return loading;
}

/**
 * Starts `loadSdk` with the page-wide settings (`configure()`, `<meta>`, defaults) when the page has
 * `<meta name="model-viewer-embed:…">` settings: such a page has said it embeds models, and where the scripts
 * are. It does nothing on a page without them, on a server, when an element in the document names its own
 * `three-src` or `sdk-src` (that element's first load decides, as before), or when the settings are invalid (the
 * first load reports them). A failure is not cached, so the first element's load tries again and reports it.
 */
export function loadSdkFromPageSettings(): void {
  if (typeof document === 'undefined' || !document.querySelector('meta[name^="model-viewer-embed:"]')) return;
  if (document.querySelector('model-viewer-embed[three-src], model-viewer-embed[sdk-src]')) return;
  let sources: SdkSources;
  try {
    const { threeSrc, sdkSrc } = resolveSettings({});
    sources = { threeSrc, sdkSrc };
  } catch {
    return;
  }
  // Nobody awaits this call: its failure must not surface as an unhandled rejection.
  loadSdk(sources).catch(() => undefined);
}

async function load({ threeSrc, sdkSrc }: SdkSources, realm: RealmWindow): Promise<BimuNamespace> {
  const win = realm as unknown as SdkWindow;
  const document = realm.document;
  // The SDK must run after three.js, but nothing stops it downloading at the same time: a preload hint
  // lets the browser fetch both in parallel while three.js is still loading and running.
  if (!win.THREE && !win.bimU?.Viewer) preloadScript(sdkSrc, document);
  if (!win.THREE) {
    await injectScript(
      document,
      threeSrc,
      `three.js could not be loaded from ${threeSrc}. Serve three@0.113.2's build/three.min.js there, or point the ` +
        'three-src attribute (or ModelViewerEmbed.configure({ threeSrc })) at a copy that loads.',
    );
  }
  const revision = win.THREE?.REVISION;
  if (revision === undefined) {
    throw new SdkLoadError(
      `${threeSrc} loaded but did not define a global THREE. Use the UMD build of three@0.113.2 (build/three.min.js), ` +
        'not an ES module.',
    );
  }
  if (String(revision) !== REQUIRED_THREE_REVISION) {
    throw new SdkLoadError(
      `The page has three.js r${String(revision)}, but the bimU.io SDK only works with r${REQUIRED_THREE_REVISION} ` +
        '(three@0.113.2). Load three@0.113.2 as the global THREE (three-src), or remove the other copy from the page.',
    );
  }
  if (!win.bimU?.Viewer) {
    await injectScript(
      document,
      sdkSrc,
      `The bimU.io Viewer SDK could not be loaded from ${sdkSrc}. Serve bimu.io.viewer@0.0.11's ` +
        'dist/bimU.io.Viewer.umd.js there, or point the sdk-src attribute (or ModelViewerEmbed.configure({ sdkSrc })) ' +
        'at a copy that loads.',
    );
    loadedSdkUrl = new URL(sdkSrc, document.baseURI).href;
  } else {
    loadedSdkUrl ??= document.querySelector<HTMLScriptElement>('script[src*="bimU.io.Viewer"]')?.src;
  }
  const bimU = win.bimU;
  if (!bimU || typeof bimU.Viewer !== 'function') {
    throw new SdkLoadError(
      `${sdkSrc} loaded but did not define the global bimU.Viewer. Use the UMD build (dist/bimU.io.Viewer.umd.js), ` +
        'not the ES module build.',
    );
  }
  return bimU;
}

/** Appends a classic script and resolves when it has run; rejects with `failureMessage` when it cannot load. */
function injectScript(document: Document, src: string, failureMessage: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const url = new URL(src, document.baseURI);
    const crossOrigin = crossOriginFor(url);
    if (crossOrigin !== null) script.crossOrigin = crossOrigin;
    try {
      // Through the element's own policy: a page with `require-trusted-types-for 'script'` refuses a string.
      script.src = trustedScriptUrl(url.href) as string;
    } catch (error) {
      reject(
        new SdkLoadError(
          explainTrustedTypes(`The script URL ${url.href} was refused: ${String(error)}.`, true),
        ),
      );
      return;
    }
    script.async = false;
    mark(script, 'sdk');
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener(
      'error',
      () => {
        script.remove();
        reject(new SdkLoadError(failureMessage));
      },
      { once: true },
    );
    document.head.append(script);
  });
}

/** Forgets the shared promise; for tests that swap the globals between cases. */
export function resetSdkLoaderForTests(): void {
  shared = new WeakMap();
  loadedSdkUrl = undefined;
}

/**
 * The CORS mode of the element's scripts. jsDelivr (the default) answers with CORS headers, and a CORS-mode
 * script keeps the SDK's uncaught errors readable ("Script error." otherwise), which the element needs to
 * attribute them to a load. Other hosts are loaded in no-CORS mode, since a crossorigin script from a host
 * without CORS headers would not load at all.
 */
function crossOriginFor(url: URL): 'anonymous' | null {
  return url.hostname === 'cdn.jsdelivr.net' ? 'anonymous' : null;
}

/**
 * Adds `<link rel="preload" as="script">` for `src` once; a hint only, so failures are left to the real load.
 * The hint has the script's CORS mode: the browser reuses a preloaded response only for a request of the same
 * mode, and would download the SDK a second time for a CORS-mode script preloaded in no-CORS mode.
 */
function preloadScript(src: string, document: Document): void {
  const url = new URL(src, document.baseURI);
  const crossOrigin = crossOriginFor(url);
  const already = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')].some(
    (link) => link.href === url.href && link.crossOrigin === crossOrigin,
  );
  if (already) return;
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  if (crossOrigin !== null) link.crossOrigin = crossOrigin;
  link.href = url.href;
  document.head.append(link);
}
