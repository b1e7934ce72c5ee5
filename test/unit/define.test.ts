/**
 * `define.ts` at module evaluation. It is imported here (once per page: each test file runs in its own page)
 * only after the page's `<meta>` settings are in place, as the HTML parser would have put them there.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';

describe('define.ts', () => {
  it("starts three.js and the SDK once the page's modules ran, with their configure() call, before any element", async () => {
    // Page settings are http(s) URLs.
    const threeSrc = new URL('./fixtures/counting-three.js', import.meta.url).href;
    for (const [name, content] of [
      ['three-src', threeSrc],
      ['sdk-src', new URL('./fixtures/counting-sdk.js?from=meta', import.meta.url).href],
    ]) {
      document.head.append(
        Object.assign(document.createElement('meta'), { name: `model-viewer-embed:${name}`, content }),
      );
    }
    await import('./fixtures/configure-after-define.js');
    expect(customElements.get('model-viewer-embed'), 'the element is defined').to.not.equal(undefined);
    expect(document.querySelector('model-viewer-embed'), 'no element on the page').to.equal(null);
    const scripts = [
      ...document.querySelectorAll<HTMLScriptElement>('script[data-model-viewer-embed="sdk"]'),
    ];
    expect(scripts.map((element) => element.src)).to.deep.equal([threeSrc]);
    // configure() outranks <meta>, as it does for an element's load.
    const hints = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')]
      .map((link) => link.href)
      .filter((href) => href.includes('counting-sdk'));
    expect(hints).to.deep.equal([new URL('./fixtures/counting-sdk.js?from=configure', import.meta.url).href]);
    await waitUntil(() => 'bimU' in window, 'the SDK runs without any element on the page');
  });
});
