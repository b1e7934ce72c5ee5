import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  captureRenderLoop,
  framesDrawn,
  pauseRenderLoop,
  requestRender,
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
    // A request made while paused is kept and drawn on resume.
    requestRender(captured);
    await nextFrame();
    expect(frames, 'no frame while paused, even when asked').to.equal(pausedAt);
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

  it('draws on demand: settles after its first frames, draws once per request, follows a settle period', async () => {
    let frames = 0;
    const render = () => {
      requestAnimationFrame(render);
      frames += 1;
    };
    const captured = captureRenderLoop(() => render());
    expect(frames, 'the first frame is drawn synchronously').to.equal(1);
    await waitUntil(() => frames >= 3, 'the loop draws after initialising');
    // Settled: a whole frame goes by without drawing. Polled, because a busy machine may be slow to settle.
    let settledAt = -1;
    await waitUntil(async () => {
      const before = frames;
      await nextFrame();
      await nextFrame();
      settledAt = frames;
      return frames === before;
    }, 'the loop settles');
    await nextFrame();
    await nextFrame();
    expect(frames, 'a settled loop draws nothing').to.equal(settledAt);

    // One request without a settle period: exactly one frame, even when asked twice before it runs.
    requestRender(captured, 0);
    requestRender(captured, 0);
    await nextFrame();
    await nextFrame();
    await nextFrame();
    expect(frames - settledAt, 'one frame per request').to.equal(1);

    // With a settle period, every frame meanwhile.
    const before = frames;
    requestRender(captured, 300);
    await waitUntil(() => frames >= before + 3, 'the loop follows the settle period');
    expect(framesDrawn(captured)).to.equal(frames);
    stopRenderLoop(captured);
    const stoppedAt = frames;
    requestRender(captured);
    await nextFrame();
    await nextFrame();
    expect(frames, 'a stopped loop ignores requests').to.equal(stoppedAt);
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
    // A paused loop does not draw even when asked: the request is kept for the resume.
    requestRender(captured, 0);
    await nextFrame();
    await nextFrame();
    expect(seen, 'a paused loop draws nothing, so nothing is told').to.deep.equal([]);
    resumeRenderLoop(captured);
    await waitUntil(() => seen.length > 0, 'told after the resumed frame');
    expect(seen).to.deep.equal([framesAtRequest + 1]);
    requestRender(captured, 0);
    await nextFrame();
    await nextFrame();
    expect(seen, 'once').to.have.length(1);
    stopRenderLoop(captured);
  });
});
