/**
 * The library builds minify the element's CSS literals (scripts/minify-css-literals.mjs); the tests run the
 * modules as written. So each browser checks here that every style sheet the element ships parses to the same
 * rules minified as written: the shadow root's sheets, the poster's, and the page-wide dialog sheet.
 */
import { expect } from '@open-wc/testing';
import type { CSSResult } from 'lit';
import { minifyCss } from '../../scripts/minify-css-literals.mjs';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { DIALOG_CSS } from '../../src/internal/dialog-styles.js';

function rules(cssText: string): string[] {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  return [...sheet.cssRules].map((rule) => rule.cssText);
}

function shippedSheets(): string[] {
  const styles = [ModelViewerEmbed.styles].flat(Infinity) as CSSResult[];
  return [...styles.map((style) => style.cssText), DIALOG_CSS];
}

describe('minified CSS literals', () => {
  it('parse to the same rules as written, in every sheet the element ships', () => {
    const sheets = shippedSheets();
    expect(sheets.length).to.be.greaterThan(2);
    for (const cssText of sheets) {
      const minified = minifyCss(cssText);
      expect(minified.length).to.be.lessThan(cssText.length);
      const written = rules(cssText);
      expect(written.length).to.be.greaterThan(0);
      expect(rules(minified)).to.deep.equal(written);
    }
  });

  it('would notice a minification that changes a rule', () => {
    // The comparison itself can fail: dropping the space of a descendant combinator changes the selector.
    const written = '.frame ::slotted(div) { color: red }';
    expect(rules(written.replace('.frame ::', '.frame::'))).not.to.deep.equal(rules(written));
  });
});
