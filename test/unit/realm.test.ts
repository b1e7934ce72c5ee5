/**
 * The realm helpers of `isolation="frame"`, against a real same-origin frame: what the SDK throws there is
 * not `instanceof Error` in the page, and a node's realm is its document's window.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { isErrorLike, realmOf } from '../../src/internal/realm.js';
import { isolationFromAttribute } from '../../src/internal/setting-parsers.js';
import { selectedElement } from '../../src/internal/element-data.js';

describe('realm helpers', () => {
  it('isolationFromAttribute: frame (any case, trimmed), anything else none', () => {
    expect(isolationFromAttribute('frame')).to.equal('frame');
    expect(isolationFromAttribute(' FRAME ')).to.equal('frame');
    expect(isolationFromAttribute('none')).to.equal('none');
    expect(isolationFromAttribute('iframe')).to.equal('none');
    expect(isolationFromAttribute(null)).to.equal('none');
  });

  it("recognises a frame's errors and finds a frame node's window", async () => {
    const iframe = document.createElement('iframe');
    iframe.srcdoc = '<!doctype html><body></body>';
    const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
    document.body.append(iframe);
    await loaded;
    await waitUntil(() => iframe.contentDocument?.body, 'the frame has a body');
    const frameWindow = iframe.contentWindow as Window & typeof globalThis;
    try {
      const frameError = new frameWindow.TypeError('from the frame');
      expect(frameError instanceof Error, 'the premise: another realm').to.equal(false);
      expect(isErrorLike(frameError)).to.equal(true);
      expect(isErrorLike(new frameWindow.DOMException('x', 'InvalidCharacterError'))).to.equal(true);
      expect(isErrorLike(new Error('page'))).to.equal(true);
      expect(isErrorLike('Failed to download model. Status code: 404')).to.equal(false);
      expect(isErrorLike({ type: 'onModelError' })).to.equal(false);
      expect(isErrorLike(null)).to.equal(false);
      const node = iframe.contentDocument!.createElement('div');
      expect(realmOf(node) === frameWindow).to.equal(true);
      expect(realmOf(document.createElement('div')) === window).to.equal(true);
      // The SDK's element data from the frame becomes the page's own objects: a page keeping a `select`
      // detail must not keep the frame, and can use instanceof on it.
      const frameData = (frameWindow as unknown as { eval(code: string): unknown }).eval(
        "({ elementId: 'w-1', uniqueId: 'u-1', properties: [{ group: 'Wall', name: 'Height', value: 3 }] })",
      );
      const element = selectedElement(4, frameData);
      expect(element.properties, 'a page array').to.be.instanceOf(Array);
      expect(element.properties![0], 'page objects').to.be.instanceOf(Object);
      expect(element.properties![0]!.value).to.equal(3);
    } finally {
      iframe.remove();
    }
  });
});
