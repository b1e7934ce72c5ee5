/**
 * Posters, `alt` and `reveal="interaction"` with the fake SDK: the poster covers the viewer until the loaded
 * model has been drawn (a frame of the SDK's render loop after `loaded`, not `loaded` itself), and again while
 * the context is lost; `reveal="interaction"` loads nothing until its button is activated; `alt` names the
 * model. The real SDK's half is test/integration/poster-reveal.test.ts.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelStatus } from '../../src/index.js';
import {
  accessibleName,
  awaitsInteraction,
  posterCovers,
  revealModeFromAttribute,
} from '../../src/internal/poster-state.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { useFakeSdk } from '../helpers/element.js';
import { frames, sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';
import { waitUntil } from '../helpers/wait.js';

const POSTER = `data:image/svg+xml,${encodeURIComponent(
  "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='3'><rect width='4' height='3' fill='#c33'/></svg>",
)}`;

function posterLayer(el: ModelViewerEmbed): HTMLElement {
  return el.shadowRoot!.querySelector<HTMLElement>('[part="poster"]')!;
}

function covers(el: ModelViewerEmbed): boolean {
  return !posterLayer(el).classList.contains('uncovered');
}

function revealButton(el: ModelViewerEmbed): HTMLButtonElement | null {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="reveal-button"]');
}

/** A token provider that counts its calls: a call means the element started loading. */
function countingProvider(): (() => Promise<string>) & { calls: number } {
  const provider = Object.assign(
    () => {
      provider.calls += 1;
      return Promise.resolve(makeToken());
    },
    { calls: 0 },
  );
  return provider;
}

describe('poster state (pure)', () => {
  it('reads reveal: interaction in any case, otherwise auto', () => {
    expect(revealModeFromAttribute(' Interaction ')).to.equal('interaction');
    for (const value of [null, '', 'auto', 'manual', 'click']) {
      expect(revealModeFromAttribute(value), String(value)).to.equal('auto');
    }
  });

  it('uncovers only a loaded model that was drawn and still has its context', () => {
    expect(posterCovers({ status: ModelStatus.Loaded, modelDrawn: true, contextLost: false })).to.equal(
      false,
    );
    expect(posterCovers({ status: ModelStatus.Loaded, modelDrawn: false, contextLost: false })).to.equal(
      true,
    );
    expect(posterCovers({ status: ModelStatus.Loaded, modelDrawn: true, contextLost: true })).to.equal(true);
    for (const status of [ModelStatus.Idle, ModelStatus.Loading, ModelStatus.Error]) {
      expect(posterCovers({ status, modelDrawn: false, contextLost: false }), status).to.equal(true);
    }
  });

  it('waits for interaction only with reveal="interaction" and before the visitor asked', () => {
    expect(awaitsInteraction('interaction', false)).to.equal(true);
    expect(awaitsInteraction('interaction', true)).to.equal(false);
    expect(awaitsInteraction('auto', false)).to.equal(false);
  });

  it('names the model by alt, else "3D model" and the model id', () => {
    expect(accessibleName('  A two-storey office  ', 'small-office')).to.equal('A two-storey office');
    expect(accessibleName('   ', 'small-office')).to.equal('3D model small-office');
    expect(accessibleName(null, null)).to.equal('3D model');
  });
});

