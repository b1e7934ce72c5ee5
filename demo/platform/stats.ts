/**
 * Request counters for the test control surface (`GET /__platform/stats`), so tests can assert what the SDK
 * actually requested (how many token requests, how many parts, which credentials' usernames).
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

/** How many `/token` usernames are kept; older ones are dropped. */
export const MAX_TOKEN_USERS = 100;
/** Usernames are truncated to this many characters, so 10 kB junk usernames cannot grow the list's memory. */
export const MAX_TOKEN_USER_LENGTH = 128;

export type StatsSnapshot = Record<StatEndpoint, number> & { tokenUsers: string[] };

export class PlatformStats {
  private counts = new Map<StatEndpoint, number>();
  private tokenUsers: string[] = [];

  count(endpoint: StatEndpoint): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  /**
   * Records the Basic *username* of a `/token` request (an account name or a model id). The password or API key
   * is never recorded anywhere.
   */
  recordTokenUser(username: string): void {
    this.tokenUsers.push(username.slice(0, MAX_TOKEN_USER_LENGTH));
    if (this.tokenUsers.length > MAX_TOKEN_USERS)
      this.tokenUsers.splice(0, this.tokenUsers.length - MAX_TOKEN_USERS);
  }

  snapshot(): StatsSnapshot {
    const snapshot = { tokenUsers: [...this.tokenUsers] } as StatsSnapshot;
    for (const endpoint of STAT_ENDPOINTS) snapshot[endpoint] = this.counts.get(endpoint) ?? 0;
    return snapshot;
  }

  reset(): void {
    this.counts.clear();
    this.tokenUsers = [];
  }
}
