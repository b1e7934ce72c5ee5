/**
 * `isolation="frame"` with the real SDK on a page that enforces Trusted Types with the documented policies. The
 * frame inherits the page's CSP; the element gives it a `default` policy that defers to the page's own. Runs
 * from trusted-types-frame.test.html, whose meta CSP is in force before any module evaluates.
 */
import { expect } from '@open-wc/testing';
import { installBimuTrustedTypesPolicy } from '../../src/trusted-types.js';
import { embed, mintToken, nextOutcome, resetPlatform } from './support.js';
import { collectWindowErrors } from '../helpers/dom.js';
import { frameDocument } from './isolation-helpers.js';

const violations = (window as unknown as { __securityPolicyViolations: string[] }).__securityPolicyViolations;
const hasTrustedTypes = 'trustedTypes' in window;

installBimuTrustedTypesPolicy();

describe('Trusted Types with isolation="frame" (real SDK)', function () {
  this.timeout(120_000);

  before(function () {
    if (!hasTrustedTypes) this.skip();
  });

  it('loads a model in token mode with zero violations; the frame enforces Trusted Types too', async () => {
    await resetPlatform();
    const errors = collectWindowErrors();
    const token = await mintToken({ modelId: 'small-office' });
    const { el } = await embed({
      modelId: 'small-office',
      accessToken: token,
      attributes: { isolation: 'frame' },
    });
    const outcome = await nextOutcome(el, 60_000);
    errors.stop();
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'small-office' });
    const doc = frameDocument(el);
    expect(doc.querySelectorAll('[id$="-toolbar"]').length, "the SDK's toolbar is built").to.equal(1);
    let refused = false;
    try {
      doc.createElement('div').innerHTML = '<img src="x" onerror="void 0">';
    } catch (error) {
      refused = /Trusted/i.test(String(error));
    }
    expect(refused, "the frame refuses what the page's default policy refuses").to.equal(true);
    expect(violations).to.deep.equal([]);
    expect(errors.errors).to.deep.equal([]);
    el.remove();
  });
});
