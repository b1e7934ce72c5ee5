import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ViewerSession } from '../../src/internal/viewer-session.js';
import type { BimuNamespace } from '../../src/internal/sdk-types.js';
import { resetUiAssetsForTests } from '../../src/internal/head-asset-dedup.js';
import { FakeSdk, type FakeViewer } from '../helpers/fake-sdk.js';
import { collectWindowErrors, frames, makeContainer, sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';

const bimU = () => (window as unknown as { bimU: BimuNamespace }).bimU;

describe('ViewerSession', () => {
  let sdk: FakeSdk;
  let host: HTMLDivElement;

  beforeEach(() => {
    sdk = new FakeSdk().install();
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => {
    host.remove();
    sdk.uninstall();
    resetUiAssetsForTests();
  });

  function create(container = makeContainer(host)): { session: ViewerSession; fake: FakeViewer } {
    const session = new ViewerSession({ bimU: bimU(), container, uiAssetsBase: null });
    return { session, fake: sdk.lastViewer! };
  }

  it('creates and initialises a viewer in the container', () => {
    const { session, fake } = create();
    expect(fake.initialized).to.equal(true);
    expect(session.viewer).to.equal(fake);
    expect(session.container.querySelector('canvas')).to.exist;
  });

  it('releases everything on dispose, also when no model was loaded', async () => {
    const windowErrors = collectWindowErrors();
    const { session, fake } = create();
    const container = session.container;
    const canvas = fake.canvas!;
    const context = canvas.getContext('webgl');
    // The loop draws on demand: keep asking, so that it is running (not settled) when it is disposed.
    await waitUntil(() => {
      session.requestRender();
      return fake.frames > 2;
    }, 'render loop runs');
    session.requestRender();
    session.dispose();
    const framesAtDispose = fake.frames;
    await frames(5);
    window.dispatchEvent(new Event('resize'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' }));
    windowErrors.stop();
    expect(fake.disposed).to.equal(true);
    expect(fake.frames, 'render loop stopped').to.equal(framesAtDispose);
    expect(sdk.keydowns, 'keydown listener removed').to.equal(0);
    expect(windowErrors.errors).to.deep.equal([]);
    expect(host.querySelector(`[id="${container.id}"]`), 'container and its clone removed').to.equal(null);
    expect(context === null || context.isContextLost(), 'WebGL context released').to.equal(true);
    expect(() => session.dispose(), 'idempotent').not.to.throw();
  });

  it('lets a context the browser takes away reach the SDK, and keeps its own release quiet', async () => {
    const taken = create();
    const released = create();
    const heard: string[] = [];
    // Stand-ins for three.js's own listener on its canvas, which stops drawing with a lost context (without it,
    // three.js keeps compiling shaders on the dead context and throws uncaught errors every frame).
    taken.fake.canvas!.addEventListener('webglcontextlost', () => heard.push('taken'));
    released.fake.canvas!.addEventListener('webglcontextlost', () => heard.push('released'));
    // Browsers keep about sixteen contexts per page and drop the oldest; WEBGL_lose_context, called from outside
    // the session, loses a context the same way.
    const context = taken.fake.canvas!.getContext('webgl');
    expect(context, 'WebGL in this browser').to.not.equal(null);
    context!.getExtension('WEBGL_lose_context')!.loseContext();
    released.session.dispose();
    await waitUntil(() => heard.includes('taken'), 'the SDK hears that the browser took its context');
    await sleep(50);
    expect(heard).to.deep.equal(['taken']);
    taken.session.dispose();
  });

  it('releases everything after a model loaded, even when dispose() throws', async () => {
    sdk.options.disposeAlwaysThrows = true;
    const { session, fake } = create();
    session.load(
      { modelId: 'm', baseUrl: '/rest', accessToken: makeToken() },
      { onProgress() {}, onLoaded() {}, onError() {} },
    );
    expect(() => session.dispose()).not.to.throw();
    const at = fake.frames;
    await frames(3);
    expect(fake.frames).to.equal(at);
  });

  it('keeps the SDK resize handler off window and sizes the canvas to the container', () => {
    const { session, fake } = create(makeContainer(host, 640, 360));
    window.dispatchEvent(new Event('resize'));
    expect(fake.sizes, 'window resize ignored').to.have.length(0);
    // The canvas was created at the container's size: sizing it to that again would only reallocate its buffer.
    expect(session.resize(640, 360)).to.equal(true);
    expect(fake.sizes, 'the same size is not passed on').to.have.length(0);
    expect(session.resize(600, 400)).to.equal(true);
    expect(fake.sizes.at(-1)).to.deep.equal({ width: 600, height: 400 });
    expect(fake.canvas!.height, 'height follows the container, not width / 2').to.equal(400);
    expect(document.fullscreenElement, 'viewport restored').to.equal(null);
    expect(window.innerWidth).not.to.equal(600);
    expect(session.resize(600, 400)).to.equal(true);
    expect(fake.sizes, 'again the same size: not passed on').to.have.length(1);
    session.dispose();
  });

  it('passes a copy of the config and removes the password from it once the SDK has read it', () => {
    const { session } = create();
    const config = { modelId: 'm', baseUrl: '/rest', password: 'pw-secret' };
    session.load(config, { onProgress() {}, onLoaded() {}, onError() {} });
    expect(config, 'the caller object is not mutated').to.deep.equal({
      modelId: 'm',
      baseUrl: '/rest',
      password: 'pw-secret',
    });
    expect(sdk.configObjects[0]).not.to.equal(config);
    expect(sdk.configObjects[0]!.password, 'not kept by the SDK').to.equal(undefined);
    expect(sdk.loads[0]!.request.password, 'but the SDK did receive it').to.equal('pw-secret');
    session.dispose();
  });

  it('propagates an initialisation failure after releasing what was attached', () => {
    sdk.options.initializeError = new Error('Error creating WebGL context.');
    const container = makeContainer(host);
    expect(() => new ViewerSession({ bimU: bimU(), container, uiAssetsBase: null })).to.throw('WebGL');
    expect(Object.getOwnPropertyDescriptor(window, 'addEventListener'), 'window restored').to.equal(
      undefined,
    );
  });

  it("writes each viewer's dialog into its own container", async () => {
    const a = create();
    const b = create();
    await waitUntil(() => sdk.materializeSetUps.length === 2, 'Materialize set up for both');
    b.session.viewer.showDialog('<b>B title</b>', 'B body', 'Close', null);
    await waitUntil(() => b.session.container.querySelector('.modal.open') !== null, "B's dialog opens");
    expect(b.session.container.querySelector('h4')!.innerHTML).to.equal('<b>B title</b>');
    expect(a.session.container.querySelector('h4')!.innerHTML).to.equal('');
    expect(a.session.container.querySelector('.modal.open')).to.equal(null);
    b.session.viewer.closeDialog();
    await sleep(300);
    a.session.dispose();
    b.session.dispose();
  });

  it('prevents the SDK buttons from navigating to #', () => {
    const { session } = create();
    const before = location.href;
    session.container.querySelector<HTMLAnchorElement>('a[href="#"]')!.click();
    expect(location.href).to.equal(before);
    session.dispose();
  });
});
