import { expect } from '@open-wc/testing';
import { ContextBudget, DEFAULT_CONTEXT_BUDGET } from '../../src/internal/context-budget.js';

/** A budget with `names` admitted in order, all loaded (parkable) and off-screen. */
function filled(limit: number, names: string[]): ContextBudget<string> {
  const budget = new ContextBudget<string>(limit);
  for (const name of names) {
    budget.setVisibility(name, { visible: false, near: false });
    expect(budget.admit(name).victims).to.deep.equal([]);
    budget.setParkable(name, true);
  }
  return budget;
}

describe('ContextBudget', () => {
  it('defaults to 8 live viewers', () => {
    expect(DEFAULT_CONTEXT_BUDGET).to.equal(8);
    expect(new ContextBudget().limit).to.equal(8);
  });

  it('admits without victims up to the limit', () => {
    const budget = filled(3, ['a', 'b', 'c']);
    expect(budget.size).to.equal(3);
    expect(budget.isLive('b')).to.equal(true);
  });

  it('releases the least recently visible off-screen viewer when full', () => {
    const budget = filled(3, ['a', 'b', 'c']);
    // Seen in the order c, a, b: c was seen longest ago.
    for (const name of ['c', 'a', 'b']) {
      budget.setVisibility(name, { visible: true, near: true });
      budget.setVisibility(name, { visible: false, near: false });
    }
    const admission = budget.admit('d');
    expect(admission).to.deep.equal({ victims: ['c'], overBudget: false });
    expect(budget.isLive('c')).to.equal(false);
    expect(budget.size).to.equal(3);
  });

  it('prefers a viewer that was never seen, then one far from the viewport over one about to scroll in', () => {
    const budget = filled(2, ['near', 'far']);
    budget.setVisibility('far', { visible: true, near: true });
    budget.setVisibility('far', { visible: false, near: false });
    budget.setVisibility('near', { visible: false, near: true });
    expect(budget.admit('new').victims).to.deep.equal(['far']);
  });

  it('never releases a visible viewer, nor one still loading: it exceeds the budget instead', () => {
    const budget = filled(2, ['a', 'b']);
    budget.setVisibility('a', { visible: true, near: true });
    budget.setParkable('b', false);
    expect(budget.admit('c')).to.deep.equal({ victims: [], overBudget: true });
    expect(budget.size).to.equal(3);
  });

  it('never offers the member being admitted, and counts a released member out', () => {
    const budget = filled(1, ['a']);
    budget.release('a');
    expect(budget.size).to.equal(0);
    expect(budget.admit('a')).to.deep.equal({ victims: [], overBudget: false });
    expect(budget.admit('a')).to.deep.equal({ victims: [], overBudget: false });
    expect(budget.size).to.equal(1);
  });

  it('applies a lowered limit at the next admission, releasing as many as needed', () => {
    const budget = filled(4, ['a', 'b', 'c', 'd']);
    budget.limit = 2;
    const { victims } = budget.admit('e');
    expect(victims).to.have.length(3);
    expect(budget.size).to.equal(2);
    expect(budget.isLive('e')).to.equal(true);
  });

  it('forgets a member that left the page', () => {
    const budget = filled(2, ['a', 'b']);
    budget.forget('a');
    expect(budget.size).to.equal(1);
    expect(budget.admit('c')).to.deep.equal({ victims: [], overBudget: false });
  });
});
