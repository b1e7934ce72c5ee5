/**
 * Smoke tests of `<model-viewer-embed>` with the REAL bimU.io SDK, three.js r113 and Materialize served from
 * the local platform on the test server's own origin (`/vendor/…`, `/rest/api/v1`, `/__platform/…`).
 * The full integration suite builds on the same helpers; these prove the element works end to end.
 */
import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelErrorEvent } from '../../src/events.js';
import { captureConsole, findSecrets, recordEvents, terminal, types } from '../helpers/events.js';
import { openPasswordField } from '../helpers/element.js';
import { collectWindowErrors, frames, sleep } from '../helpers/dom.js';
import { DEMO_PASSWORD, LOCAL, mintToken, typeText } from './support.js';

function localElement(attributes: string): Promise<ModelViewerEmbed> {
  const parent = document.createElement('div');
  parent.innerHTML = `<model-viewer-embed style="width: 640px; height: 400px" sdk-src="${LOCAL.sdkSrc}" three-src="${LOCAL.threeSrc}" ui-assets-base="${LOCAL.uiAssetsBase}" base-url="${LOCAL.baseUrl}" timeout="45000" ${attributes}></model-viewer-embed>`;
  return fixture<ModelViewerEmbed>(html`${parent.firstElementChild}`);
}

