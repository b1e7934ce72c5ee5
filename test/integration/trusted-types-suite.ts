/**
 * `<model-viewer-embed>` with the real SDK on a page that enforces Trusted Types, with the policy list the README
 * documents and `installBimuTrustedTypesPolicy()`. Runs from trusted-types.test.html, whose meta CSP is in force
 * before any module evaluates and which records every `securitypolicyviolation` from the start.
 */
import { expect } from '@open-wc/testing';
import { installBimuTrustedTypesPolicy } from '../../src/trusted-types.js';
import {
  DEMO_PASSWORD,
  embed,
  expectNoSecrets,
  mintToken,
  nextOutcome,
  resetPlatform,
  typeAndSubmit,
  waitForPasswordField,
} from './support.js';
import { collectWindowErrors } from '../helpers/dom.js';
import type { BimuViewer } from '../../src/internal/sdk-types.js';

const violations = (window as unknown as { __securityPolicyViolations: string[] }).__securityPolicyViolations;
const hasTrustedTypes = 'trustedTypes' in window;

// Before the first element loads, as the README says.
const policy = installBimuTrustedTypesPolicy();

interface SdkHelp {
  showHelp(): void;
}

describe('Trusted Types: require-trusted-types-for with the documented policies (real SDK)', function () {
  this.timeout(120_000);

  before(function () {
    // Only engines without Trusted Types skip: there the CSP directive means nothing and there is nothing to test.
    if (!hasTrustedTypes) this.skip();
  });

  it('enforces Trusted Types on this page (the test would prove nothing otherwise)', () => {
    expect(policy?.name).to.equal('default');
    const probe = document.createElement('div');
    let refused = false;
    try {
      probe.innerHTML = '<img src="x" onerror="void 0">';
    } catch (error) {
      refused = error instanceof TypeError && /Trusted/i.test(error.message);
    }
    expect(refused, 'innerHTML with an event handler is refused').to.equal(true);
    // The refusal above was the default policy throwing: that reports no violation.
    expect(violations).to.deep.equal([]);
  });

  it('loads a model in token mode with zero violations and zero uncaught errors', async () => {
    await resetPlatform();
    const errors = collectWindowErrors();
    const token = await mintToken({ modelId: 'small-office' });
    const { el } = await embed({ modelId: 'small-office', accessToken: token });
    const outcome = await nextOutcome(el, 60_000);
    errors.stop();
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    // The SDK's toolbar (insertAdjacentHTML) and its Materialize script are there.
    expect(el.querySelectorAll('.btn-floating').length > 0, 'toolbar buttons').to.equal(true);
    expect(document.querySelector('script[data-model-viewer-embed="ui-script"]') !== null).to.equal(true);
    expect(errors.errors).to.deep.equal([]);
    expect(violations).to.deep.equal([]);

    // The SDK's own help dialog (a table written with innerHTML) passes the default policy; foreign markup does not.
    const viewer = el.viewer as (BimuViewer & SdkHelp) | null;
    expect(viewer !== null).to.equal(true);
    viewer!.showHelp();
    expect(el.querySelector('#modal-body table') !== null, 'help table written').to.equal(true);
    let refusal = '';
    try {
      viewer!.showDialog('Title', '<img src="x" onerror="window.__pwned = true">', 'Close', null);
    } catch (error) {
      refusal = error instanceof Error ? error.message : String(error);
    }
    expect(refusal).to.match(/Trusted Types/);
    expect('__pwned' in window).to.equal(false);
    viewer!.closeDialog();
    expectNoSecrets([token]);
    expect(violations).to.deep.equal([]);
  });

  it('prompts for a password (the element’s own TrustedHTML) and loads, with zero violations', async () => {
    await resetPlatform();
    const { el } = await embed({ modelId: 'protected-house', passwordMode: true });
    await waitForPasswordField(el, 30_000);
    const outcome = nextOutcome(el, 60_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expectNoSecrets([DEMO_PASSWORD]);
    expect(violations).to.deep.equal([]);
  });
});
