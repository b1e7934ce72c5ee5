/**
 * The page's WebGL context budget: which members (elements) hold a live viewer, and which of them to release
 * when another needs one and the budget is full.
 *
 * Every bimU.io viewer owns a WebGL context (the SDK cannot share a renderer), and browsers keep only about
 * sixteen per page: beyond that they silently take the oldest one, which leaves a blank viewer that still
 * claims to be loaded. The budget keeps the page well below that limit. When a member needs a context and the
 * budget is full, the live members that cannot be seen and may be released are offered as victims, least
 * recently visible first (those not even near the viewport before those about to scroll in).
 *
 * When every live member can be seen (many small embeds on one screen), no victim is offered and the budget
 * is exceeded: releasing a viewer someone is looking at, or keeping one from loading, would be worse than a
 * few more contexts while the browser's own limit is still far. `admit` says so, and the caller warns.
 *
 * Pure module: no Lit, no DOM. Time is a counter, so that order does not depend on the clock.
 */

/** Live viewers a page keeps unless `configure({ contextBudget })` or `<meta>` says otherwise. */
export const DEFAULT_CONTEXT_BUDGET = 8;

/** Where a member is, as far as the budget cares. */
export interface Visibility {
  /** Intersects the viewport. */
  visible: boolean;
  /** Within the lazy-loading margin of the viewport (about to be seen); implied by `visible`. */
  near: boolean;
}

interface MemberState extends Visibility {
  /** The clock when it was last seen: now while visible, 0 if never. */
  lastSeen: number;
  /** Whether its viewer may be released now (loaded, nothing in flight). */
  parkable: boolean;
}

export interface Admission<Member> {
  /** Members whose viewers must be released before the new context is created, in the order chosen. */
  victims: Member[];
  /** True when the budget is exceeded anyway because every other live member can be seen or is busy. */
  overBudget: boolean;
}

export class ContextBudget<Member> {
  #limit: number;
  #clock = 0;
  readonly #states = new Map<Member, MemberState>();
  readonly #live = new Set<Member>();

  constructor(limit = DEFAULT_CONTEXT_BUDGET) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** A new limit applies from the next `admit`; live viewers above it are not released at once. */
  set limit(limit: number) {
    this.#limit = limit;
  }

  /** How many members hold a live viewer. */
  get size(): number {
    return this.#live.size;
  }

  isLive(member: Member): boolean {
    return this.#live.has(member);
  }

  /** Records where `member` is; a member seen now is the most recently visible one. */
  setVisibility(member: Member, { visible, near }: Visibility): void {
    const state = this.#state(member);
    if (visible || state.visible) state.lastSeen = ++this.#clock;
    state.visible = visible;
    state.near = near || visible;
  }

  /** Records whether `member`'s viewer may be released now. */
  setParkable(member: Member, parkable: boolean): void {
    this.#state(member).parkable = parkable;
  }

  /**
   * `member` is about to create a viewer: counts it as live and returns the members to release first so that
   * the page stays within the limit. Victims are no longer counted as live.
   */
  admit(member: Member): Admission<Member> {
    this.#state(member);
    this.#live.add(member);
    const victims: Member[] = [];
    if (this.#live.size <= this.#limit) return { victims, overBudget: false };
    const candidates = [...this.#live]
      .filter((other) => other !== member)
      .map((other) => [other, this.#states.get(other)!] as const)
      .filter(([, state]) => state.parkable && !state.visible)
      // Not near before near; then the one seen longest ago.
      .sort(([, a], [, b]) => Number(a.near) - Number(b.near) || a.lastSeen - b.lastSeen);
    for (const [other] of candidates) {
      if (this.#live.size <= this.#limit) break;
      this.#live.delete(other);
      victims.push(other);
    }
    return { victims, overBudget: this.#live.size > this.#limit };
  }

  /** `member` released its viewer (parked, failed, replaced or disconnected). */
  release(member: Member): void {
    this.#live.delete(member);
  }

  /** `member` left the page: forgets it. */
  forget(member: Member): void {
    this.#live.delete(member);
    this.#states.delete(member);
  }

  #state(member: Member): MemberState {
    let state = this.#states.get(member);
    if (!state) {
      state = { visible: false, near: false, lastSeen: 0, parkable: false };
      this.#states.set(member, state);
    }
    return state;
  }
}
