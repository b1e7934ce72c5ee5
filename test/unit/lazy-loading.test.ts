/**
 * `loading="lazy|eager"` with the fake SDK: a lazy element far from the viewport (below the page's fold, or
 * below a scrolling container's) stays idle and creates no viewer until it comes near; an eager one, or one on
 * the first screen, starts at once.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelStatus } from '../../src/index.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { useFakeSdk } from '../helpers/element.js';
import { frames } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';
import { isNearViewport } from '../../src/internal/viewport-proximity.js';

/**
 * Resolves once the browser has computed intersections for `target` at least once (a rendering step after
 * this call), so the element's own observer, created earlier, has delivered its first answer too.
 */
function intersectionsComputed(target: Element): Promise<void> {
  return new Promise((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(target);
  });
}

const FAR = 4000;

describe('loading="lazy|eager"', () => {
  let sdk: FakeSdk;

  useFakeSdk(
    (fake) => (sdk = fake),
    () => window.scrollTo(0, 0),
  );

  it('is lazy by default and reflects the attribute as a property', async () => {
    const el = await fixture<ModelViewerEmbed>(html`<model-viewer-embed></model-viewer-embed>`);
    expect(el.loading).to.equal('lazy');
    el.setAttribute('loading', ' EAGER ');
    expect(el.loading).to.equal('eager');
    el.setAttribute('loading', 'auto');
    expect(el.loading).to.equal('lazy');
  });

  it('starts an element on the first screen in the same update, as before', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>`,
    );
    expect(el.status).to.equal(ModelStatus.Loading);
    await sdk.nextLoad(0);
    expect(sdk.viewers).to.have.length(1);
  });

  it('keeps an element below the page fold idle, without a viewer, until it is scrolled near', async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <div style="height: ${FAR}px"></div>
        <model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    await intersectionsComputed(el);
    await frames(2);
    expect(el.status).to.equal(ModelStatus.Idle);
    expect(el.viewer).to.equal(null);
    expect(sdk.viewers).to.have.length(0);
    expect(el.querySelector('[slot="viewer"]')).to.equal(null);

    const load = sdk.nextLoad();
    el.scrollIntoView();
    await waitUntil(() => el.status === ModelStatus.Loading, 'the element starts once scrolled to');
    (await load).loaded();
    await waitUntil(() => el.status === ModelStatus.Loaded, 'then loads as usual');
    expect(sdk.viewers).to.have.length(1);
  });

  it('starts an element 150px below the fold at once (the margin makes it near)', async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <div style="height: ${document.documentElement.clientHeight + 150}px"></div>
        <model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    expect(el.status).to.equal(ModelStatus.Loading);
  });

  it("keeps an element below a scrolling container's fold idle until the container scrolls to it", async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div style="height: 500px; overflow: auto">
        <div style="height: ${FAR}px"></div>
        <model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    expect(isNearViewport(el)).to.equal(false);
    await intersectionsComputed(el);
    await frames(2);
    expect(el.status).to.equal(ModelStatus.Idle);
    expect(sdk.viewers).to.have.length(0);

    page.scrollTop = FAR - 300;
    await waitUntil(() => el.status === ModelStatus.Loading, 'the element starts once its container scrolls');
    await sdk.nextLoad(0);
    expect(sdk.viewers).to.have.length(1);
  });

  it('loads an eager element far below the fold at once', async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <div style="height: ${FAR}px"></div>
        <model-viewer-embed
          loading="eager"
          model-id="small-office"
          .accessToken=${makeToken()}
        ></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    expect(el.status).to.equal(ModelStatus.Loading);
    await sdk.nextLoad(0);
    expect(sdk.viewers).to.have.length(1);
  });

  it('starts a waiting lazy element when it is switched to eager', async () => {
    const page = await fixture<HTMLDivElement>(html`
      <div>
        <div style="height: ${FAR}px"></div>
        <model-viewer-embed model-id="small-office" .accessToken=${makeToken()}></model-viewer-embed>
      </div>
    `);
    const el = page.querySelector('model-viewer-embed')!;
    await intersectionsComputed(el);
    expect(el.status).to.equal(ModelStatus.Idle);
    el.loading = 'eager';
    await el.updateComplete;
    expect(el.status).to.equal(ModelStatus.Loading);
  });

  it('does not start an element hidden with display: none', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed
        hidden
        model-id="small-office"
        .accessToken=${makeToken()}
      ></model-viewer-embed>`,
    );
    await intersectionsComputed(el);
    await frames(2);
    expect(el.status).to.equal(ModelStatus.Idle);
    const load = sdk.nextLoad();
    el.hidden = false;
    (await load).loaded();
    await waitUntil(() => el.status === ModelStatus.Loaded, 'shown, it loads');
  });
});
