/**
 * A page that enforces Trusted Types and allows the element's policy, without a default policy for the SDK's
 * own sinks: the scripts load, the SDK's first sink refuses, and the load ends in `viewer` naming Trusted Types
 * and the README section. Runs from trusted-types-no-default.test.html.
 */
import { expect } from '@open-wc/testing';
import { embed, mintToken, nextOutcome, resetPlatform, terminalsAfter } from './support.js';

describe('Trusted Types: no default policy for the SDK’s own sinks (real SDK)', function () {
  this.timeout(60_000);

  before(function () {
    // Only engines without Trusted Types skip: there nothing is refused.
    if (!('trustedTypes' in window)) this.skip();
  });

  it('loads the scripts, then ends in viewer with a message naming Trusted Types and the README section', async () => {
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'viewer', modelId: 'small-office' });
    const message = (outcome as { message: string }).message;
    expect(message).to.match(/^The bimU\.io viewer could not start: .* Trusted Types refused it\. /);
    expect(message).to.include('README section "Trusted Types"');
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect('bimU' in window, 'the element loaded the SDK through its policy').to.equal(true);
    expect(el.querySelector('canvas') === null, 'no viewer left behind').to.equal(true);
  });
});
