import { expect } from '@open-wc/testing';
import {
  DEFAULT_BASE_URL,
  DEFAULT_SDK_SRC,
  DEFAULT_THREE_SRC,
  DEFAULT_TIMEOUT_MS,
  configure,
  resetPageConfigForTests,
  resolveSettings,
} from '../../src/internal/config.js';

function addMeta(name: string, content: string): HTMLMetaElement {
  const meta = document.createElement('meta');
  meta.name = name;
  meta.content = content;
  document.head.append(meta);
  return meta;
}

describe('resolveSettings', () => {
  afterEach(() => {
    resetPageConfigForTests();
    for (const meta of document.querySelectorAll('meta[name^="model-viewer-embed:"]')) meta.remove();
  });

  it('uses the defaults (jsDelivr, bimU.io, 60 s, the SDK own UI assets)', () => {
    expect(resolveSettings({})).to.deep.equal({
      sdkSrc: DEFAULT_SDK_SRC,
      threeSrc: DEFAULT_THREE_SRC,
      uiAssetsBase: null,
      baseUrl: DEFAULT_BASE_URL,
      timeout: DEFAULT_TIMEOUT_MS,
    });
    expect(DEFAULT_THREE_SRC).to.include('three@0.113.2');
    expect(DEFAULT_SDK_SRC).to.include('bimu.io.viewer@0.0.11');
  });

  it('prefers the element, then configure(), then <meta>', () => {
    addMeta('model-viewer-embed:sdk-src', '/meta/sdk.js');
    addMeta('model-viewer-embed:three-src', '/meta/three.js');
    addMeta('model-viewer-embed:ui-assets-base', '/meta/');
    addMeta('model-viewer-embed:timeout', '1234');
    expect(resolveSettings({}).sdkSrc).to.equal('/meta/sdk.js');
    expect(resolveSettings({}).timeout).to.equal(1234);
    configure({ sdkSrc: '/configured/sdk.js', baseUrl: '/rest/api/v1/' });
    const settings = resolveSettings({ threeSrc: '/own/three.js' });
    expect(settings.sdkSrc).to.equal('/configured/sdk.js');
    expect(settings.threeSrc).to.equal('/own/three.js');
    expect(settings.uiAssetsBase).to.equal('/meta/');
    expect(settings.baseUrl, 'trailing slash removed').to.equal('/rest/api/v1');
    configure({ sdkSrc: null });
    expect(resolveSettings({}).sdkSrc).to.equal('/meta/sdk.js');
  });

  it('rejects URLs that are not http(s) and bad timeouts, naming the setting', () => {
    expect(() => resolveSettings({ baseUrl: 'javascript:alert(1)' })).to.throw(/base-url/);
    expect(() => resolveSettings({ sdkSrc: 'http://[bad' })).to.throw(/sdk-src/);
    expect(() => resolveSettings({ timeout: -1 })).to.throw(/timeout/);
    expect(resolveSettings({ timeout: 0 }).timeout).to.equal(0);
  });
});
