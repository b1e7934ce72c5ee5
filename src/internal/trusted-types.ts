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
 * blesses is either a script URL the settings restrict to http(s) or markup built from escaped text (the
 * password dialog).
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

/** `undefined` until first use; `null` where there is no `trustedTypes` or the page refused the name. */
let policy: TrustedTypePolicyLike | null | undefined;
/** Why `createPolicy` failed, for error messages. */
let policyFailure: string | undefined;

function ownPolicy(): TrustedTypePolicyLike | null {
  if (policy !== undefined) return policy;
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactoryLike }).trustedTypes;
  policy = null;
  if (!factory) return policy;
  try {
    policy = factory.createPolicy(TRUSTED_TYPES_POLICY_NAME, {
      // Only this module can call the policy. Its callers pass markup built from escaped text, and script URLs
      // that the settings already restrict to http(s) (resolveSettings) or that the element derived from them.
      createHTML: (input) => input,
      createScriptURL: (input) => input,
    });
  } catch (error) {
    // A `trusted-types` directive without this name: under `require-trusted-types-for 'script'` the sinks below
    // then refuse the plain strings, and the element reports that with `explainTrustedTypes`.
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
 * `message`, followed by what the page must allow when it reports a Trusted Types refusal (or when `always`):
 * a browser's own refusal names the type in Chromium and WebKit ("TrustedHTML", "TrustedScriptURL") and says
 * "Sink type mismatch violation blocked by CSP" in Firefox 153.
 */
export function explainTrustedTypes(message: string, always?: boolean): string {
  return always || /Trusted ?(Types|HTML|Script)|require-trusted-types|Sink type mismatch/i.test(message)
    ? `${message} Trusted Types refused it${policyFailure ? ` (allow the policy "${TRUSTED_TYPES_POLICY_NAME}" in trusted-types: ${policyFailure})` : ''}. ${TRUSTED_TYPES_HELP}`
    : message;
}
