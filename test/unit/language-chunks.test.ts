/**
 * The tables other than English are chunks downloaded on demand, with the fake SDK. The tests share this page's
 * module state on purpose and run in order: each uses a language no earlier test has downloaded (English only,
 * then German, then a French chunk that fails, then Arabic).
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { openPasswordField, outcome, useFakeSdk } from '../helpers/element.js';
import { sleep } from '../helpers/dom.js';
import { makeToken } from '../helpers/tokens.js';
import { SHIPPED_LANGUAGES, shippedTable, type UiStrings } from '../../src/internal/strings.js';

const statusText = (el: ModelViewerEmbed) =>
  el.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();

/** The language chunks this page has requested, by the browser's own record of its downloads. */
const requestedChunks = () =>
  performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => /\/internal\/strings\//.test(name));

describe('language chunks', () => {
  let sdk: FakeSdk;
  const token = makeToken();

  useFakeSdk((fake) => (sdk = fake));

  it('an English page never downloads another language, nor does a page table for a language not shipped', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="en-GB" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    const loaded = oneEvent(el, 'loaded');
    (await sdk.nextLoad(0)).loaded();
    await loaded;
    await el.updateComplete;
    expect(statusText(el)).to.equal('3D model loaded.');
    // A full Dutch table from the page: nothing to download, the page's texts at once.
    const dutch = { ...shippedTable('en')!, loading: 'Het 3D-model wordt geladen…' } satisfies UiStrings;
    ModelViewerEmbed.configure({ strings: { nl: dutch } });
    const nl = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="nl" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    expect(statusText(nl)).to.equal('Het 3D-model wordt geladen…');
    await sdk.nextLoad(1);
    expect(requestedChunks()).to.deep.equal([]);
    for (const language of Object.keys(SHIPPED_LANGUAGES).filter((tag) => tag !== 'en')) {
      expect(shippedTable(language), language).to.equal(undefined);
    }
  });

  it('a lang="de" element shows German once its table is in, also in an error found at once', async () => {
    // An invalid model id fails before any download: the error's status must still be German.
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="de" model-id="no spaces" .accessToken=${token}></model-viewer-embed>`,
    );
    const error = await oneEvent(el, 'error');
    expect(error.detail.code).to.equal('invalid-config');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.status .message')!.textContent).to.equal(
      'Das 3D-Modell konnte nicht geladen werden. Die Einbettung ist nicht richtig eingerichtet.',
    );
    expect(el.shadowRoot!.querySelector<HTMLElement>('.surface')!.lang).to.equal('de');
    expect(requestedChunks().some((name) => /\/strings\/de\./.test(name))).to.equal(true);
    // A second German element has the table at once: no wait, no other download.
    const second = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="de-AT" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    expect(statusText(second)).to.equal('3D-Modell wird geladen…');
    await sdk.nextLoad(0);
    expect(requestedChunks().filter((name) => /\/strings\/de\./.test(name))).to.have.length(1);
  });

  it('falls back to English, warning once, when a language chunk cannot be downloaded', async () => {
    // The French chunk as an offline page or a CDN that lost it sees it: a real dynamic import that fails.
    const missing = new URL('./no-such-language-chunk.js', import.meta.url).href;
    const loaders = SHIPPED_LANGUAGES as Record<string, () => Promise<UiStrings>>;
    const shippedFrench = loaders.fr!;
    loaders.fr = () => import(/* @vite-ignore */ missing) as Promise<UiStrings>;
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    const unhandled: unknown[] = [];
    const onUnhandled = (event: PromiseRejectionEvent) => unhandled.push(event.reason);
    window.addEventListener('unhandledrejection', onUnhandled);
    try {
      const first = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed lang="fr" model-id="m" .accessToken=${token}></model-viewer-embed>`,
      );
      const second = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed lang="fr-CA" model-id="m" .accessToken=${token}></model-viewer-embed>`,
      );
      await sdk.nextLoad(1);
      await waitUntil(
        () => statusText(first) === 'Loading 3D model…' && statusText(second) === 'Loading 3D model…',
        'English status',
      );
      const ended = outcome(first);
      sdk.loads[0]!.failMetadata(404);
      await ended;
      await first.updateComplete;
      expect(statusText(first)).to.match(/^The 3D model could not be loaded\. The model was not found\./);
      expect(first.shadowRoot!.querySelector<HTMLElement>('.surface')!.lang).to.equal('en');
      expect(warnings.length, 'one warning for the failed chunk').to.equal(1);
      expect(String(warnings[0]![0])).to.contain('"fr" texts could not be downloaded');
      await sleep(0);
      expect(unhandled).to.deep.equal([]);
    } finally {
      console.warn = warn;
      loaders.fr = shippedFrench;
      window.removeEventListener('unhandledrejection', onUnhandled);
    }
  });

  it('opens the password prompt in the language whose table is still downloading', async () => {
    expect(shippedTable('ar')).to.equal(undefined);
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="ar" model-id="protected-house" password-mode></model-viewer-embed>`,
    );
    (await sdk.nextLoad(0)).failToken(401);
    const field = await openPasswordField(el);
    const modal = field.closest<HTMLElement>('.modal')!;
    expect(modal.querySelector('#modal-title')!.textContent).to.equal('كلمة المرور مطلوبة');
    expect(modal.getAttribute('dir')).to.equal('rtl');
  });
});
