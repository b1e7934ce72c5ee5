/**
 * Limits repeated wrong passwords per model: after `maxFailures` failures within `windowMs`, further attempts
 * are refused (429 with `Retry-After`) until the oldest failure leaves the window.
 *
 * Memory is bounded twice: each key keeps at most `maxFailures` timestamps, and at most `maxKeys` keys are kept
 * (the least recently failed is dropped first). The platform only ever uses ids of models that exist as keys,
 * so the second bound is a safety net rather than the main defence.
 */

export interface RateLimiterOptions {
  /** Failures allowed within the window before attempts are refused. Default 5. */
  maxFailures?: number;
  /** Sliding window, milliseconds. Default 60 000. */
  windowMs?: number;
  /** Most keys tracked at once. Default 1000. */
  maxKeys?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export type RateLimitDecision =
  { readonly limited: false } | { readonly limited: true; readonly retryAfterSeconds: number };

export class FailureRateLimiter {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  /** Failure timestamps per key, oldest first. Map order doubles as least-recently-failed order. */
  private readonly failures = new Map<string, number[]>();

  constructor(options: RateLimiterOptions = {}) {
    this.maxFailures = Math.max(1, options.maxFailures ?? 5);
    this.windowMs = Math.max(1, options.windowMs ?? 60_000);
    this.maxKeys = Math.max(1, options.maxKeys ?? 1000);
    this.now = options.now ?? Date.now;
  }

  /** Whether `key` may attempt now. Checked *before* verifying the password, so a locked key learns nothing. */
  check(key: string): RateLimitDecision {
    const recent = this.prune(key);
    if (recent.length < this.maxFailures) return { limited: false };
    const oldest = recent[recent.length - this.maxFailures]!;
    const waitMs = oldest + this.windowMs - this.now();
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  recordFailure(key: string): void {
    const recent = this.prune(key);
    recent.push(this.now());
    if (recent.length > this.maxFailures) recent.splice(0, recent.length - this.maxFailures);
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.maxKeys) {
      const oldestKey = this.failures.keys().next().value as string;
      this.failures.delete(oldestKey);
    }
  }

  /** Forgets `key`'s failures (after a correct password), or every key's. */
  reset(key?: string): void {
    if (key === undefined) this.failures.clear();
    else this.failures.delete(key);
  }

  /** Number of keys currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.failures.size;
  }

  private prune(key: string): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const cutoff = this.now() - this.windowMs;
    const recent = list.filter((t) => t > cutoff);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }
}
