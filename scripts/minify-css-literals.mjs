// Minifies the CSS the element carries as template literals (Lit's css`…` and strings marked /* css */) in the
// library builds: their comments (the "why" of each rule, for readers of the source) and indentation were shipped
// to every page as they were written.
//
// Deliberately conservative, so that what the browser parses is the same style sheet: comments go; a run of
// whitespace that held line breaks keeps exactly those line breaks (so every line of the module keeps its number
// and the source maps stay right without a map of our own); other whitespace goes where CSS never needs it
// (after `{ } ; , :`, before `{ } ; ,`, outside parentheses) and is one space elsewhere; quoted strings and
// `${…}` interpolations are left untouched. test/unit/minify-css-literals.test.ts checks, in each browser, that
// the element's style sheets parse to the same rules minified as written.

/** Minifies one run of CSS text (the text between a template literal's interpolations). */
export function minifyCss(text) {
  let out = '';
  let i = 0;
  // Inside parentheses a value may hold var(): the browser keeps such a value as the tokens it was written with
  // (whitespace included) until it is computed, so there a run of spaces only becomes one space.
  let depth = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += '\n'.repeat(countNewlines(text, i, stop));
      i = stop;
      continue;
    }
    if (char === '"' || char === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== char && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/\s/.test(char)) {
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j += 1;
      const newlines = countNewlines(text, i, j);
      if (newlines > 0) {
        out += '\n'.repeat(newlines);
      } else {
        // At the start of a run, `before` is undefined: an interpolation may stand there, so the space stays.
        const before = out.at(-1);
        const after = text[j];
        const needless =
          depth === 0 &&
          ((before !== undefined && '{};,:'.includes(before)) ||
            (after !== undefined && '{};,'.includes(after)));
        if (!needless) out += ' ';
      }
      i = j;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

function countNewlines(text, from, to) {
  let count = 0;
  for (let i = from; i < to; i += 1) if (text[i] === '\n') count += 1;
  return count;
}

/**
 * Where the CSS literals start in a module's source: just after the opening backtick of a `css` tag that stands
 * where an expression does (after `=`, `(`, `[` or `,`; not "min.css`" in a comment), or of a literal marked
 * with a css comment.
 */
const OPENING = /(?:(?<=[=([,]\s*)css|\/\*\s*css\s*\*\/\s*)`/g;

/** Minifies every CSS literal of one module's source; returns it unchanged when there is none. */
export function minifyCssLiterals(source) {
  let out = '';
  let copied = 0;
  for (const match of source.matchAll(OPENING)) {
    const start = match.index + match[0].length;
    if (start < copied) continue;
    out += source.slice(copied, start);
    let i = start;
    let text = '';
    while (i < source.length && source[i] !== '`') {
      if (source[i] === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (source[i] === '$' && source[i + 1] === '{') {
        out += minifyCss(text);
        text = '';
        const end = endOfInterpolation(source, i + 2);
        out += source.slice(i, end);
        i = end;
      } else {
        text += source[i];
        i += 1;
      }
    }
    out += minifyCss(text);
    copied = i;
  }
  return copied === 0 ? source : out + source.slice(copied);
}

/** The index just after the `}` that closes an interpolation whose body starts at `from`. */
function endOfInterpolation(source, from) {
  let depth = 1;
  let i = from;
  while (i < source.length) {
    const char = source[i];
    if (char === "'" || char === '"' || char === '`') {
      i = endOfQuoted(source, i);
      continue;
    }
    if (char === '{') depth += 1;
    if (char === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return i;
}

/** The index just after the quote that closes the string or template literal opening at `from`. */
function endOfQuoted(source, from) {
  const quote = source[from];
  let i = from + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') i += 2;
    else if (quote === '`' && source[i] === '$' && source[i + 1] === '{')
      i = endOfInterpolation(source, i + 2);
    else i += 1;
  }
  return i + 1;
}

/** The Vite plugin: runs before TypeScript is stripped, on the element's own modules only. */
export function minifyCssLiteralsPlugin() {
  return {
    name: 'model-viewer-embed-minify-css-literals',
    enforce: 'pre',
    // The dev server serves the modules as written.
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/[^?]*\.ts$/.test(id)) return null;
      const minified = minifyCssLiterals(code);
      // `map: null`: no code moved from one line to another, so the next source map in the chain stays right.
      return minified === code ? null : { code: minified, map: null };
    },
  };
}
