/**
 * `isolation="frame"` on an A-Frame page (aframe from npm, which sets a global `THREE` of its own three.js
 * fork, r173, and registers its custom elements). A-Frame's globals stay for the whole page, hence its own file.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { embed, expectLoaded, mintToken, nextOutcome, resetPlatform, terminalsAfter } from './support.js';
import { expectPageUntouched, isolationFrame, loadPageScript, pageScene } from './isolation-helpers.js';

interface AFrameScene extends HTMLElement {
  hasLoaded: boolean;
  object3D: unknown;
  camera: unknown;
  renderer?: {
    getContext(): WebGLRenderingContext;
    render(scene: unknown, camera: unknown): void;
    info: { render: { frame: number } };
  };
}

describe('isolation="frame" on an A-Frame page (real SDK, local platform)', function () {
  this.timeout(90_000);

  before(async () => {
    await loadPageScript('/node_modules/aframe/dist/aframe-v1.7.1.min.js');
  });

  it("loads a model next to an <a-scene>; A-Frame's scene and its THREE keep working", async () => {
    await resetPlatform();
    const three = (window as unknown as { THREE: { REVISION: string } }).THREE;
    expect(Number(three.REVISION), "A-Frame's three.js").to.be.greaterThan(113);

    // An A-Frame scene of the page, embedded in a box, with a red sky.
    const host = document.createElement('div');
    host.style.cssText = 'width: 200px; height: 150px';
    const aScene = document.createElement('a-scene') as AFrameScene;
    aScene.setAttribute('embedded', '');
    aScene.setAttribute('vr-mode-ui', 'enabled: false');
    aScene.setAttribute('background', 'color: #ff0000');
    host.append(aScene);
    document.body.append(host);
    await waitUntil(() => aScene.hasLoaded && aScene.renderer, 'the A-Frame scene has loaded');

    const token = await mintToken({ modelId: 'small-office' });
    const { el, events } = await embed({
      modelId: 'small-office',
      accessToken: token,
      attributes: { isolation: 'frame' },
    });
    expectLoaded(await nextOutcome(el, 60_000));
    expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal(['loaded']);
    const frameWindow = isolationFrame(el)!.contentWindow as unknown as { THREE: { REVISION: string } };
    expect(frameWindow.THREE.REVISION).to.equal('113');
    expect(
      (window as unknown as { THREE: unknown }).THREE === three,
      "A-Frame's THREE is untouched",
    ).to.equal(true);
    expectPageUntouched();

    // A-Frame still draws: its own render loop goes on, and a frame of its scene has its red background (read
    // in the task that rendered it: A-Frame's canvas does not preserve its drawing buffer).
    const renderer = aScene.renderer!;
    const framesBefore = renderer.info.render.frame;
    await waitUntil(() => renderer.info.render.frame > framesBefore + 2, "A-Frame's render loop runs");
    renderer.render(aScene.object3D, aScene.camera);
    const gl = renderer.getContext();
    const pixel = new Uint8Array(4);
    gl.readPixels(4, 4, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
    expect([...pixel.slice(0, 3)], "A-Frame's scene draws its red background").to.deep.equal([255, 0, 0]);
    // And a scene drawn directly with A-Frame's THREE renders too.
    const scene = pageScene(three as never);
    expect(scene.draw(0x00ff00)).to.deep.equal([0, 255, 0]);
    scene.dispose();

    el.remove();
    await waitUntil(() => isolationFrame(el) === null, 'the frame is removed after teardown');
    host.remove();
  });
});
