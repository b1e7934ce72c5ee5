/**
 * The element's own Trusted Types policy, `model-viewer-embed`.
 *
 * A page with `require-trusted-types-for 'script'` refuses plain strings at script-injection sinks. The
 * element writes three of them itself: the `src` of the three.js and SDK scripts it loads, the rewritten `src`
 * of the SDK's Materialize script, and the password dialog's markup, which the SDK assigns with `innerHTML`.
 * Each goes through this one policy, created on first use and only where `trustedTypes` exists; a page that
 * restricts policy names lists `model-viewer-embed` in its `trusted-types` directive.
 *
 * The policy object never leaves this module: only the element's code can bless a value with it, and what it
 * blesses is checked (script URLs must be http(s) or blob:) or built from escaped text (the password dialog).
 * Nothing here runs at module evaluation, so importing the package on a server stays safe.
 */

/** The name a page lists in `trusted-types` so that the element can create its policy. */
export const TRUSTED_TYPES_POLICY_NAME = 'model-viewer-embed';

/** Where users find what to put in their CSP; named in every Trusted Types error message. */
export const TRUSTED_TYPES_HELP = 'See the README section "Trusted Types".';

declare const trustedHtmlBrand: unique symbol;
declare const trustedScriptUrlBrand: unique symbol;
/** A `TrustedHTML` object. TypeScript's DOM library does not declare Trusted Types, hence these brands. */
export interface TrustedHtml {
  readonly [trustedHtmlBrand]: true;
}
/** A `TrustedScriptURL` object. */
export interface TrustedScriptUrl {
  readonly [trustedScriptUrlBrand]: true;
}

/** A policy's callbacks. A `default` policy's also receive the type's name and the sink ("Worker constructor"). */
export interface TrustedTypePolicyRules {
  createHTML?: (input: string, typeName?: string, sink?: string) => string | null;
  createScriptURL?: (input: string, typeName?: string, sink?: string) => string | null;
  createScript?: (input: string, typeName?: string, sink?: string) => string | null;
}

export interface TrustedTypePolicyLike {
  readonly name: string;
  createHTML(input: string): TrustedHtml;
  createScriptURL(input: string): TrustedScriptUrl;
}

export interface TrustedTypesFactoryLike {
  createPolicy(name: string, rules: TrustedTypePolicyRules): TrustedTypePolicyLike;
  readonly defaultPolicy?: TrustedTypePolicyLike | null;
}

/** The page's `trustedTypes`, where the browser has Trusted Types. */
export function trustedTypesFactory(): TrustedTypesFactoryLike | undefined {
  return (globalThis as { trustedTypes?: TrustedTypesFactoryLike }).trustedTypes;
}

/** `undefined` until first use; `null` where there is no `trustedTypes` or the page refused the name. */
let policy: TrustedTypePolicyLike | null | undefined;
/** Why `createPolicy` failed, for error messages. */
let policyFailure: string | undefined;

function ownPolicy(): TrustedTypePolicyLike | null {
  if (policy !== undefined) return policy;
  const factory = trustedTypesFactory();
  policy = null;
  if (!factory) return policy;
  try {
    policy = factory.createPolicy(TRUSTED_TYPES_POLICY_NAME, {
      // Only this module can call the policy; its callers pass markup built from escaped text.
      createHTML: (input) => input,
      createScriptURL: (input) => {
        // What `three-src`/`sdk-src`/`ui-assets-base` accept, plus same-origin `blob:` (scripts a page built
        // itself); never `javascript:` or `data:`, which would turn a URL setting into inline script.
        const url = new URL(input, document.baseURI);
        if (!['https:', 'http:', 'blob:'].includes(url.protocol)) {
          throw new TypeError(`${TRUSTED_TYPES_POLICY_NAME} loads scripts from http(s) and blob: URLs only.`);
        }
        return url.href;
      },
    });
  } catch (error) {
    // A `trusted-types` directive without this name: under `require-trusted-types-for 'script'` the sinks below
    // then refuse the plain strings, and the element reports that with `describeTrustedTypesRefusal`.
    policyFailure = error instanceof Error ? error.message : String(error);
  }
  return policy;
}

/** `url` blessed by the element's policy, or `url` itself where there is no policy. */
export function trustedScriptUrl(url: string): TrustedScriptUrl | string {
  return ownPolicy()?.createScriptURL(url) ?? url;
}

/** Markup the element built from escaped text, blessed by its policy (or itself where there is none). */
export function trustedHtml(html: string): TrustedHtml | string {
  return ownPolicy()?.createHTML(html) ?? html;
}

/**
 * Parses `html` into a document that runs nothing and loads nothing (a `DOMParser` document has no browsing
 * context), for inspecting markup before it reaches a live sink. Returns `null` when it cannot: `DOMParser` is
 * itself a Trusted Types sink, so without the element's policy an enforcing page refuses it.
 */
export function parseInertHtml(html: string): Document | null {
  try {
    return new DOMParser().parseFromString(trustedHtml(html) as string, 'text/html');
  } catch {
    return null;
  }
}

/**
 * Whether `error` is a Trusted Types refusal: a browser's own (Chromium and WebKit name the type, "TrustedHTML"
 * or "TrustedScriptURL"; Firefox 153 says "Sink type mismatch violation blocked by CSP") or a policy's that
 * names Trusted Types.
 */
export function isTrustedTypesRefusal(error: unknown): boolean {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  return /Trusted ?(Types?|HTML|Script|ScriptURL)\b|require-trusted-types-for|Sink type mismatch/i.test(
    message,
  );
}

/** A message for people: what Trusted Types refused and what the page must allow. */
export function describeTrustedTypesRefusal(what: string, error: unknown): string {
  // A policy's own refusal may already point to the README; say it once.
  const detail = (error instanceof Error ? error.message : String(error))
    .replace(TRUSTED_TYPES_HELP, '')
    .trim();
  const cause =
    policyFailure !== undefined
      ? ` The page did not allow the element's Trusted Types policy "${TRUSTED_TYPES_POLICY_NAME}" (${policyFailure}): ` +
        `list it in the CSP's trusted-types directive.`
      : '';
  return `Trusted Types refused ${what} (${detail}).${cause} ${TRUSTED_TYPES_HELP}`;
}
