/**
 * The element's texts with the fake SDK: they follow `lang` (the element's, an ancestor's, the document's),
 * `configure({ strings })` and the `strings` property, live; the password prompt too; RTL sets `dir`.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { openPasswordField, useFakeSdk } from '../helpers/element.js';
import { makeToken } from '../helpers/tokens.js';

const statusText = (el: ModelViewerEmbed) =>
  el.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('language', () => {
  let sdk: FakeSdk;
  const token = makeToken();

  useFakeSdk(
    (fake) => (sdk = fake),
    () => document.documentElement.removeAttribute('lang'),
  );

  it("follows the element's lang: status, progress label, error text, viewer label", async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="de" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    const load = await sdk.nextLoad(0);
    // The German table is downloaded when the element first needs it.
    await waitUntil(() => statusText(el) === '3D-Modell wird geladen…', 'German status');
    expect(el.shadowRoot!.querySelector('[part="progress-bar"]')!.getAttribute('aria-label')).to.equal(
      'Ladefortschritt',
    );
    expect(el.querySelector('[slot="viewer"]')!.getAttribute('aria-label')).to.match(/^3D-Ansicht/);
    const error = oneEvent(el, 'error');
    load.failMetadata(404);
    await error;
    await el.updateComplete;
    const message = el.shadowRoot!.querySelector('.status .message')!.textContent!;
    expect(message).to.equal('Das 3D-Modell konnte nicht geladen werden. Das Modell wurde nicht gefunden.');
    const detail = el.shadowRoot!.querySelector('.status .detail')!;
    expect(detail.getAttribute('lang'), 'the technical detail is marked as English').to.equal('en');
    expect(detail.textContent).to.equal(el.error!.message);
    el.lang = 'fr';
    await waitUntil(() => /^Le modèle 3D n’a pas pu être chargé\./.test(statusText(el)), 'French error');
  });

  it("follows an ancestor's lang and the document's, live", async () => {
    const parent = await fixture<HTMLDivElement>(
      html`<div lang="fr"><model-viewer-embed model-id="m" .accessToken=${token}></model-viewer-embed></div>`,
    );
    const el = parent.querySelector('model-viewer-embed')!;
    await sdk.nextLoad(0);
    await waitUntil(() => statusText(el) === 'Chargement du modèle 3D…', 'French status');
    parent.setAttribute('lang', 'de');
    await waitUntil(() => statusText(el) === '3D-Modell wird geladen…', 'German after the ancestor changed');
    parent.removeAttribute('lang');
    document.documentElement.lang = 'ar';
    await waitUntil(() => statusText(el) === 'جارٍ تحميل النموذج ثلاثي الأبعاد…', 'Arabic from <html lang>');
    const surface = el.shadowRoot!.querySelector<HTMLElement>('.surface')!;
    expect(surface.dir).to.equal('rtl');
    expect(surface.lang).to.equal('ar');
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part="status"]')!).direction).to.equal('rtl');
  });

  it('falls back to English for a language it does not ship', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="nl" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    await sdk.nextLoad(0);
    await el.updateComplete;
    expect(statusText(el)).to.equal('Loading 3D model…');
    expect(el.shadowRoot!.querySelector<HTMLElement>('.surface')!.lang).to.equal('en');
  });

  it('takes configure({ strings }) page-wide and the strings property per element, live', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="nl" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    await sdk.nextLoad(0);
    ModelViewerEmbed.configure({ strings: { nl: { loading: 'Het 3D-model wordt geladen…' } } });
    await waitUntil(() => statusText(el) === 'Het 3D-model wordt geladen…', 'the page table applies');
    el.strings = { loading: 'Even geduld…' };
    await el.updateComplete;
    expect(statusText(el)).to.equal('Even geduld…');
    el.strings = null;
    await el.updateComplete;
    expect(statusText(el)).to.equal('Het 3D-model wordt geladen…');
    expect(sdk.loads.length, 'texts never reload the model').to.equal(1);
  });

  it("asks for the password in the element's language, with lang and dir on the dialog", async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="ar" model-id="protected-house" password-mode></model-viewer-embed>`,
    );
    (await sdk.nextLoad(0)).failToken(401);
    let field = await openPasswordField(el);
    const modal = field.closest<HTMLElement>('.modal')!;
    expect(modal.querySelector('#modal-title')!.textContent).to.equal('كلمة المرور مطلوبة');
    expect(field.labels![0]!.textContent).to.equal('كلمة المرور');
    expect(modal.querySelector('#modal-ok-button')!.textContent).to.equal('موافق');
    expect(modal.querySelector('#modal-close-button')!.textContent).to.equal('إلغاء');
    expect(modal.querySelector('#modal-body p')!.textContent).to.equal(
      'النموذج «protected-house» محمي بكلمة مرور.',
    );
    expect(modal.getAttribute('lang')).to.equal('ar');
    expect(modal.getAttribute('dir')).to.equal('rtl');
    el.lang = 'de';
    await el.updateComplete;
    field.value = 'wrong';
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    (await sdk.nextLoad(1)).failToken(401);
    await waitUntil(() => el.querySelector('.modal.open [role="alert"]') !== null, 'the retry line');
    field = await openPasswordField(el);
    expect(el.querySelector('.modal.open [role="alert"]')!.textContent).to.equal(
      'Falsches Passwort. Bitte erneut versuchen.',
    );
    expect(el.querySelector('.modal.open #modal-title')!.textContent).to.equal('Passwort erforderlich');
    expect(el.querySelector('.modal.open')!.getAttribute('dir')).to.equal('ltr');
  });

  it('escapes texts from strings before they reach the SDK dialog', async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed model-id="protected-house" password-mode></model-viewer-embed>`,
    );
    el.strings = { passwordTitle: '<img src=x onerror="window.__pwned=1">' };
    (await sdk.nextLoad(0)).failToken(401);
    const field = await openPasswordField(el);
    const title = field.closest('.modal')!.querySelector('#modal-title')!;
    expect(title.textContent).to.equal('<img src=x onerror="window.__pwned=1">');
    expect(title.querySelector('img')).to.equal(null);
  });

  it("shows the zoom hint in the element's language", async () => {
    const el = await fixture<ModelViewerEmbed>(
      html`<model-viewer-embed lang="fr" model-id="m" .accessToken=${token}></model-viewer-embed>`,
    );
    const load = await sdk.nextLoad(0);
    load.viewer.canvas!.dispatchEvent(new WheelEvent('wheel', { bubbles: true, deltaY: 10 }));
    await el.updateComplete;
    const hint = el.shadowRoot!.querySelector('[part="gesture-hint"]')!.textContent!.trim();
    expect(hint).to.match(/^Utilisez (Ctrl|⌘) \+ (molette|défilement) pour zoomer sur le modèle$/);
  });
});
