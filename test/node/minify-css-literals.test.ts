/**
 * scripts/minify-css-literals.mjs, which the library builds run on the element's modules: what it must leave
 * alone (code, comments that mention css, strings, interpolations, line numbers) and what it takes out. That the
 * element's own style sheets parse to the same rules either way is checked in the browsers
 * (test/unit/minify-css-literals.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minifyCss, minifyCssLiterals } from '../../scripts/minify-css-literals.mjs';

const SRC = join(import.meta.dirname, '../../src');

test('drops comments and indentation, keeps every line break', () => {
  const source = [
    'const styles = css`',
    '  :host {',
    '    /* Why this rule: a comment',
    '       over two lines. */',
    '    display: block;',
    '    font:',
    '      14px/1.4 system-ui,',
    '      sans-serif;',
    '  }',
    '`;',
    'const after = 1;',
  ].join('\n');
  const minified = minifyCssLiterals(source);
  assert.equal(
    minified,
    [
      'const styles = css`',
      ':host{',
      '',
      '',
      'display:block;',
      'font:',
      '14px/1.4 system-ui,',
      'sans-serif;',
      '}',
      '`;',
      'const after = 1;',
    ].join('\n'),
  );
  assert.equal(minified.split('\n').length, source.split('\n').length);
});

test('keeps the space of a descendant combinator, strings and interpolations as written', () => {
  const source =
    'const a = css`.frame.cooperative  ::slotted([slot=\'x  y\']) { content: "a  ;  b"; }`;\n' +
    'const b = /* css */ `\n${CONTAINER} > .modal.open { margin: 0 0 8px; }\n`;\n' +
    'const c = css`${unsafeCSS(`${x}  {`)} .a { color : red }`;';
  assert.equal(
    minifyCssLiterals(source),
    'const a = css`.frame.cooperative ::slotted([slot=\'x  y\']){content:"a  ;  b";}`;\n' +
      'const b = /* css */ `\n${CONTAINER} > .modal.open{margin:0 0 8px;}\n`;\n' +
      'const c = css`${unsafeCSS(`${x}  {`)} .a{color :red}`;',
  );
});

test('leaves code, plain templates and comments that only mention css alone', () => {
  const source = [
    '/** `{base}/font/css/font.min.css`. Needed offline. */',
    'const html = `<p>  two  spaces  </p>`;',
    'const name = `css  ${x}`;',
    'function css(x) { return x; }',
  ].join('\n');
  assert.equal(minifyCssLiterals(source), source);
});

test("the element's modules shrink and keep their line count", () => {
  for (const file of ['model-viewer-embed.ts', 'features/poster.ts', 'internal/dialog-styles.ts']) {
    const source = readFileSync(join(SRC, file), 'utf8');
    const minified = minifyCssLiterals(source);
    assert.ok(minified.length < source.length, `${file} has CSS to minify`);
    assert.equal(minified.split('\n').length, source.split('\n').length, file);
  }
  const settings = readFileSync(join(SRC, 'internal/settings-table.ts'), 'utf8');
  assert.equal(minifyCssLiterals(settings), settings);
});

test('keeps the spaces inside parentheses, where a var() value is kept as written', () => {
  assert.equal(
    minifyCss('.a { background: color-mix(in srgb, var(--bg,  #f4f5f7) 85%, transparent) ; }'),
    '.a{background:color-mix(in srgb, var(--bg, #f4f5f7) 85%, transparent);}',
  );
});

test('minifyCss: unterminated comments and strings do not throw', () => {
  assert.equal(minifyCss('a { b: c } /* open'), 'a{b:c}');
  assert.equal(minifyCss("a { content: 'open"), "a{content:'open");
});
