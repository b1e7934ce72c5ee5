/**
 * Attribute names that suggest an API key or account credential was put on the element.
 *
 * Such a key would be readable by every visitor of the page, so the element never reads it and refuses to load
 * while one is present. The same list is observed, so that adding or removing one re-runs the load: a list for
 * refusing and another for observing drifted apart once (`account-key`, `api_secret` and `client_secret` were
 * refused but not observed, so adding one after a load did nothing).
 *
 * Pure module: no Lit, no `this`.
 */

/** Each credential name as two words; every attribute spelling of them is covered (`api-key`, `apikey`, `api_key`). */
const CREDENTIAL_WORDS = [
  ['api', 'key'],
  ['api', 'secret'],
  ['account', 'name'],
  ['account', 'key'],
  ['client', 'secret'],
  ['secret', 'key'],
] as const;

/** Every credential-like attribute name, lower case (HTML lower-cases attribute names, and observing is exact). */
export const CREDENTIAL_ATTRIBUTES: readonly string[] = [
  ...CREDENTIAL_WORDS.flatMap(([first, second]) => [
    `${first}-${second}`,
    `${first}${second}`,
    `${first}_${second}`,
  ]),
  'password',
];

/** Names of credential-like attributes on `element` (never their values), in the element's order. */
export function forbiddenCredentialAttributes(element: Element): string[] {
  return element.getAttributeNames().filter((name) => CREDENTIAL_ATTRIBUTES.includes(name.toLowerCase()));
}
