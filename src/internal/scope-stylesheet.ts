/**
 * Confining a stylesheet to one part of the page.
 *
 * With `showUI`, the SDK adds an inline `<style>` holding a Materialize subset whose selectors are global
 * (`nav`, `.btn`, `.card`, `.modal`, `.toast`, `.dropdown-content`, `.divider`, `.z-depth-*`, …): left as it is,
 * it restyles the host page's own navigation bar, Bootstrap buttons and modals. `scopeStylesheet` rewrites such
 * a sheet so that every rule only matches inside a scope (the element's viewer containers), except for the
 * few widgets Materialize renders outside that scope (tooltips go to `<body>`), which are confined to a marker
 * the element puts on them instead.
 *
 * The text is parsed by the browser's own CSS parser (a constructed stylesheet, or a detached document where
 * constructing one is not supported), so comments, strings, escapes and vendor prefixes are handled exactly
 * as the browser applying the result would handle them; declarations the browser drops are dropped here too.
 */

export interface ScopeOptions {
  /** A selector for the scope's root, e.g. `[data-model-viewer-embed="container"]`. */
  scope: string;
  /**
   * Classes of elements that are rendered outside the scope (e.g. `material-tooltip`, appended to `<body>`),
   * mapped to the compound selector that marks the page's own instances of them as belonging to the scope,
   * e.g. `{ 'material-tooltip': '[data-model-viewer-embed="tooltip"]' }`. A selector whose first compound has
   * such a class gets the marker appended to that compound instead of the scope prefix.
   */
  detached?: Readonly<Record<string, string>>;
}

/**
 * Returns `cssText` rewritten so that its style rules only apply inside `scope`:
 * - `a, b > c::before` becomes `S a, S b > c::before` (pseudo-elements and combinators keep working);
 * - a selector starting with `html`, `body` or `:root` is mapped onto the scope root itself (`body .x` →
 *   `S .x`, `html` → `S`): the SDK's UI lives in the scope, so page-level rules are meant for it;
 * - rules inside `@media`, `@supports`, `@container` and `@layer` blocks are rewritten recursively, keeping
 *   the condition;
 * - `@keyframes`, `@font-face`, `@page` and other at-rules without selectors are kept as they are (keyframe
 *   selectors such as `0%` are not element selectors); `@import` and `@namespace` are dropped, since a
 *   scoped sheet must not pull in another unscoped one.
 */
export function scopeStylesheet(cssText: string, options: ScopeOptions): string {
  const rules = parseRules(cssText);
  return rules
    .map((rule) => scopeRule(rule, options))
    .filter((text) => text !== '')
    .join('\n');
}

/** The rules of `cssText` as the current browser parses them. */
function parseRules(cssText: string): CSSRule[] {
  if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      const sheet = new CSSStyleSheet();
      // replaceSync ignores @import rules (they would need a network fetch), which is what we want anyway.
      sheet.replaceSync(cssText);
      return [...sheet.cssRules];
    } catch {
      // Constructable stylesheets unsupported (Safari before 16.4): parse in a detached document below.
    }
  }
  const doc = document.implementation.createHTMLDocument('');
  const style = doc.createElement('style');
  style.textContent = cssText;
  doc.head.append(style);
  return style.sheet ? [...style.sheet.cssRules] : [];
}

function scopeRule(rule: CSSRule, options: ScopeOptions): string {
  if (isStyleRule(rule)) {
    const selector = splitSelectorList(rule.selectorText)
      .map((part) => scopeSelector(part, options))
      .join(', ');
    // CSS nesting: nested rules are relative to this rule's (now scoped) selector, so they stay as they are.
    const nested = rule.cssRules ? [...rule.cssRules].map((child) => child.cssText).join(' ') : '';
    return `${selector} { ${rule.style.cssText}${nested ? ` ${nested}` : ''} }`;
  }
  if (isGroupingRule(rule)) {
    const text = rule.cssText;
    const prelude = text.slice(0, text.indexOf('{')).trim();
    const body = [...rule.cssRules].map((child) => scopeRule(child, options)).filter((t) => t !== '');
    return `${prelude} {\n${body.join('\n')}\n}`;
  }
  const text = rule.cssText;
  if (/^@(import|namespace)\b/i.test(text)) return '';
  return text;
}

function isStyleRule(rule: CSSRule): rule is CSSStyleRule {
  return typeof CSSStyleRule !== 'undefined' && rule instanceof CSSStyleRule;
}

/** Conditional and layer blocks whose children are style rules, by the name of their CSSOM interface. */
const GROUPING_RULES = [
  'CSSMediaRule',
  'CSSSupportsRule',
  'CSSContainerRule',
  'CSSLayerBlockRule',
  'CSSScopeRule',
];

/**
 * `@media`, `@supports`, `@container`, `@layer { … }`. Not `@page` (a CSSGroupingRule in recent engines, but
 * its body is declarations) and not `@keyframes`.
 */
function isGroupingRule(rule: CSSRule): rule is CSSGroupingRule {
  return GROUPING_RULES.some((name) => {
    const type = (globalThis as unknown as Record<string, unknown>)[name];
    return typeof type === 'function' && rule instanceof type;
  });
}

const PAGE_ROOT = /^(?::root|html|body)(?![\w-])/i;

/** Scopes one complex selector (no top-level commas). */
export function scopeSelector(selector: string, { scope, detached = {} }: ScopeOptions): string {
  const trimmed = selector.trim();
  const rootMatch = PAGE_ROOT.exec(trimmed);
  if (rootMatch) {
    // `html`, `body`, `:root` (possibly chained, e.g. `html body .x`) stand for the scope root itself.
    let rest = trimmed.slice(rootMatch[0].length);
    for (let next = PAGE_ROOT.exec(rest.trimStart()); next; next = PAGE_ROOT.exec(rest.trimStart())) {
      rest = rest.trimStart().slice(next[0].length);
    }
    return `${scope}${rest}`;
  }
  const firstCompoundEnd = endOfFirstCompound(trimmed);
  const first = trimmed.slice(0, firstCompoundEnd);
  for (const [className, marker] of Object.entries(detached)) {
    if (hasClass(first, className)) {
      // Insert the marker before any pseudo-element, which must end its compound.
      const pseudo = first.search(/::|:(?:before|after|first-line|first-letter)\b/);
      const at = pseudo === -1 ? first.length : pseudo;
      return `${first.slice(0, at)}${marker}${first.slice(at)}${trimmed.slice(firstCompoundEnd)}`;
    }
  }
  return `${scope} ${trimmed}`;
}

function hasClass(compound: string, className: string): boolean {
  const escaped = className.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\.${escaped}(?![\\w-])`).test(compound);
}

/** The index at which the first compound selector ends: the first top-level combinator or whitespace. */
function endOfFirstCompound(selector: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < selector.length; i++) {
    const char = selector[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (depth === 0 && /[\s>+~]/.test(char)) return i;
  }
  return selector.length;
}

/** Splits a selector list at its top-level commas (not those inside `:is(…)`, `[attr=","]`, strings). */
export function splitSelectorList(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '\\') i++;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '(' || char === '[') depth++;
    else if (char === ')' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      parts.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(list.slice(start).trim());
  return parts.filter((part) => part !== '');
}
