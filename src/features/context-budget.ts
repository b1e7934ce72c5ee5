/**
 * The page's WebGL context budget, as each element takes part in it: a Lit reactive controller that reports
 * where its element is (visible, near the viewport) to one page-wide `ContextBudget`, asks it for room before
 * the element creates a viewer, parks the viewers it names, and restores its own element's viewer when a parked
 * element comes back near the viewport.
 *
 * Parking and restoring themselves (snapshot, release, loading the same model again with the same camera) are
 * the loading controller's: it owns the runs. This controller only decides when.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextBudget } from '../internal/context-budget.js';
import { pageOnlySetting } from '../internal/config.js';
import { NEAR_VIEWPORT_MARGIN_PX } from '../internal/viewport-proximity.js';

/** Every text of this feature a person may read; the language table will take them over. */
export const CONTEXT_BUDGET_STRINGS = {
  /** Logged once per page when every live viewer can be seen and one more is needed. */
  overBudget: (limit: number, live: number) =>
    `model-viewer-embed: ${live} viewers are visible or loading, over the page's context budget (${limit}); ` +
    'nothing can be parked. See configure({ contextBudget }).',
} as const;

/** What the controller needs from the element's loading. */
export interface Parking {
  /** Whether the viewer is loaded, drawn by nothing in flight, and not parked: it may be released now. */
  readonly parkable: boolean;
  readonly parked: boolean;
  /** Snapshots the viewer, remembers its camera and releases it. */
  park(): void;
  /** Loads the parked model again into a new viewer and puts the camera back. */
  unpark(): void;
}

const pageBudget = new ContextBudget<ContextBudgetController>();
const members = new Set<ContextBudgetController>();
let warnedOverBudget = false;

/** The page's live viewers, for tests and the bench. */
export function liveViewerCount(): number {
  return pageBudget.size;
}

export class ContextBudgetController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #parking: Parking;
  #visible = false;
  #near = false;
  #observers: { observer: IntersectionObserver; onChange: (intersecting: boolean) => void }[] = [];

  constructor(host: ReactiveControllerHost & HTMLElement, parking: Parking) {
    this.#host = host;
    this.#parking = parking;
    host.addController(this);
  }

  hostConnected(): void {
    members.add(this);
    if (typeof IntersectionObserver !== 'function') {
      // Without an observer nothing is known to be off-screen, so nothing is ever parked.
      this.#report(true, true);
      return;
    }
    const observe = (margin: number, onChange: (intersecting: boolean) => void) => {
      const observer = new IntersectionObserver((entries) => applyLast(entries, onChange), {
        rootMargin: `${margin}px`,
      });
      observer.observe(this.#host);
      this.#observers.push({ observer, onChange });
    };
    observe(0, (visible) => this.#report(visible, this.#near || visible));
    observe(NEAR_VIEWPORT_MARGIN_PX, (near) => this.#report(this.#visible && near, near));
  }

  hostDisconnected(): void {
    for (const { observer } of this.#observers) observer.disconnect();
    this.#observers = [];
    this.#report(false, false);
    // A move reconnects in the same task and keeps its viewer; an element that stays out is forgotten once its
    // teardown (also one task later, scheduled before this) has released its viewer.
    setTimeout(() => {
      if (this.#host.isConnected) return;
      pageBudget.forget(this);
      members.delete(this);
    }, 0);
  }

  /** The element is about to create a viewer: park others first if the page's budget is full. */
  acquiring(): void {
    pageBudget.limit = pageOnlySetting('contextBudget');
    for (const member of members) member.#catchUp();
    for (const member of members) pageBudget.setParkable(member, member.#parking.parkable);
    const { victims, overBudget } = pageBudget.admit(this);
    for (const victim of victims) victim.#parking.park();
    if (overBudget && !warnedOverBudget) {
      warnedOverBudget = true;
      // The element's only console line: a page design problem the developer must hear about, not an error of
      // one load (no `error` event: every viewer still works).
      // eslint-disable-next-line no-console
      console.warn(CONTEXT_BUDGET_STRINGS.overBudget(pageBudget.limit, pageBudget.size));
    }
  }

  /** The element's viewer no longer holds a context. */
  released(): void {
    pageBudget.release(this);
  }

  /**
   * Applies the visibility changes the browser has computed but not delivered yet. A scroll that brings one
   * element near and takes another out of view reports both in one task, one observer callback after the other,
   * and the near one starts its load (and asks for a context) between them: without this, the element that just
   * left the view would still count as visible and could not be parked.
   */
  #catchUp(): void {
    for (const { observer, onChange } of this.#observers) applyLast(observer.takeRecords(), onChange);
  }

  #report(visible: boolean, near: boolean): void {
    const cameNear = (near && !this.#near) || (visible && !this.#visible);
    this.#visible = visible;
    this.#near = near;
    pageBudget.setVisibility(this, { visible, near });
    // Only on arrival: a viewer parked while near the viewport (it was not visible) waits until it is seen,
    // so two near viewers cannot park each other back and forth.
    if (cameNear && this.#parking.parked) this.#parking.unpark();
  }
}

function applyLast(entries: IntersectionObserverEntry[], onChange: (intersecting: boolean) => void): void {
  const last = entries[entries.length - 1];
  if (last) onChange(last.isIntersecting);
}
