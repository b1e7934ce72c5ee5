/**
 * An opt-in Trusted Types `default` policy for what the bimU.io SDK writes itself.
 *
 * The SDK (and Materialize, which it loads for its toolbar) writes to script-injection sinks with plain
 * strings, out of the element's reach:
 * - `insertAdjacentHTML` for its toolbar, its dropdown menus and its dialog's skeleton, and `innerHTML` for the
 *   dialog's title, body and button labels (its help table, its element-properties table, messages);
 *   Materialize's tooltips set `innerHTML` to the buttons' `data-tooltip` text;
 * - `script.src` with the cdnjs URL of Materialize 1.0.0, before the element rewrites it (the rewrite itself
 *   goes through the element's own policy);
 * - `new Worker(blob:…)` for the worker that parses each model part.
 * Under `require-trusted-types-for 'script'` those sinks only accept strings through the page's `default`
 * policy. This one accepts exactly those shapes and refuses everything else by throwing: markup is parsed
 * inertly and must consist of the SDK's elements and attributes only (no event handlers, no URL but `#`, no
 * `url(` in styles), script URLs must be the SDK's Materialize URL or a `blob:` worker of this origin, and
 * script text (`eval`, string timers) is never accepted.
 *
 * The SDK's element-properties dialog interpolates property names and values from the model without escaping;
 * with this policy, a model whose data contains markup beyond the allow-list gets its dialog refused instead
 * of injecting it.
 */
// Types only: this module shares no code with the element, so pages that do not install the policy do not
// download it (it is its own package entry, model-viewer-embed/trusted-types).
import type { TrustedTypePolicyLike, TrustedTypesFactoryLike } from './trusted-types.js';

const HELP = 'See the README section "Trusted Types".';

/** The Materialize script the SDK's `initialize()` assigns to `script.src` (with `showUI`). */
export const SDK_MATERIALIZE_URL =
  'https://cdnjs.cloudflare.com/ajax/libs/materialize/1.0.0/js/materialize.min.js';

/** Elements the SDK's and Materialize's markup uses. */
const SDK_ELEMENTS: ReadonlySet<string> = new Set([
  'a',
  'div',
  'h4',
  'i',
  'li',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'tr',
  'ul',
]);
/** Attributes the SDK's markup uses; `href` and `style` are checked further below. */
const SDK_ATTRIBUTES: ReadonlySet<string> = new Set([
  'class',
  'colspan',
  'data-position',
  'data-target',
  'data-tooltip',
  'href',
  'id',
  'style',
  'tabindex',
  'title',
]);
/** CSS that can fetch (and so leak) or, in old engines, run something. The SDK's inline styles use none. */
const UNSAFE_STYLE = /url\s*\(|image-set\s*\(|expression\s*\(|@import|\\/i;

/** The string `inspect` is parsing: `DOMParser` is itself a sink and hands it back to this policy. */
let inspecting: string | undefined;

/**
 * Parses `html` into a document that runs nothing and loads nothing (a `DOMParser` document has no browsing
 * context, no custom elements and no scripting). On an enforcing page `parseFromString` passes the string to
 * the default policy, that is back to `createHTML` below, synchronously: the string being inspected is let
 * through to the inert parser only, and nothing else can run in between.
 */
function inspect(html: string): Document {
  inspecting = html;
  try {
    return new DOMParser().parseFromString(html, 'text/html');
  } finally {
    inspecting = undefined;
  }
}

/** Why `html` is not markup the SDK writes, or `undefined` when it is. */
export function sdkMarkupProblem(html: string): string | undefined {
  const doc = inspect(html);
  for (const element of doc.documentElement.querySelectorAll('*')) {
    const name = element.localName;
    const structural = name === 'head' || name === 'body';
    if (!structural && !SDK_ELEMENTS.has(name)) return `<${name}> is not an element the SDK writes`;
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml') return `<${name}> is not an HTML element`;
    for (const { name: attribute, value } of element.attributes) {
      if (structural || !SDK_ATTRIBUTES.has(attribute))
        return `the attribute ${attribute} is not one the SDK writes`;
      if (attribute === 'href' && value !== '#')
        return 'links other than href="#" are not written by the SDK';
      if (attribute === 'style' && UNSAFE_STYLE.test(value)) return 'the style loads or runs something';
    }
  }
  // Attributes the parser moved onto the document element (`<html onload=…>`).
  if (doc.documentElement.attributes.length > 0) return 'the markup sets attributes on <html>';
  return undefined;
}

/** Why `url` is not a script URL the SDK writes to `sink`, or `undefined` when it is. */
export function sdkScriptUrlProblem(url: string, sink = ''): string | undefined {
  if (url === SDK_MATERIALIZE_URL && !/worker/i.test(sink)) return undefined;
  // `URL.createObjectURL` gives `blob:<origin>/<uuid>`; the SDK creates one per model part for its worker.
  const blob = new RegExp(`^blob:${escapeRegExp(location.origin)}/[0-9a-f-]{36}$`, 'i');
  if (blob.test(url) && (sink === '' || /worker/i.test(sink))) return undefined;
  return `${url.slice(0, 80)} is not a script URL the SDK writes${sink ? ` to ${sink}` : ''}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function refuse(problem: string): never {
  throw new TypeError(`The bimU.io Trusted Types default policy refused a value: ${problem}. ${HELP}`);
}

let installed: TrustedTypePolicyLike | undefined;

/**
 * Installs a Trusted Types `default` policy that lets through only what the bimU.io SDK and its Materialize
 * toolbar write (see the module comment), so that `<model-viewer-embed>` works on a page with
 * `require-trusted-types-for 'script'`. Call it once, before the first element loads; the page's CSP must
 * list `default` (and, for the element, `model-viewer-embed`) in `trusted-types`.
 *
 * Returns the policy, the one installed earlier by this function, or `null` where the browser has no Trusted
 * Types (nothing to do). Throws when the page already has another `default` policy (a page has one at most:
 * let it accept the SDK's values itself) or when the CSP does not allow the name `default`.
 */
export function installBimuTrustedTypesPolicy(): TrustedTypePolicyLike | null {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactoryLike }).trustedTypes;
  if (!factory) return null;
  if (installed) return installed;
  if (factory.defaultPolicy) {
    throw new Error(`The page already has a Trusted Types default policy. ${HELP}`);
  }
  installed = factory.createPolicy('default', {
    createHTML: (input, _typeName, sink) => {
      if (input === inspecting) return input;
      const problem = sdkMarkupProblem(input);
      return problem === undefined ? input : refuse(`${problem}${sink ? ` (${sink})` : ''}`);
    },
    createScriptURL: (input, _typeName, sink) => {
      const problem = sdkScriptUrlProblem(input, sink);
      return problem === undefined ? input : refuse(problem);
    },
    createScript: () => refuse('the SDK never evaluates script text'),
  });
  return installed;
}
