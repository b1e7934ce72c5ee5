/**
 * When to report a camera that is moving: at most once per interval while it moves, and exactly once more when
 * it has come to rest.
 *
 * A drag moves the camera on every frame (60 times a second); a page that stores or shares the view wants a
 * few updates while it moves and one final value it can trust. Every report is at least `intervalMs` after the
 * previous one, the settled report included, so a listener never sees a burst.
 *
 * Pure module: the caller gives the time (one call per animation frame), so tests need no clock.
 */
export type ThrottleDecision = 'change' | 'settled' | null;

export class ChangeThrottle {
  #lastReport = -Infinity;
  #lastChange = -Infinity;
  #moving = false;
  /** A change happened since the last report. */
  #unreported = false;

  constructor(
    readonly intervalMs = 250,
    /** How long the camera must stay still to count as settled. */
    readonly settleMs = 150,
  ) {}

  /** Whether a movement is under way (a settled report is still to come). */
  get moving(): boolean {
    return this.#moving;
  }

  /** Called once per frame with whether the camera changed since the previous call; returns what to report. */
  tick(now: number, changed: boolean): ThrottleDecision {
    if (changed) {
      this.#lastChange = now;
      this.#moving = true;
      this.#unreported = true;
    }
    if (!this.#moving || now - this.#lastReport < this.intervalMs) return null;
    if (now - this.#lastChange >= this.settleMs) {
      this.#moving = false;
      this.#unreported = false;
      this.#lastReport = now;
      return 'settled';
    }
    if (!this.#unreported) return null;
    this.#unreported = false;
    this.#lastReport = now;
    return 'change';
  }

  /**
   * Moves the last report's time to when its listeners returned (the caller's clock). Spacing measured from the
   * decision would let a listener that ran late, on a busy machine, see the next report less than the interval
   * after its own; measured from here, every listener sees at least the interval between two reports.
   */
  reportDelivered(now: number): void {
    this.#lastReport = Math.max(this.#lastReport, now);
  }

  /** Forgets a movement in progress (a new viewer, a disconnected element). */
  reset(): void {
    this.#moving = false;
    this.#unreported = false;
    this.#lastChange = -Infinity;
  }
}
