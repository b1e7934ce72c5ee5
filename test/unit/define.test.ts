/**
 * `define.ts` at module evaluation. It is imported here (once per page: each test file runs in its own page)
 * only after the page's `<meta>` settings are in place, as the HTML parser would have put them there.
 */
import { expect, waitUntil } from '@open-wc/testing';

describe('define.ts', () => {
  it('starts loading three.js and the SDK when it is evaluated on a page with <meta> settings', async () => {
    // Page settings are http(s) URLs.
    const threeSrc = new URL('./fixtures/counting-three.js', import.meta.url).href;
    const sdkSrc = new URL('./fixtures/counting-sdk.js', import.meta.url).href;
    for (const [name, content] of [
      ['three-src', threeSrc],
      ['sdk-src', sdkSrc],
    ]) {
      document.head.append(
        Object.assign(document.createElement('meta'), { name: `model-viewer-embed:${name}`, content }),
      );
    }
    await import('../../src/define.js');
    expect(customElements.get('model-viewer-embed'), 'the element is defined').to.not.equal(undefined);
    expect(document.querySelector('model-viewer-embed'), 'no element on the page').to.equal(null);
    const scripts = [
      ...document.querySelectorAll<HTMLScriptElement>('script[data-model-viewer-embed="sdk"]'),
    ];
    expect(scripts.map((element) => element.src)).to.deep.equal([threeSrc]);
    await waitUntil(() => 'bimU' in window, 'the SDK runs without any element on the page');
  });
});