describe('<model-viewer-embed> with the real SDK (smoke)', function () {
  this.timeout(120_000);

  afterEach(async () => {
    fixtureCleanup();
    await sleep(50);
  });

  it('loads small-office in token mode', async () => {
    const console = captureConsole();
    const token = await mintToken({ modelId: 'small-office' });
    const el = document.createElement('model-viewer-embed');
    Object.assign(el, { ...LOCAL, modelId: 'small-office', accessToken: token, timeout: 45_000 });
    el.style.cssText = 'width: 640px; height: 400px';
    const events = recordEvents(el);
    const loaded = oneEvent(el, 'loaded');
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    parent.append(el);
    await loaded;
    console.stop();
    expect(el.status).to.equal('loaded');
    expect(el.progress).to.equal(1);
    expect(types(terminal(events))).to.deep.equal(['loaded']);
    const values = events
      .filter((e) => e.type === 'progress')
      .map((e) => (e.detail as { progress: number }).progress);
    expect(values).to.deep.equal([...values].sort((a, b) => a - b));
    expect(values.at(-1)).to.equal(1);
    const canvas = el.querySelector('canvas')!;
    expect(canvas).to.exist;
    await waitUntil(() => Math.abs(canvas.clientHeight - 400) <= 1, 'canvas follows the host height');
    expect(el.viewer).to.not.equal(null);
    expect(findSecrets(el, events, console.lines, [token])).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('asks for the password of protected-house and loads with the typed one (keyboard)', async () => {
    const console = captureConsole();
    const el = await localElement('model-id="protected-house" password-mode');
    const events = recordEvents(el);
    let field = await openPasswordField(el, 30_000);
    await waitUntil(() => document.activeElement === field, 'focus in the password field');
    await typeText('not-the-password');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.querySelector('.modal.open [role="alert"]') !== null, 'wrong password line', {
      timeout: 30_000,
    });
    field = await openPasswordField(el);
    await waitUntil(() => document.activeElement === field, 'focus again');
    const loaded = oneEvent(el, 'loaded');
    await typeText(DEMO_PASSWORD);
    await sendKeys({ press: 'Enter' });
    await loaded;
    console.stop();
    expect(location.hash).to.equal('');
    expect(types(terminal(events))).to.deep.equal(['loaded']);
    expect(el.querySelector('.modal.open')).to.equal(null);
    expect(findSecrets(el, events, console.lines, [DEMO_PASSWORD, 'not-the-password'])).to.deep.equal([]);
  });

  it('loads open-pavilion in password mode without a prompt', async () => {
    const el = await localElement('model-id="open-pavilion" password-mode');
    const outcome = await Promise.race([oneEvent(el, 'loaded'), oneEvent(el, 'error')]);
    expect(outcome.type, JSON.stringify((outcome as ModelErrorEvent).detail)).to.equal('loaded');
  });

  it('releases everything on disconnect: no errors afterwards, no canvas left', async () => {
    const windowErrors = collectWindowErrors();
    const token = await mintToken({ modelId: 'small-office' });
    const el = await localElement('model-id="small-office"');
    el.accessToken = token;
    await oneEvent(el, 'loaded');
    el.remove();
    await frames(10);
    window.dispatchEvent(new Event('resize'));
    await sleep(200);
    windowErrors.stop();
    expect(windowErrors.errors).to.deep.equal([]);
    expect(
      document.querySelectorAll('model-viewer-embed canvas, [data-model-viewer-embed="container"]'),
    ).to.have.length(0);
  });

  it('reports an unknown model as not-found', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const el = await localElement('model-id="no-such-model"');
    el.accessToken = token;
    const event = await oneEvent(el, 'error');
    expect(event.detail.code).to.be.oneOf(['not-found', 'forbidden']);
  });

  it('two password-mode elements: one prompt at a time, each in its own viewer', async () => {
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const make = (id: string) => {
      const el = document.createElement('model-viewer-embed');
      Object.assign(el, { ...LOCAL, modelId: 'protected-house', passwordMode: true, timeout: 45_000 });
      el.id = id;
      el.style.cssText = 'width: 480px; height: 320px';
      parent.append(el);
      return el;
    };
    const a = make('a');
    const b = make('b');
    const fieldA = await openPasswordField(a, 30_000);
    await sleep(300);
    expect(b.querySelector('.modal.open'), 'B waits for A').to.equal(null);
    await waitUntil(() => document.activeElement === fieldA);
    const loadedA = oneEvent(a, 'loaded');
    await typeText(DEMO_PASSWORD);
    await sendKeys({ press: 'Enter' });
    const fieldB = await openPasswordField(b, 30_000);
    expect(a.querySelector('.modal.open'), "A's dialog closed").to.equal(null);
    expect(b.contains(fieldB)).to.equal(true);
    await waitUntil(() => document.activeElement === fieldB);
    const loadedB = oneEvent(b, 'loaded');
    await typeText(DEMO_PASSWORD);
    await sendKeys({ press: 'Enter' });
    await Promise.all([loadedA, loadedB]);
    expect(location.hash).to.equal('');
  });

  it('churn: 50 connect/load/disconnect cycles without context warnings, errors or leftover canvases', async function () {
    this.timeout(600_000);
    const console = captureConsole();
    const windowErrors = collectWindowErrors();
    const token = await mintToken({ modelId: 'small-office' });
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      const el = document.createElement('model-viewer-embed');
      Object.assign(el, { ...LOCAL, modelId: 'small-office', accessToken: token, timeout: 45_000 });
      el.style.cssText = 'width: 320px; height: 320px';
      const done = Promise.race([oneEvent(el, 'loaded'), oneEvent(el, 'error')]);
      parent.append(el);
      // Every other cycle disconnects mid-load, the rest after loading.
      if (i % 2 === 0) expect((await done).type).to.equal('loaded');
      else await sleep(20);
      el.remove();
    }
    const elapsed = performance.now() - started;
    await waitUntil(() => document.querySelectorAll('canvas').length === 0, 'no canvas left', {
      timeout: 60_000,
    });
    await frames(10);
    window.dispatchEvent(new Event('resize'));
    await sleep(500);
    console.stop();
    windowErrors.stop();
    // Reported in the test output for the record.
    globalThis.console.log(`churn: 50 cycles in ${Math.round(elapsed)} ms`);
    expect(console.lines.filter((line) => /Too many active WebGL contexts/.test(line))).to.deep.equal([]);
    expect(windowErrors.errors).to.deep.equal([]);
  });
});
