import { expect } from '@open-wc/testing';
import {
  loadSdk,
  loadSdkFromPageSettings,
  resetSdkLoaderForTests,
  SdkLoadError,
} from '../../src/internal/sdk-loader.js';

type Globals = Record<string, unknown> & { __threeLoads?: number; __sdkLoads?: number };
const win = window as unknown as Globals;

/** A classic script at a blob: URL that counts its own executions. */
function scriptUrl(body: string): string {
  return URL.createObjectURL(new Blob([body], { type: 'text/javascript' }));
}
const threeScript = (revision: string) =>
  scriptUrl(
    `window.__threeLoads = (window.__threeLoads || 0) + 1; window.THREE = { REVISION: '${revision}' };`,
  );
const sdkScript = () =>
  scriptUrl(
    'window.__sdkLoads = (window.__sdkLoads || 0) + 1; window.bimU = { Viewer: function Viewer() {} };',
  );

describe('loadSdk', () => {
  beforeEach(() => {
    resetSdkLoaderForTests();
    for (const key of ['THREE', 'bimU', '__threeLoads', '__sdkLoads']) delete win[key];
  });
  afterEach(() => {
    for (const key of ['THREE', 'bimU', '__threeLoads', '__sdkLoads']) delete win[key];
    for (const script of document.querySelectorAll('script[data-model-viewer-embed="sdk"]')) script.remove();
    for (const link of document.querySelectorAll('link[rel="preload"][as="script"]')) link.remove();
    resetSdkLoaderForTests();
  });

  it('loads three.js first, then the SDK, once for any number of callers', async () => {
    const sources = { threeSrc: threeScript('113'), sdkSrc: sdkScript() };
    const results = await Promise.all([loadSdk(sources), loadSdk(sources), loadSdk(sources)]);
    expect(results[0]).to.equal(win['bimU']);
    expect(results[1]).to.equal(results[0]);
    expect(win.__threeLoads).to.equal(1);
    expect(win.__sdkLoads).to.equal(1);
    await loadSdk(sources);
    expect(win.__sdkLoads).to.equal(1);
  });

  it('reuses globals already on the page', async () => {
    const bimU = { Viewer: function Viewer() {} };
    win['THREE'] = { REVISION: '113' };
    win['bimU'] = bimU;
    expect(await loadSdk({ threeSrc: '/nope-three.js', sdkSrc: '/nope-sdk.js' })).to.equal(bimU);
  });

  it('refuses another three.js revision with a message that says what to fix', async () => {
    win['THREE'] = { REVISION: '150' };
    const error = await loadSdk({ threeSrc: threeScript('113'), sdkSrc: sdkScript() }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(SdkLoadError);
    expect((error as Error).message)
      .to.include('r150')
      .and.include('r113')
      .and.include('three-src');
    expect(win.__sdkLoads, 'the SDK is not loaded on top').to.equal(undefined);
  });

  it('reports a script that does not load, naming the URL and the setting, and can retry', async () => {
    const error = await loadSdk({
      threeSrc: threeScript('113'),
      sdkSrc: '/missing/bimU.io.Viewer.umd.js',
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(SdkLoadError);
    expect((error as Error).message)
      .to.include('/missing/bimU.io.Viewer.umd.js')
      .and.include('sdk-src');
    // A failure is not cached: a later attempt with a working URL succeeds.
    expect(await loadSdk({ threeSrc: threeScript('113'), sdkSrc: sdkScript() })).to.equal(win['bimU']);
  });

  it('reports a three.js script that does not define THREE', async () => {
    const error = await loadSdk({ threeSrc: scriptUrl('/* nothing */'), sdkSrc: sdkScript() }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).to.include('global THREE');
  });

  it('preloads the SDK in the CORS mode of its script, so that the browser can use the preloaded response', async () => {
    const sdkSrc = 'https://cdn.jsdelivr.net/npm/bimu.io.viewer@0.0.11/dist/bimU.io.Viewer.umd.js';
    // three.js fails to load, so the SDK's script is never added: only its hint is.
    const loading = loadSdk({ threeSrc: '/missing/three.min.js', sdkSrc }).catch((e: unknown) => e);
    const hints = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')];
    expect(hints.map((link) => [link.href, link.crossOrigin])).to.deep.equal([[sdkSrc, 'anonymous']]);
    expect(await loading).to.be.instanceOf(SdkLoadError);
  });

  it('preloads a same-origin SDK without CORS, like its script', async () => {
    const loading = loadSdk({ threeSrc: '/missing/three.min.js', sdkSrc: '/vendor/sdk.js' }).catch(
      (e: unknown) => e,
    );
    const hints = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')];
    expect(hints.map((link) => [link.href, link.crossOrigin])).to.deep.equal([
      [new URL('/vendor/sdk.js', location.href).href, null],
    ]);
    expect(await loading).to.be.instanceOf(SdkLoadError);
  });
});

describe('loadSdkFromPageSettings', () => {
  // Page settings are http(s) URLs: blob: scripts would be refused as invalid settings.
  const sources = {
    threeSrc: new URL('./fixtures/counting-three.js', import.meta.url).href,
    sdkSrc: new URL('./fixtures/counting-sdk.js', import.meta.url).href,
  };
  const added: Element[] = [];
  const add = <T extends Element>(element: T, parent: Element = document.head): T => {
    parent.append(element);
    added.push(element);
    return element;
  };
  const addMeta = (name: string, content: string) =>
    add(Object.assign(document.createElement('meta'), { name: `model-viewer-embed:${name}`, content }));
  const injected = () =>
    [...document.querySelectorAll<HTMLScriptElement>('script[data-model-viewer-embed="sdk"]')].map(
      (script) => script.src,
    );

  beforeEach(() => {
    resetSdkLoaderForTests();
    for (const key of ['THREE', 'bimU', '__threeLoads', '__sdkLoads']) delete win[key];
  });
  afterEach(() => {
    for (const element of added.splice(0)) element.remove();
    for (const key of ['THREE', 'bimU', '__threeLoads', '__sdkLoads']) delete win[key];
    for (const script of document.querySelectorAll('script[data-model-viewer-embed="sdk"]')) script.remove();
    for (const link of document.querySelectorAll('link[rel="preload"][as="script"]')) link.remove();
    resetSdkLoaderForTests();
  });

  it('starts three.js and the SDK from the <meta> settings at once; the first load reuses them', async () => {
    addMeta('three-src', sources.threeSrc);
    addMeta('sdk-src', sources.sdkSrc);
    loadSdkFromPageSettings();
    // Synchronously: three.js is requested and the SDK hinted before anything else runs.
    expect(injected()).to.deep.equal([sources.threeSrc]);
    expect(document.querySelector<HTMLLinkElement>('link[rel="preload"][as="script"]')?.href).to.equal(
      sources.sdkSrc,
    );
    expect(await loadSdk(sources)).to.equal(win['bimU']);
    expect(win.__threeLoads).to.equal(1);
    expect(win.__sdkLoads).to.equal(1);
  });

  it('does nothing on a page without <meta> settings', () => {
    loadSdkFromPageSettings();
    expect(injected()).to.deep.equal([]);
    expect(document.querySelector('link[rel="preload"][as="script"]')).to.equal(null);
  });

  it('leaves the scripts to the first load when an element names its own three-src or sdk-src', () => {
    addMeta('three-src', sources.threeSrc);
    const element = add(document.createElement('model-viewer-embed'), document.body);
    element.setAttribute('sdk-src', sources.sdkSrc);
    loadSdkFromPageSettings();
    expect(injected()).to.deep.equal([]);
  });

  it('leaves invalid settings to the first load, which reports them', () => {
    addMeta('three-src', 'javascript:alert(1)');
    loadSdkFromPageSettings();
    expect(injected()).to.deep.equal([]);
  });
});
