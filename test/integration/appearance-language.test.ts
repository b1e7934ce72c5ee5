/**
 * toolbar, button-color, background and the language table with the REAL SDK on the local platform: the SDK's
 * toolbar hidden and shown live, its password dialog still usable with the toolbar hidden, the canvas cleared
 * with `background` (read back from its pixels), the buttons in `button-color`, every text the element and its
 * password prompt show in German and Arabic, and Arabic laid out right to left.
 */
import './support.js';
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  DEMO_PASSWORD,
  dialogButtons,
  embed,
  freshPage,
  isVisibleAt,
  nextEvent,
  nextOutcome,
  resetPlatform,
  TOKEN_ROUTE,
  typeAndSubmit,
  typeText,
  waitForPasswordField,
} from './support.js';
import { sendKeys } from '@web/test-runner-commands';

function toolbarOf(el: ModelViewerEmbed): HTMLElement | null {
  return el.querySelector<HTMLElement>('[slot="viewer"] > [id$="-toolbar"]');
}

function toolbarButtonsVisible(el: ModelViewerEmbed): boolean {
  const buttons = [...(toolbarOf(el)?.querySelectorAll('a.btn-floating') ?? [])];
  return buttons.length > 0 && buttons.every((button) => isVisibleAt(button));
}

/** The canvas's colour near its top-left corner (where no model is drawn), read in the next animation frame. */
function cornerColour(canvas: HTMLCanvasElement): Promise<[number, number, number]> {
  // The drawing buffer is cleared once the frame is composited: read it in an animation frame queued after the
  // one the SDK's render loop has already queued.
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const copy = document.createElement('canvas');
      copy.width = canvas.width;
      copy.height = canvas.height;
      const context = copy.getContext('2d')!;
      context.drawImage(canvas, 0, 0);
      const [r = 0, g = 0, b = 0] = context.getImageData(4, 4, 1, 1).data;
      resolve([r, g, b]);
    }),
  );
}

const near = (actual: readonly number[], expected: readonly number[]) =>
  actual.every((value, index) => Math.abs(value - expected[index]!) <= 2);

async function waitForCorner(canvas: HTMLCanvasElement, expected: [number, number, number]): Promise<void> {
  let last: number[] = [];
  await waitUntil(
    async () => {
      last = await cornerColour(canvas);
      return near(last, expected);
    },
    `the canvas corner is rgb(${expected.join(', ')})`,
  );
  expect(near(last, expected), `corner ${last.join(',')}`).to.equal(true);
}

const statusText = (el: ModelViewerEmbed) =>
  el.shadowRoot!.querySelector('[part="status"] span')?.textContent?.trim() ?? '';