describe('poster, alt and reveal (fake SDK)', () => {
  let sdk: FakeSdk;

  useFakeSdk(
    (fake) => (sdk = fake),
    () => window.scrollTo(0, 0),
  );

  it('covers the viewer with the poster until the loaded model is drawn, not merely loaded', async () => {
    // Below the fold and eager: it loads at once but, out of sight, its render loop draws nothing.
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <div style="height: 4000px"></div>
        <model-viewer-embed
          model-id="small-office"
          loading="eager"
          poster=${POSTER}
          .accessToken=${makeToken()}
        ></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    const image = el.shadowRoot!.querySelector<HTMLImageElement>('[part="poster-image"]')!;
    expect(image.getAttribute('src')).to.equal(POSTER);
    expect(covers(el)).to.equal(true);
    const load = await sdk.nextLoad(0);
    // Until the visibility observer's first answer a viewer draws; after it, this one is paused.
    await waitUntil(async () => {
      const before = sdk.lastViewer!.frames;
      await frames(2);
      return sdk.lastViewer!.frames === before;
    }, 'the off-screen viewer stops drawing');
    load.loaded();
    await oneEvent(el, 'loaded');
    await frames(3);
    await el.updateComplete;
    expect(el.status).to.equal(ModelStatus.Loaded);
    expect(covers(el), 'loaded but never drawn (off-screen): the poster stays').to.equal(true);

    const framesBefore = sdk.lastViewer!.frames;
    el.scrollIntoView();
    await waitUntil(() => !covers(el), 'the poster is uncovered once the model is drawn');
    expect(sdk.lastViewer!.frames, 'a frame ran before the poster went').to.be.greaterThan(framesBefore);
    expect(posterLayer(el).getAttribute('aria-hidden')).to.equal('true');
  });

  it('covers the viewer again while the context is lost, with "3D view paused" as a caption', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        model-id="m"
        poster=${POSTER}
        .accessToken=${makeToken()}
      ></model-viewer-embed>`,
    );
    (await sdk.nextLoad(0)).loaded();
    await oneEvent(el, 'loaded');
    await waitUntil(() => !covers(el), 'the model is drawn');
    const lost = oneEvent(el, 'context-lost');
    sdk.lastViewer!.canvas!.dispatchEvent(new Event('webglcontextlost', { cancelable: true }));
    await lost;
    await el.updateComplete;
    expect(covers(el)).to.equal(true);
    const note = el.shadowRoot!.querySelector('[part="context-lost"]')!;
    expect(note.textContent!.trim()).to.equal('3D view paused');
    expect(note.classList.contains('caption')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('keeps the opaque "3D view paused" box when there is no poster', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
    );
    (await sdk.nextLoad(0)).loaded();
    await oneEvent(el, 'loaded');
    const lost = oneEvent(el, 'context-lost');
    sdk.lastViewer!.canvas!.dispatchEvent(new Event('webglcontextlost', { cancelable: true }));
    await lost;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="context-lost"]')!.classList.contains('caption')).to.equal(
      false,
    );
  });

  it('fades over 0.3 s, and at once with prefers-reduced-motion (Chromium: emulated media)', async function () {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed poster=${POSTER}></model-viewer-embed>`,
    );
    expect(getComputedStyle(posterLayer(el)).transitionDuration).to.match(/^0\.3s/);
    // Media emulation goes through the DevTools protocol, which only the Chromium launcher offers here.
    if (!navigator.userAgent.includes('Chrome/')) this.skip();
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      expect(getComputedStyle(posterLayer(el)).transitionDuration).to.equal('0s');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('shows slotted markup instead of the poster image, named by alt', async () => {
    const el = await fixture<ModelViewerEmbed>(html`
      <model-viewer-embed model-id="m" poster=${POSTER} alt="A two-storey office" .accessToken=${makeToken()}>
        <div slot="poster" id="custom">Office, north façade</div>
      </model-viewer-embed>
    `);
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('slot[name="poster"]')!;
    expect(slot.assignedElements().map((node) => node.id)).to.deep.equal(['custom']);
    const art = el.shadowRoot!.querySelector('.poster-art')!;
    expect(art.getAttribute('role')).to.equal('img');
    expect(art.getAttribute('aria-label')).to.equal('A two-storey office');
    await expect(el).to.be.accessible();
  });

  it('gives an empty poster layer no image role, and names the model "3D model <id>" by default', async () => {
    const el = await fixture<ModelViewerEmbed>(html`<model-viewer-embed model-id="m"></model-viewer-embed>`);
    const art = el.shadowRoot!.querySelector('.poster-art')!;
    expect(art.hasAttribute('role')).to.equal(false);
    el.poster = POSTER;
    await el.updateComplete;
    expect(art.getAttribute('role')).to.equal('img');
    expect(art.getAttribute('aria-label')).to.equal('3D model m');
  });

  describe('reveal="interaction"', () => {
    it('loads nothing and stays idle until the button is clicked, then loads at once', async () => {
      const provider = countingProvider();
      const el = await fixture<ModelViewerEmbed>(html`
        <model-viewer-embed model-id="m" reveal="interaction" poster=${POSTER} .tokenProvider=${provider}>
        </model-viewer-embed>
      `);
      await frames(3);
      await sleep(50);
      expect(el.status).to.equal(ModelStatus.Idle);
      expect(provider.calls, 'no token asked for').to.equal(0);
      expect(sdk.viewers, 'no viewer').to.have.length(0);
      expect(el.querySelector('[slot="viewer"]')).to.equal(null);
      const button = revealButton(el)!;
      expect(button.localName).to.equal('button');
      expect(button.type).to.equal('button');
      expect(button.textContent!.trim()).to.equal('View 3D model');
      expect(covers(el)).to.equal(true);
      await expect(el).to.be.accessible();

      const load = sdk.nextLoad();
      button.click();
      await el.updateComplete;
      expect(el.status).to.equal(ModelStatus.Loading);
      expect(revealButton(el), 'the button goes once asked').to.equal(null);
      (await load).loaded();
      await oneEvent(el, 'loaded');
      expect(provider.calls).to.equal(1);
      await waitUntil(() => !covers(el), 'the poster is uncovered once drawn');
    });

    it('wins over loading="lazy": an element far below the fold loads once asked, as if eager', async () => {
      const provider = countingProvider();
      const page = await fixture<HTMLDivElement>(html`
        <div>
          <div style="height: 4000px"></div>
          <model-viewer-embed
            model-id="m"
            reveal="interaction"
            .tokenProvider=${provider}
          ></model-viewer-embed>
        </div>
      `);
      const el = page.querySelector('model-viewer-embed')!;
      expect(el.loading).to.equal('lazy');
      await frames(2);
      el.dismissPoster();
      await el.updateComplete;
      expect(el.status, 'loads while still far from the viewport').to.equal(ModelStatus.Loading);
      await sdk.nextLoad(0);
      expect(provider.calls).to.equal(1);
    });

    it('does not load when scrolled into view: a lazy element near the viewport still waits for the visitor', async () => {
      const provider = countingProvider();
      const el = await fixture<ModelViewerEmbed>(html`
        <model-viewer-embed model-id="m" reveal="interaction" .tokenProvider=${provider}></model-viewer-embed>
      `);
      el.scrollIntoView();
      await frames(3);
      expect(el.status).to.equal(ModelStatus.Idle);
      expect(provider.calls).to.equal(0);
      // Switching to auto lets it load as `loading` says.
      el.reveal = 'auto';
      await el.updateComplete;
      expect(el.status).to.equal(ModelStatus.Loading);
    });

    it('moves focus from the activated button to the viewer once it exists', async () => {
      const el = await fixture<ModelViewerEmbed>(html`
        <model-viewer-embed
          model-id="m"
          reveal="interaction"
          .accessToken=${makeToken()}
        ></model-viewer-embed>
      `);
      const button = revealButton(el)!;
      button.focus();
      expect(el.shadowRoot!.activeElement === button).to.equal(true);
      button.click();
      await sdk.nextLoad(0);
      await el.updateComplete;
      const container = el.querySelector('[slot="viewer"]');
      expect(document.activeElement === container, 'the viewer has focus').to.equal(true);
    });

    it('keeps the reveal across a reconnect: the visitor asked once', async () => {
      const el = await fixture<ModelViewerEmbed>(html`
        <model-viewer-embed
          model-id="m"
          reveal="interaction"
          .accessToken=${makeToken()}
        ></model-viewer-embed>
      `);
      revealButton(el)!.click();
      (await sdk.nextLoad(0)).loaded();
      await oneEvent(el, 'loaded');
      const parent = el.parentElement!;
      el.remove();
      await sleep(10);
      expect(el.status).to.equal(ModelStatus.Idle);
      parent.append(el);
      await el.updateComplete;
      expect(el.status).to.equal(ModelStatus.Loading);
      expect(revealButton(el)).to.equal(null);
    });
  });
});
