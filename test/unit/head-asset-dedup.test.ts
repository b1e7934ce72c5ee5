import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { interceptUiAssets, resetUiAssetsForTests, rewriteUrl } from '../../src/internal/head-asset-dedup.js';

const CDN_MATERIALIZE = 'https://cdnjs.cloudflare.com/ajax/libs/materialize/1.0.0/js/materialize.min.js';
const CDN_FONT =
  'https://cdnjs.cloudflare.com/ajax/libs/material-design-iconic-font/2.2.0/css/material-design-iconic-font.min.css';

/** What the SDK's initialize() appends, with an onload that records which dialogs it could see. */
function sdkAppends(scriptSrc: string, seen: Element[][]): void {
  const head = document.getElementsByTagName('head')[0]!;
  const style = document.createElement('style');
  style.innerText = '.bimU-test-style { color: red; }';
  head.appendChild(style);
  const link = document.createElement('link');
  link.href = CDN_FONT;
  link.rel = 'stylesheet';
  head.append(link);
  const script = document.createElement('script');
  script.onload = () => seen.push([...document.querySelectorAll('.modal')]);
  script.src = scriptSrc;
  head.append(script);
}

describe('UI asset interception', () => {
  afterEach(() => {
    for (const node of document.head.querySelectorAll('[data-model-viewer-embed]')) node.remove();
    resetUiAssetsForTests();
  });

  it('rewrites the cdnjs URLs to the self-hosted layout', () => {
    expect(rewriteUrl(CDN_MATERIALIZE, '/vendor/')).to.equal(
      new URL('/vendor/materialize/materialize.min.js', location.href).href,
    );
    expect(rewriteUrl(CDN_FONT, '/vendor')).to.equal(
      new URL('/vendor/material-design-iconic-font/css/material-design-iconic-font.min.css', location.href)
        .href,
    );
    expect(rewriteUrl(CDN_FONT, null)).to.equal(CDN_FONT);
    expect(rewriteUrl('https://example.com/other.js', '/vendor/')).to.equal('https://example.com/other.js');
  });

  it('appends each asset once per page and runs each viewer set-up with only its own dialog', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div class="modal" id="page-modal"></div>
        <div class="a"><div class="modal"></div></div>
        <div class="b"><div class="modal"></div></div>
      </div>`,
    );
    const a = root.querySelector('.a')!;
    const b = root.querySelector('.b')!;
    const scriptSrc = URL.createObjectURL(
      new Blob(['window.__uiLoads = (window.__uiLoads || 0) + 1;'], { type: 'text/javascript' }),
    );
    const seen: Element[][] = [];
    interceptUiAssets(a, null, () => sdkAppends(scriptSrc, seen));
    interceptUiAssets(b, null, () => sdkAppends(scriptSrc, seen));
    await waitUntil(() => seen.length === 2, 'both set-ups ran');
    expect((window as unknown as { __uiLoads: number }).__uiLoads).to.equal(1);
    expect(document.head.querySelectorAll('script[data-model-viewer-embed="ui-script"]').length).to.equal(1);
    expect(document.head.querySelectorAll('link[data-model-viewer-embed="ui-style"]').length).to.equal(1);
    expect(document.head.querySelectorAll('style[data-model-viewer-embed="ui-css"]').length).to.equal(1);
    expect(seen[0]).to.deep.equal([a.querySelector('.modal')]);
    expect(seen[1]).to.deep.equal([b.querySelector('.modal')]);
    expect(Object.getOwnPropertyDescriptor(document.head, 'append'), 'head restored').to.equal(undefined);
  });

  it('skips the set-up of a viewer whose container left the document', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div class="a"><div class="modal"></div></div>
      </div>`,
    );
    const a = root.querySelector('.a')!;
    const scriptSrc = URL.createObjectURL(new Blob([''], { type: 'text/javascript' }));
    const seen: Element[][] = [];
    interceptUiAssets(a, null, () => sdkAppends(scriptSrc, seen));
    a.remove();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).to.have.length(0);
  });
  it("puts the page's own jQuery plugins back after Materialize replaced them", async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div class="a"><div class="modal"></div></div>
      </div>`,
    );
    const bootstrapModal = function modal() {};
    const win = window as unknown as { jQuery?: { fn: Record<string, unknown> } };
    // Enough of jQuery for Materialize to install its wrappers: it only assigns to `jQuery.fn`.
    win.jQuery = { fn: { modal: bootstrapModal } };
    try {
      const seen: Element[][] = [];
      const src = '/node_modules/materialize-css/dist/js/materialize.min.js?jquery-test';
      interceptUiAssets(root.querySelector('.a')!, null, () => sdkAppends(src, seen));
      await waitUntil(() => seen.length === 1, 'set-up ran');
      expect(win.jQuery.fn['modal'], "the page's modal plugin").to.equal(bootstrapModal);
      expect(Object.keys(win.jQuery.fn), 'no Materialize plugins left').to.deep.equal(['modal']);
    } finally {
      delete win.jQuery;
    }
  });
});