describe('toolbar, colours and language with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await freshPage();
    await resetPlatform();
    location.hash = '';
  });

  it('toolbar="off" hides the SDK toolbar; toolbar="on" shows it again on the same viewer', async () => {
    const { el } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { toolbar: 'off' },
    });
    await nextEvent(el, 'loaded', 60_000);
    const toolbar = toolbarOf(el);
    expect(toolbar !== null, 'the SDK built its toolbar').to.equal(true);
    expect(getComputedStyle(toolbar!).display).to.equal('none');
    expect(toolbarButtonsVisible(el)).to.equal(false);
    const viewer = el.viewer;
    el.setAttribute('toolbar', 'on');
    await waitUntil(() => toolbarButtonsVisible(el), 'the toolbar buttons can be seen and clicked');
    expect(el.viewer === viewer, 'the same viewer: no reload').to.equal(true);
    el.toolbar = 'off';
    await el.updateComplete;
    expect(toolbarButtonsVisible(el)).to.equal(false);
  });

  it('keeps the password dialog usable with the toolbar hidden', async () => {
    const { el } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      attributes: { toolbar: 'off' },
    });
    const field = await waitForPasswordField(el);
    expect(isVisibleAt(field)).to.equal(true);
    const { ok, cancel } = dialogButtons(el);
    expect(isVisibleAt(ok) && isVisibleAt(cancel), 'OK and Cancel can be clicked').to.equal(true);
    expect(getComputedStyle(toolbarOf(el)!).display).to.equal('none');
    const outcome = nextOutcome(el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(toolbarButtonsVisible(el), 'still hidden after the load').to.equal(false);
  });

  it('clears the canvas with background and colours the buttons with button-color, live', async () => {
    const { el } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { background: '#203040', 'button-color': 'rgb(200, 30, 30)' },
    });
    // Before the model is drawn the element itself shows the colour (no white flash on a dark page).
    const surface = el.shadowRoot!.querySelector<HTMLElement>('.surface')!;
    expect(getComputedStyle(surface).backgroundColor).to.equal('rgb(32, 48, 64)');
    await nextEvent(el, 'loaded', 60_000);
    const canvas = el.querySelector('canvas')!;
    await waitForCorner(canvas, [0x20, 0x30, 0x40]);
    const button = toolbarOf(el)!.querySelector<HTMLElement>('a.btn-floating')!;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(200, 30, 30)');

    const viewer = el.viewer;
    el.background = 'rgb(250, 240, 200)';
    el.buttonColor = 'seagreen';
    await el.updateComplete;
    await waitForCorner(canvas, [250, 240, 200]);
    // Materialize animates a button's background (`transition: background-color`), and the canvas now redraws at
    // once (render on demand), so the button may still be on its way to the new colour here.
    await waitUntil(
      () => getComputedStyle(button).backgroundColor === 'rgb(46, 139, 87)',
      'the buttons take the new button-color',
    );
    expect(el.viewer === viewer, 'the same viewer: no reload').to.equal(true);
  });

  it('shows every text of the element in German: status, progress, error, viewer label', async () => {
    const { el } = await embed({
      modelId: 'small-office',
      tokenUrl: TOKEN_ROUTE,
      attributes: { lang: 'de' },
    });
    // The German table is a chunk downloaded when the element first needs it: a few milliseconds.
    await waitUntil(() => statusText(el) === '3D-Modell wird geladen…', 'the German loading status');
    expect(el.shadowRoot!.querySelector('[part="progress-bar"]')?.getAttribute('aria-label')).to.equal(
      'Ladefortschritt',
    );
    await nextEvent(el, 'loaded', 60_000);
    await el.updateComplete;
    expect(statusText(el)).to.equal('3D-Modell geladen.');
    expect(el.querySelector('[slot="viewer"]')!.getAttribute('aria-label')).to.match(/^3D-Ansicht: Ziehen/);
    // "3D view paused" in German: test/unit/language.test.ts (forcing a context loss here is context-loss.test.ts's job).

    const { el: failing } = await embed({
      modelId: 'no-such-model',
      accessToken: 'not-a-jwt',
      attributes: { lang: 'de' },
    });
    await nextEvent(failing, 'error', 30_000);
    await failing.updateComplete;
    expect(statusText(failing)).to.match(/^Das 3D-Modell konnte nicht geladen werden\. \S/);
    expect(failing.shadowRoot!.querySelector('.status .detail')!.getAttribute('lang')).to.equal('en');
  });

  it('asks for the password in Arabic, right to left, and switches to German for the retry', async () => {
    const { el } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      attributes: { lang: 'ar' },
    });
    let field = await waitForPasswordField(el);
    const dialog = field.closest<HTMLElement>('.modal')!;
    expect(dialog.querySelector('#modal-title')!.textContent).to.equal('كلمة المرور مطلوبة');
    expect(field.labels?.[0]?.textContent).to.equal('كلمة المرور');
    let { ok, cancel } = dialogButtons(el);
    expect(ok.textContent).to.equal('موافق');
    expect(cancel.textContent).to.equal('إلغاء');
    // Right to left: the dialog's text runs from the right, and the buttons sit on its left.
    expect(getComputedStyle(dialog).direction).to.equal('rtl');
    expect(getComputedStyle(field.labels![0]!).direction).to.equal('rtl');
    const box = dialog.getBoundingClientRect();
    const okBox = ok.getBoundingClientRect();
    expect(okBox.right, 'the buttons are on the left half').to.be.below(box.left + box.width / 2);
    expect(isVisibleAt(ok) && isVisibleAt(cancel)).to.equal(true);
    const status = el.shadowRoot!.querySelector<HTMLElement>('[part="status"]')!;
    expect(getComputedStyle(status).direction).to.equal('rtl');

    el.lang = 'de';
    await typeText('wrong-password-a1');
    await sendKeys({ press: 'Enter' });
    await waitUntil(
      () =>
        el.querySelector('.modal.open [role="alert"]')?.textContent ===
        'Falsches Passwort. Bitte erneut versuchen.',
      'the German retry line',
    );
    field = await waitForPasswordField(el);
    expect(el.querySelector('.modal.open #modal-title')!.textContent).to.equal('Passwort erforderlich');
    expect(field.labels?.[0]?.textContent).to.equal('Passwort');
    ({ ok, cancel } = dialogButtons(el));
    expect([ok.textContent, cancel.textContent]).to.deep.equal(['OK', 'Abbrechen']);
    expect(getComputedStyle(field.closest('.modal')!).direction).to.equal('ltr');
    const outcome = nextOutcome(el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
  });
});
