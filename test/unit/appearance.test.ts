/**
 * toolbar, button-color and background with the fake SDK: applied to the viewer and the SDK's toolbar, live
 * without a reload, and an invalid colour is the load's `invalid-config`.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelErrorEvent } from '../../src/events.js';
import { FakeViewer, type FakeSdk } from '../helpers/fake-sdk.js';
import { useFakeSdk } from '../helpers/element.js';
import { makeToken } from '../helpers/tokens.js';

function toolbarOf(el: ModelViewerEmbed): HTMLElement {
  return el.querySelector<HTMLElement>('[slot="viewer"] > [id$="-toolbar"]')!;
}
function buttonOf(el: ModelViewerEmbed): HTMLElement {
  return toolbarOf(el).querySelector<HTMLElement>('a.btn-floating')!;
}
function surfaceOf(el: ModelViewerEmbed): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('.surface')!;
}

describe('appearance: toolbar, button-color, background', () => {
  let sdk: FakeSdk;
  const token = makeToken();

  useFakeSdk((fake) => (sdk = fake));

  async function loaded(el: ModelViewerEmbed, index = 0) {
    const load = await sdk.nextLoad(index);
    const done = oneEvent(el, 'loaded');
    load.loaded();
    await done;
    return load;
  }

  it('toolbar="off" hides the SDK toolbar; "on" shows it again without reloading', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="m" toolbar="off" .accessToken=${token}></model-viewer-embed>`,
    );
    expect(el.toolbar).to.equal('off');
    await loaded(el);
    expect(getComputedStyle(toolbarOf(el)).display).to.equal('none');
    el.setAttribute('toolbar', 'on');
    await el.updateComplete;
    expect(getComputedStyle(toolbarOf(el)).display).to.equal('block');
    el.toolbar = 'off';
    await el.updateComplete;
    expect(getComputedStyle(toolbarOf(el)).display).to.equal('none');
    expect(sdk.loads.length, 'no reload').to.equal(1);
    expect(sdk.viewers.length).to.equal(1);
  });

  it('reads any toolbar value but "off" as "on"', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed toolbar=" OFF "></model-viewer-embed>`,
    );
    expect(el.toolbar).to.equal('off');
    el.setAttribute('toolbar', 'no');
    expect(el.toolbar).to.equal('on');
  });

  it('button-color colours the toolbar buttons and changes live', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="m"
        button-color="rgb(200, 0, 0)"
        .accessToken=${token}
      ></model-viewer-embed>`,
    );
    await loaded(el);
    expect(getComputedStyle(buttonOf(el)).backgroundColor).to.equal('rgb(200, 0, 0)');
    el.buttonColor = 'navy';
    await el.updateComplete;
    expect(getComputedStyle(buttonOf(el)).backgroundColor).to.equal('rgb(0, 0, 128)');
    el.buttonColor = null;
    await el.updateComplete;
    expect(getComputedStyle(buttonOf(el)).backgroundColor, "the SDK's default").to.equal('rgb(21, 101, 192)');
    expect(sdk.loads.length, 'no reload').to.equal(1);
  });

  it('background reaches the SDK before its first animation frame, fills the element, and changes live', async () => {
    const framesAtFirstCall: number[] = [];
    const original = FakeViewer.prototype.setBackgroundColor;
    FakeViewer.prototype.setBackgroundColor = function (this: FakeViewer, color: number) {
      framesAtFirstCall.push(this.frames);
      original.call(this, color);
    };
    try {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="m"
          background="#102030"
          .accessToken=${token}
        ></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      await waitUntil(() => load.viewer.backgrounds.length > 0, 'setBackgroundColor called');
      expect(load.viewer.backgrounds).to.deep.equal([0x102030]);
      // The SDK renders once synchronously inside initialize() (white); the colour must arrive before the next
      // animation frame, which redraws before the browser paints, so the white frame is never presented.
      expect(framesAtFirstCall[0], 'before any animation frame').to.equal(1);
      expect(getComputedStyle(surfaceOf(el)).backgroundColor).to.equal('rgb(16, 32, 48)');
      const done = oneEvent(el, 'loaded');
      load.loaded();
      await done;
      el.background = 'hsl(0 100% 50%)';
      await el.updateComplete;
      expect(load.viewer.backgrounds.at(-1)).to.equal(0xff0000);
      el.background = null;
      await el.updateComplete;
      expect(load.viewer.backgrounds.at(-1), "back to the SDK's white").to.equal(0xffffff);
      expect(sdk.loads.length, 'no reload').to.equal(1);
    } finally {
      FakeViewer.prototype.setBackgroundColor = original;
    }
  });

  it("takes the page's --model-viewer-embed-background for the canvas when no attribute is set", async () => {
    await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="m"
        style="--model-viewer-embed-background: #000"
        .accessToken=${token}
      ></model-viewer-embed>`,
    );
    const load = await sdk.nextLoad(0);
    await waitUntil(() => load.viewer.backgrounds.length > 0, 'setBackgroundColor called');
    expect(load.viewer.backgrounds).to.deep.equal([0]);
  });

  for (const [attribute, value] of [
    ['button-color', 'not-a-colour'],
    ['background', 'var(--x)'],
    ['background', 'red;"><img src=x onerror=alert(1)>'],
  ] as const) {
    it(`${attribute}="${value}" ends the load with invalid-config naming the attribute`, async () => {
      const el = document.createElement('model-viewer-embed');
      el.modelId = 'm';
      el.accessToken = token;
      el.setAttribute(attribute, value);
      const error = oneEvent(el, 'error') as Promise<ModelErrorEvent>;
      const parent = await fixture<HTMLDivElement>(html`<div></div>`);
      parent.append(el);
      const { detail } = await error;
      expect(detail.code).to.equal('invalid-config');
      expect(detail.message).to.match(new RegExp(`^${attribute} must be a CSS colour`));
      expect(sdk.loads.length).to.equal(0);
      expect(el.shadowRoot!.innerHTML).not.to.include('<img');
    });
  }

  it('a colour that turns invalid after load is one invalid-config; valid again loads again', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="m" background="white" .accessToken=${token}></model-viewer-embed>`,
    );
    await loaded(el);
    const error = oneEvent(el, 'error') as Promise<ModelErrorEvent>;
    el.background = 'whiteish';
    expect((await error).detail.code).to.equal('invalid-config');
    el.background = 'black';
    await loaded(el, 1);
    expect(sdk.loads.length).to.equal(2);
  });
});
