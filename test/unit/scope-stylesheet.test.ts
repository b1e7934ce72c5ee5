import { expect, fixture, html } from '@open-wc/testing';
import { scopeSelector, scopeStylesheet, splitSelectorList } from '../../src/internal/scope-stylesheet.js';
import { scopeSdkCss } from '../../src/internal/head-asset-dedup.js';
import { withPatched } from '../../src/internal/with-patched.js';

const SCOPE = '[data-model-viewer-embed="container"]';
const OPTIONS = { scope: SCOPE, detached: { 'material-tooltip': '[data-model-viewer-embed="tooltip"]' } };

/** The style rules of a CSS text, as `selector` → declarations, in order. */
function rulesOf(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return [...sheet.cssRules].map((rule) => rule.cssText.replace(/\s+/g, ' '));
}

describe('scopeStylesheet', () => {
  it('prefixes every selector of a list, keeping combinators and pseudo-elements', () => {
    const out = scopeStylesheet(
      'nav, .btn:hover, .modal > .modal-footer .btn, .pulse::before { color: red }',
      OPTIONS,
    );
    expect(rulesOf(out)).to.deep.equal([
      `${SCOPE} nav, ${SCOPE} .btn:hover, ${SCOPE} .modal > .modal-footer .btn, ${SCOPE} .pulse::before { color: red; }`,
    ]);
  });

  it('maps html, body and :root onto the scope root', () => {
    expect(scopeSelector('html', OPTIONS)).to.equal(SCOPE);
    expect(scopeSelector('body .x', OPTIONS)).to.equal(`${SCOPE} .x`);
    expect(scopeSelector('html body > .x', OPTIONS)).to.equal(`${SCOPE} > .x`);
    expect(scopeSelector(':root', OPTIONS)).to.equal(SCOPE);
    expect(scopeSelector('body-part', OPTIONS), 'a custom element named body-…').to.equal(
      `${SCOPE} body-part`,
    );
    expect(scopeSelector('.html', OPTIONS)).to.equal(`${SCOPE} .html`);
  });

  it('confines widgets rendered outside the scope to their marker instead', () => {
    expect(scopeSelector('.material-tooltip', OPTIONS)).to.equal(
      '.material-tooltip[data-model-viewer-embed="tooltip"]',
    );
    expect(scopeSelector('.material-tooltip::before', OPTIONS)).to.equal(
      '.material-tooltip[data-model-viewer-embed="tooltip"]::before',
    );
    expect(scopeSelector('.material-tooltip .backdrop', OPTIONS)).to.equal(
      '.material-tooltip[data-model-viewer-embed="tooltip"] .backdrop',
    );
    expect(scopeSelector('.material-tooltip-x', OPTIONS), 'another class').to.equal(
      `${SCOPE} .material-tooltip-x`,
    );
  });

  it('rewrites rules inside @media and @supports, keeping the condition', () => {
    const out = scopeStylesheet(
      '@media only screen and (max-width: 992px) { .modal { width: 80% } } @supports (display: grid) { .card { display: grid } }',
      OPTIONS,
    );
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(out);
    const [media, supports] = [...sheet.cssRules] as [CSSMediaRule, CSSSupportsRule];
    expect(media.media.mediaText).to.equal('only screen and (max-width: 992px)');
    expect((media.cssRules[0] as CSSStyleRule).selectorText).to.equal(`${SCOPE} .modal`);
    expect(supports.conditionText).to.equal('(display: grid)');
    expect((supports.cssRules[0] as CSSStyleRule).selectorText).to.equal(`${SCOPE} .card`);
  });

  it('keeps @keyframes and @font-face as they are and drops @import', () => {
    const out = scopeStylesheet(
      '@import url("other.css"); @keyframes pulse-animation { 0% { opacity: 1 } 100% { opacity: 0 } } @font-face { font-family: X; src: url(x.woff2) }',
      OPTIONS,
    );
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(out);
    const rules = [...sheet.cssRules];
    expect(rules.map((rule) => rule.constructor.name)).to.deep.equal(['CSSKeyframesRule', 'CSSFontFaceRule']);
    const keyframes = rules[0] as CSSKeyframesRule;
    expect(keyframes.name).to.equal('pulse-animation');
    expect([...keyframes.cssRules].map((frame) => (frame as CSSKeyframeRule).keyText)).to.deep.equal([
      '0%',
      '100%',
    ]);
  });

  it('keeps !important, comments out and strings intact', () => {
    const out = scopeStylesheet(
      '/* a, b { } */ .property-group-header { background: grey !important; } a[title="x, y"]::after { content: "{, }" }',
      OPTIONS,
    );
    expect(rulesOf(out)).to.deep.equal([
      `${SCOPE} .property-group-header { background: grey !important; }`,
      `${SCOPE} a[title="x, y"]::after { content: "{, }"; }`,
    ]);
  });

  it('splits selector lists only at top-level commas', () => {
    expect(splitSelectorList(':is(.a, .b) > .c, [data-x="1,2"], .d')).to.deep.equal([
      ':is(.a, .b) > .c',
      '[data-x="1,2"]',
      '.d',
    ]);
  });

  it('styles the viewer but not the page', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <nav class="page">page</nav>
        <a class="btn page">page</a>
        <div data-model-viewer-embed="container"><a class="btn viewer">viewer</a></div>
        <div class="material-tooltip page-tip">page tip</div>
        <div class="material-tooltip viewer-tip" data-model-viewer-embed="tooltip">viewer tip</div>
      </div>`,
    );
    const style = document.createElement('style');
    style.textContent = scopeSdkCss(
      'nav, .btn { box-shadow: 0 2px 2px 0 red; } .btn { height: 36px; text-transform: uppercase; display: inline-block; } .material-tooltip { opacity: 0; }',
    );
    const pageBefore = getComputedStyle(root.querySelector('a.page')!).textTransform;
    document.head.append(style);
    try {
      const css = (selector: string) => getComputedStyle(root.querySelector(selector)!);
      expect(css('a.viewer').textTransform).to.equal('uppercase');
      expect(css('a.viewer').height).to.equal('36px');
      expect(css('a.page').textTransform).to.equal(pageBefore);
      expect(css('nav.page').boxShadow).to.equal('none');
      expect(css('.viewer-tip').opacity).to.equal('0');
      expect(css('.page-tip').opacity).to.equal('1');
    } finally {
      style.remove();
    }
  });
});

describe('scopeSdkCss', () => {
  it('scopes the SDK stylesheet once per page: the same text again is not parsed again, another one is', () => {
    let parses = 0;
    const nativeReplaceSync = CSSStyleSheet.prototype.replaceSync;
    function countingReplaceSync(this: CSSStyleSheet, text: string): void {
      parses += 1;
      nativeReplaceSync.call(this, text);
    }
    // A text no earlier test scoped, so that the first call below really scopes it.
    const sdkCss = `.btn-${Math.random().toString(36).slice(2)} { text-transform: uppercase; }`;
    withPatched(CSSStyleSheet.prototype, 'replaceSync', countingReplaceSync, () => {
      const first = scopeSdkCss(sdkCss);
      const parsesForFirst = parses;
      expect(parsesForFirst).to.be.greaterThan(0);
      expect(scopeSdkCss(sdkCss)).to.equal(first);
      expect(parses).to.equal(parsesForFirst);

      const other = scopeSdkCss('.modal { opacity: 0.5; }');
      expect(parses).to.be.greaterThan(parsesForFirst);
      expect(other).to.contain('.modal');
      expect(other).not.to.contain('uppercase');
      expect(scopeSdkCss(sdkCss)).to.equal(first);
    });
  });
});
