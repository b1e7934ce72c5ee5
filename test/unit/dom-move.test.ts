/**
 * Moving an element in the DOM (a framework reordering a list, a portal) is not a teardown: a disconnect and a
 * reconnect in the same task keep the loaded viewer; a disconnect that lasts past the task releases it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelStatus } from '../../src/index.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { useFakeSdk } from '../helpers/element.js';
import { recordEvents } from '../helpers/events.js';
import { frames, sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';

describe('moving the element in the DOM', () => {
  let sdk: FakeSdk;

  useFakeSdk((fake) => (sdk = fake));

  async function loadedIn(parent: HTMLElement): Promise<ModelViewerEmbed> {
    const el = document.createElement('model-viewer-embed');
    el.modelId = 'small-office';
    el.accessToken = makeToken();
    parent.append(el);
    (await sdk.nextLoad(0)).loaded();
    await waitUntil(() => el.status === ModelStatus.Loaded, 'loaded');
    return el;
  }

  it('keeps the loaded viewer when moved to another parent in the same task', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <div class="a"></div>
        <div class="b"></div>
      </div>`,
    );
    const el = await loadedIn(page.querySelector<HTMLElement>('.a')!);
    const viewer = el.viewer;
    const events = recordEvents(el);

    page.querySelector('.b')!.append(el);
    await sleep(20);
    await frames(2);
    expect(el.status).to.equal(ModelStatus.Loaded);
    expect(el.viewer === viewer && viewer !== null, 'the same viewer').to.equal(true);
    expect(sdk.viewers).to.have.length(1);
    expect(sdk.loads).to.have.length(1);
    expect(el.querySelector('[slot="viewer"] canvas') !== null, 'the canvas moved with it').to.equal(true);
    expect(events.map((event) => event.type)).to.deep.equal([]);
  });

  it('emits nothing while moved out of the document; a load that ended meanwhile is reported once back', async () => {
    const page = await fixture<HTMLDivElement>(
      html`<div>
        <div class="a"></div>
        <div class="b"></div>
      </div>`,
    );
    const el = document.createElement('model-viewer-embed');
    el.modelId = 'small-office';
    el.accessToken = makeToken();
    page.querySelector('.a')!.append(el);
    const load = await sdk.nextLoad(0);
    const seen: string[] = [];
    for (const type of ['progress', 'loaded', 'error']) {
      el.addEventListener(type, () => seen.push(`${type}${el.isConnected ? '' : ' while disconnected'}`));
    }
    el.remove();
    load.progress('50');
    load.loaded();
    // Let the outcome's promise callbacks run, still within this task.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    page.querySelector('.b')!.append(el);
    await waitUntil(() => el.status === ModelStatus.Loaded, 'loaded once back in the document');
    expect(seen).to.deep.equal(['progress', 'loaded']);
    expect(sdk.loads).to.have.length(1);
  });

  it('releases the viewer when it stays disconnected past the task, and loads again when reconnected', async () => {
    const page = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = await loadedIn(page);
    el.remove();
    await waitUntil(() => el.viewer === null, 'released after the task');
    expect(el.status).to.equal(ModelStatus.Idle);
    const load = sdk.nextLoad();
    page.append(el);
    (await load).loaded();
    await waitUntil(() => el.status === ModelStatus.Loaded, 'loaded again');
    expect(sdk.loads).to.have.length(2);
  });
});
