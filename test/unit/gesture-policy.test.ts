/**
 * Who gets a gesture over the viewer (pure rules; the element's behaviour with the real SDK is in
 * test/integration/cooperative-gestures.test.ts).
 */
import { expect } from '@open-wc/testing';
import {
  gestureModeFromAttribute,
  touchTarget,
  wheelTarget,
  zoomHintKey,
} from '../../src/internal/gesture-policy.js';

describe('gesture policy', () => {
  it('reads the gestures attribute: greedy, else cooperative', () => {
    expect(gestureModeFromAttribute('greedy')).to.equal('greedy');
    expect(gestureModeFromAttribute(' GREEDY ')).to.equal('greedy');
    expect(gestureModeFromAttribute('cooperative')).to.equal('cooperative');
    expect(gestureModeFromAttribute(null)).to.equal('cooperative');
    expect(gestureModeFromAttribute('zoom')).to.equal('cooperative');
  });

  it('leaves a plain wheel to the page unless the viewer has focus or Ctrl/⌘ is held', () => {
    const plain = { mode: 'cooperative', ctrlKey: false, metaKey: false, focused: false } as const;
    expect(wheelTarget(plain)).to.equal('page');
    expect(wheelTarget({ ...plain, ctrlKey: true })).to.equal('viewer');
    expect(wheelTarget({ ...plain, metaKey: true })).to.equal('viewer');
    expect(wheelTarget({ ...plain, focused: true })).to.equal('viewer');
    expect(wheelTarget({ ...plain, mode: 'greedy' })).to.equal('viewer');
  });

  it('leaves one finger to the page and gives two to the viewer', () => {
    expect(touchTarget('cooperative', 1)).to.equal('page');
    expect(touchTarget('cooperative', 2)).to.equal('viewer');
    expect(touchTarget('cooperative', 3)).to.equal('viewer');
    expect(touchTarget('greedy', 1)).to.equal('viewer');
  });

  it('names ⌘ on Apple platforms and Ctrl elsewhere', () => {
    expect(zoomHintKey('MacIntel')).to.equal('zoomHintMac');
    expect(zoomHintKey('iPad')).to.equal('zoomHintMac');
    expect(zoomHintKey('Linux x86_64')).to.equal('zoomHint');
    expect(zoomHintKey('Win32')).to.equal('zoomHint');
  });
});
