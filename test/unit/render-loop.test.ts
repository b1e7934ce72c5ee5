import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  captureRenderLoop,
  pauseRenderLoop,
  resumeRenderLoop,
  stopRenderLoop,
  afterNextRun,
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

  it('tells once when the next frame has run: after it, never for a paused loop until it resumes', async () => {
    let frames = 0;
    const render = () => {
      requestAnimationFrame(render);
      frames += 1;
    };
    const captured = captureRenderLoop(() => render())!;
    await waitUntil(() => frames >= 2, 'the loop runs');
    pauseRenderLoop(captured);
    await nextFrame();
    const framesAtRequest = frames;
    const seen: number[] = [];
    afterNextRun(captured, () => seen.push(frames));
    await nextFrame();
    await nextFrame();
    expect(seen, 'a paused loop draws nothing, so nothing is told').to.deep.equal([]);
    resumeRenderLoop(captured);
    await waitUntil(() => seen.length > 0, 'told after the resumed frame');
    expect(seen).to.deep.equal([framesAtRequest + 1]);
    await nextFrame();
    await nextFrame();
    expect(seen, 'once').to.have.length(1);
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
