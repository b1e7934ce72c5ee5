/**
 * A page that enforces Trusted Types without allowing the element's policy: the element's own script URL is
 * refused, which must end in `sdk-load-failed` naming Trusted Types, not in a generic `viewer` failure. Runs from
 * trusted-types-refused.test.html.
 */
import { expect } from '@open-wc/testing';
import { embed, mintToken, nextOutcome, resetPlatform, terminalsAfter } from './support.js';

const violations = (window as unknown as { __securityPolicyViolations: string[] }).__securityPolicyViolations;

describe('Trusted Types: the element’s policy is not in trusted-types (real SDK loader)', function () {
  this.timeout(60_000);

  before(function () {
    // Only engines without Trusted Types skip: there nothing is refused.
    if (!('trustedTypes' in window)) this.skip();
  });

  it('ends in sdk-load-failed with a message naming Trusted Types, the policy and the README section', async () => {
    await resetPlatform();
    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 30_000);
    expect(outcome).to.include({ type: 'error', code: 'sdk-load-failed', modelId: 'small-office' });
    const message = (outcome as { message: string }).message;
    expect(message).to.match(/^The script URL \S+three\.min\.js was refused: .* Trusted Types refused it/);
    expect(message).to.include('"model-viewer-embed"');
    expect(message).to.include('README section "Trusted Types"');
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect('THREE' in window, 'no script ran').to.equal(false);
    // The browser reported both refusals: the policy's name and the plain string at script.src.
    expect(violations.some((line) => line.startsWith('trusted-types'))).to.equal(true);
    expect(violations.some((line) => line.startsWith('require-trusted-types-for'))).to.equal(true);
  });
});
