import { expect } from '@open-wc/testing';
import { escapeHtml } from '../../src/internal/escape-html.js';

describe('escapeHtml', () => {
  it('replaces the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<img src=x onerror="alert('x')">&`)).to.equal(
      '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;',
    );
  });

  it('leaves other text alone and stringifies non-strings', () => {
    expect(escapeHtml('Model “A” – 3')).to.equal('Model “A” – 3');
    expect(escapeHtml(42)).to.equal('42');
    expect(escapeHtml(null)).to.equal('');
  });

  it('produces text that innerHTML renders literally', () => {
    const div = document.createElement('div');
    const hostile = '<script>window.__pwned = true</script><b>bold</b>';
    div.innerHTML = escapeHtml(hostile);
    expect(div.textContent).to.equal(hostile);
    expect(div.children.length).to.equal(0);
  });
});
