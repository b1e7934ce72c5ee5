/**
 * `<model-viewer-embed>` on a page that lists three.js and the SDK itself with `<script defer>`
 * (page-scripts.test.html; docs/performance.md): the element uses the page's copies and loads nothing again.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { LOCAL, embed, expectLoaded, freshPage, mintToken, outcome, settledRequests } from './support.js';
import type { SdkWindow } from '../../src/internal/sdk-types.js';

const sdkWindow = window as unknown as SdkWindow;
const scriptsNamed = (part: string) => document.querySelectorAll(`script[src*="${part}"]`).length;

describe('a page that lists three.js and the SDK itself, deferred (real SDK)', function () {
  this.timeout(120_000);

  before(freshPage);

  it('has run both scripts before any module: the SDK is ready before the first element exists', () => {
    expect(String(sdkWindow.THREE?.REVISION)).to.equal('113');
    expect(typeof sdkWindow.bimU?.Viewer).to.equal('function');
    expect(document.querySelector('model-viewer-embed') === null).to.equal(true);
  });

  it('loads a model with the page’s copies, without adding, preloading or downloading either script again', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const viewer = sdkWindow.bimU!.Viewer;
    const { el, events } = await embed({ modelId: 'small-office', accessToken: token });
    expectLoaded(await outcome({ el, events }));
    // The same SDK object: the element did not replace the page's copy.
    expect(sdkWindow.bimU!.Viewer === viewer).to.equal(true);
    expect(scriptsNamed('three.min.js')).to.equal(1);
    expect(scriptsNamed('bimU.io.Viewer')).to.equal(1);
    expect(document.querySelectorAll('link[rel="preload"]').length).to.equal(0);
    const downloads = (await settledRequests()).filter(
      (request) => request.url.includes(LOCAL.threeSrc) || request.url.includes(LOCAL.sdkSrc),
    );
    // Resource Timing lists each script once (the page's own download); the element added none.
    expect(downloads.map((request) => new URL(request.url).pathname)).to.have.members([
      LOCAL.threeSrc,
      LOCAL.sdkSrc,
    ]);
  });
});
