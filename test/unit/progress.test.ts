import { expect } from '@open-wc/testing';
import { DOWNLOAD_SHARE, ProgressTracker, parseSdkProgress } from '../../src/internal/progress.js';

describe('parseSdkProgress', () => {
  it('reads the SDK string percentage as a fraction', () => {
    expect(parseSdkProgress({ type: 'onModelProgress', progress: '25' })).to.equal(0.25);
    expect(parseSdkProgress({ progress: '33.5' })).to.equal(0.335);
    expect(parseSdkProgress('100')).to.equal(1);
    expect(parseSdkProgress(50)).to.equal(0.5);
  });

  it('clamps out-of-range values and rejects non-numbers', () => {
    expect(parseSdkProgress('150')).to.equal(1);
    expect(parseSdkProgress('-3')).to.equal(0);
    expect(parseSdkProgress('NaN')).to.equal(undefined);
    expect(parseSdkProgress('')).to.equal(undefined);
    expect(parseSdkProgress({})).to.equal(undefined);
    expect(parseSdkProgress(null)).to.equal(undefined);
  });
});

describe('ProgressTracker', () => {
  it('maps downloads below 1 and never decreases', () => {
    const tracker = new ProgressTracker();
    expect(tracker.update({ progress: '50' })).to.equal(0.5 * DOWNLOAD_SHARE);
    expect(tracker.update({ progress: '40' })).to.equal(undefined);
    expect(tracker.update({ progress: '50' })).to.equal(undefined);
    expect(tracker.value).to.equal(0.5 * DOWNLOAD_SHARE);
    expect(tracker.update({ progress: '100' })).to.equal(DOWNLOAD_SHARE);
    expect(tracker.value).to.be.below(1);
  });

  it('reaches 1 only through complete()', () => {
    const tracker = new ProgressTracker();
    tracker.update('100');
    expect(tracker.value).to.be.below(1);
    expect(tracker.complete()).to.equal(1);
    expect(tracker.value).to.equal(1);
  });

  it('ignores unusable payloads', () => {
    const tracker = new ProgressTracker();
    expect(tracker.update({ progress: 'abc' })).to.equal(undefined);
    expect(tracker.value).to.equal(0);
  });
});
