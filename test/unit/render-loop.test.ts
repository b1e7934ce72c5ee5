import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  captureRenderLoop,
  pauseRenderLoop,
  resumeRenderLoop,
  stopRenderLoop,
} from '../../src/internal/render-loop.js';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

describe('render loop capture', () => {
  it('captures the first frame callback scheduled synchronously and stops it for good', async () => {
    let frames = 0;
    const render = () => {
      requestAnimationFrame(render);
      frames += 1;
    };
    const captured = captureRenderLoop(() => render());
    expect(captured).to.equal(render);
    await waitUntil(() => frames >= 3, 'the loop runs');
    stopRenderLoop(captured);
    const stoppedAt = frames;
    await nextFrame();
    await nextFrame();
    await nextFrame();
    expect(frames, 'no frame after stop, not even one already queued').to.equal(stoppedAt);
  });

  it('holds a paused loop back, even a frame already queued, and resumes it once', async () => {
    let frames = 0;
    const render = () => {
      requestAnimationFrame(render);
      frames += 1;
    };
    const captured = captureRenderLoop(() => render());
    await waitUntil(() => frames >= 3, 'the loop runs');
    pauseRenderLoop(captured);
    pauseRenderLoop(captured);
    const pausedAt = frames;
    await nextFrame();
    await nextFrame();
    await nextFrame();
    expect(frames, 'no frame while paused').to.equal(pausedAt);
    resumeRenderLoop(captured);
    resumeRenderLoop(captured);
    await waitUntil(() => frames >= pausedAt + 3, 'the loop runs again');
    // One loop, not two: each animation frame runs it once.
    const before = frames;
    await nextFrame();
    await nextFrame();
    expect(frames - before).to.be.at.most(2);
    stopRenderLoop(captured);
  });

  it('leaves other callbacks alone', async () => {
    let ran = false;
    captureRenderLoop(() => {});
    await new Promise((resolve) =>
      requestAnimationFrame(() => {
        ran = true;
        resolve(undefined);
      }),
    );
    expect(ran).to.equal(true);
  });

  it('propagates exceptions of the initialiser', () => {
    expect(() =>
      captureRenderLoop(() => {
        throw new Error('Error creating WebGL context.');
      }),
    ).to.throw('WebGL');
  });
});
