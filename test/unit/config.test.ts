import { expect } from '@open-wc/testing';
import {
  configure,
  pageOnlySetting,
  resetPageConfigForTests,
  resolveSettings,
} from '../../src/internal/config.js';
import { DEFAULT_BASE_URL } from '../../src/internal/bimu-rules.js';
import { DEFAULT_SDK_SRC, DEFAULT_THREE_SRC, DEFAULT_TIMEOUT_MS } from '../../src/internal/settings-table.js';
import { MAX_BASE_URL_LENGTH, MAX_TIMEOUT_MS, parseTimeout } from '../../src/internal/setting-parsers.js';

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

describe('resolveSettings: every setting that cannot be parsed is refused, naming it', () => {
  afterEach(() => {
    resetPageConfigForTests();
    for (const meta of document.querySelectorAll('meta[name^="model-viewer-embed:"]')) meta.remove();
  });

  const messageOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      return (error as Error).message;
    }
    return 'did not throw';
  };

  it('timeout from the element: a non-numeric attribute (NaN), negative, fractional or too large number', () => {
    for (const timeout of [Number.NaN, -1, 1.5, MAX_TIMEOUT_MS + 1, Number.POSITIVE_INFINITY]) {
      expect(
        messageOf(() => resolveSettings({ timeout })),
        String(timeout),
      ).to.match(/^timeout must be a whole number/);
    }
    expect(resolveSettings({ timeout: MAX_TIMEOUT_MS }).timeout).to.equal(MAX_TIMEOUT_MS);
    expect(resolveSettings({ timeout: null }).timeout).to.equal(DEFAULT_TIMEOUT_MS);
  });

  it('parses timeout text as decimal digits only', () => {
    expect(parseTimeout('90000')).to.equal(90000);
    expect(parseTimeout(' 0 ')).to.equal(0);
    for (const text of ['abc', '-5', '1.5', '1e3', '0x10', '', '60s', String(MAX_TIMEOUT_MS + 1)]) {
      expect(parseTimeout(text), text).to.be.NaN;
    }
  });

  it('timeout from <meta> and configure(): refused, naming where it was set', () => {
    for (const content of ['abc', '-5', '1.5', '1e3']) {
      const meta = addMeta('model-viewer-embed:timeout', content);
      expect(
        messageOf(() => resolveSettings({})),
        content,
      ).to.include('<meta name="model-viewer-embed:timeout">');
      meta.remove();
    }
    for (const timeout of [-5, 1.5, 'abc']) {
      configure({ timeout: timeout as number });
      expect(
        messageOf(() => resolveSettings({})),
        String(timeout),
      ).to.include('configure({ timeout })');
    }
  });

  it('URL settings from configure() must be strings', () => {
    configure({ baseUrl: 42 as unknown as string });
    expect(messageOf(() => resolveSettings({}))).to.include('configure({ baseUrl }) must be a string');
  });

  it(`base-url: longer than ${MAX_BASE_URL_LENGTH} characters, with a query, fragment or credentials`, () => {
    const long = `https://example.test/${'a'.repeat(MAX_BASE_URL_LENGTH)}`;
    expect(messageOf(() => resolveSettings({ baseUrl: long }))).to.equal(
      `base-url is longer than ${MAX_BASE_URL_LENGTH} characters.`,
    );
    expect(
      messageOf(() => resolveSettings({ baseUrl: `https://example.test/${'a'.repeat(100_000)}` })),
    ).to.include('base-url');
    expect(
      resolveSettings({ baseUrl: `https://example.test/${'a'.repeat(MAX_BASE_URL_LENGTH - 21)}` }).baseUrl,
    ).to.have.length(MAX_BASE_URL_LENGTH);
    for (const baseUrl of [
      'https://example.test/api?x=1',
      'https://example.test/api#x',
      'https://example.test/api?',
    ]) {
      expect(
        messageOf(() => resolveSettings({ baseUrl })),
        baseUrl,
      ).to.include('base-url must not contain "?" or "#"');
    }
    expect(messageOf(() => resolveSettings({ baseUrl: 'https://user:secret@example.test/api' }))).to.include(
      'user name',
    );
    addMeta('model-viewer-embed:base-url', long);
    expect(messageOf(() => resolveSettings({}))).to.include('<meta name="model-viewer-embed:base-url">');
  });

  it('unknown configure() keys and <meta> names are refused instead of silently ignored', () => {
    configure({ baseURL: '/x' } as never);
    expect(messageOf(() => resolveSettings({}))).to.include('configure({ baseURL })');
    resetPageConfigForTests();
    addMeta('model-viewer-embed:timout', '5000');
    expect(messageOf(() => resolveSettings({}))).to.include('<meta name="model-viewer-embed:timout">');
  });
});

describe('the page-only contextBudget setting', () => {
  afterEach(() => {
    resetPageConfigForTests();
    for (const meta of document.querySelectorAll('meta[name^="model-viewer-embed:"]')) meta.remove();
  });

  it('is 8 by default, then <meta>, then configure()', () => {
    expect(pageOnlySetting('contextBudget')).to.equal(8);
    addMeta('model-viewer-embed:context-budget', ' 4 ');
    expect(pageOnlySetting('contextBudget')).to.equal(4);
    configure({ contextBudget: 6 });
    expect(pageOnlySetting('contextBudget')).to.equal(6);
    configure({ contextBudget: null });
    expect(pageOnlySetting('contextBudget')).to.equal(4);
    // Known to resolveSettings: not reported as an unknown setting.
    expect(() => resolveSettings({})).not.to.throw();
  });

  it('reports a malformed budget on every load, and keeps the default meanwhile', () => {
    for (const bad of [0, 17, 2.5, 'eight', '-1']) {
      configure({ contextBudget: bad as number });
      expect(() => resolveSettings({}), String(bad)).to.throw(
        TypeError,
        /configure\(\{ contextBudget \}\).*1 to 16/,
      );
      expect(pageOnlySetting('contextBudget')).to.equal(8);
    }
    resetPageConfigForTests();
    addMeta('model-viewer-embed:context-budget', '99');
    expect(() => resolveSettings({})).to.throw(TypeError, /<meta name="model-viewer-embed:context-budget">/);
  });
});
