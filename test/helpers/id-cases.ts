/**
 * One table of ids for every test of the id rule (`src/internal/bimu-rules.ts`): the element, the server module and
 * the local platform must agree on each of them.
 */

/** Ids the rule accepts, including both ends of the length limit and every allowed punctuation mark. */
export const VALID_IDS: readonly string[] = [
  'm',
  'small-office',
  'x'.repeat(128),
  'Abc-123_4.5~6',
  '...',
  '.hidden',
];

/** Ids the rule refuses: empty, dot segments, too long, and anything a URL path would need encoded. */
export const INVALID_IDS: readonly string[] = [
  '',
  '.',
  '..',
  'x'.repeat(129),
  'x'.repeat(150),
  'a/b',
  '../etc',
  'a b',
  'a\tb',
  'a\nb',
  'a%2Fb',
  '%2e%2e',
  'a?b',
  'a#b',
  'a\\b',
  'mödel',
];
