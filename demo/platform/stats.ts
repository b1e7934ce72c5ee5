/**
 * Request counters for the test control surface (`GET /__platform/stats`), so tests can assert what the SDK
 * actually requested (how many token requests, how many parts, which credentials' usernames).
 *
 * Counters are kept **per page**: a request counts for the page that sent it (its `Referer`), and a page's
 * `GET /__platform/stats` and `POST /__platform/reset` read and clear that page's counters only. One shared set
 * of counters made tests count each other's requests: a page that has moved on to its next test file can still
 * have requests on their way to the server (a retired viewer's download, a request the browser had sent just
 * before the page was closed), and they arrived after the next page had reset the counters. Requests without a
 * `Referer` (Node clients, curl) share one page of their own, the empty string.
 */

export const STAT_ENDPOINTS = [
  'token',
  'blob',
  'parts',
  'attachments',
  'metadata',
  'elements',
  'query',
  'preflight',
  'vendor',
] as const;
export type StatEndpoint = (typeof STAT_ENDPOINTS)[number];

/** How many `/token` usernames are kept per page; older ones are dropped. */
export const MAX_TOKEN_USERS = 100;
/** Usernames are truncated to this many characters, so 10 kB junk usernames cannot grow the list's memory. */
export const MAX_TOKEN_USER_LENGTH = 128;
/** How many pages' counters are kept; the least recently used are dropped (a test run opens a few hundred). */
export const MAX_PAGES = 1000;

export type StatsSnapshot = Record<StatEndpoint, number> & { tokenUsers: string[] };

/** The query parameter with which a request can name its page where its `Referer` would not. */
export const PAGE_PARAMETER = '__page';

/**
 * The page a request came from: the URL in its {@link PAGE_PARAMETER} query parameter, else its `Referer`, without
 * the fragment; '' for neither. Cross-origin requests carry only the page's origin under the browsers' default
 * referrer policy (the test server asks for more), and Firefox and WebKit send only the origin on a CORS
 * preflight whatever the policy: a test that counts a cross-site route's preflights names its page in the URL.
 */
export function pageOf(request: Request): string {
  const referer = new URL(request.url).searchParams.get(PAGE_PARAMETER) ?? request.headers.get('referer');
  if (!referer) return '';
  const hash = referer.indexOf('#');
  return (hash === -1 ? referer : referer.slice(0, hash)).slice(0, 2048);
}

/** Values kept per page, created on first use, with the least recently used page dropped past {@link MAX_PAGES}. */
export class PerPage<T> {
  readonly #pages = new Map<string, T>();

  constructor(private readonly create: () => T) {}

  get(page: string): T {
    let value = this.#pages.get(page);
    if (value === undefined) {
      value = this.create();
    } else {
      this.#pages.delete(page);
    }
    this.#pages.set(page, value);
    if (this.#pages.size > MAX_PAGES) this.#pages.delete(this.#pages.keys().next().value!);
    return value;
  }

  delete(page: string): void {
    this.#pages.delete(page);
  }
}

interface Counters {
  counts: Map<StatEndpoint, number>;
  tokenUsers: string[];
}

export class PlatformStats {
  readonly #pages = new PerPage<Counters>(() => ({ counts: new Map(), tokenUsers: [] }));

  count(endpoint: StatEndpoint, page: string): void {
    const { counts } = this.#pages.get(page);
    counts.set(endpoint, (counts.get(endpoint) ?? 0) + 1);
  }

  /**
   * Records the Basic *username* of a `/token` request (an account name or a model id). The password or API key
   * is never recorded anywhere.
   */
  recordTokenUser(username: string, page: string): void {
    const { tokenUsers } = this.#pages.get(page);
    tokenUsers.push(username.slice(0, MAX_TOKEN_USER_LENGTH));
    if (tokenUsers.length > MAX_TOKEN_USERS) tokenUsers.splice(0, tokenUsers.length - MAX_TOKEN_USERS);
  }

  snapshot(page: string): StatsSnapshot {
    const { counts, tokenUsers } = this.#pages.get(page);
    const snapshot = { tokenUsers: [...tokenUsers] } as StatsSnapshot;
    for (const endpoint of STAT_ENDPOINTS) snapshot[endpoint] = counts.get(endpoint) ?? 0;
    return snapshot;
  }

  reset(page: string): void {
    this.#pages.delete(page);
  }
}
