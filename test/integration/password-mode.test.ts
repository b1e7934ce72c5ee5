/**
 * Password mode against the real SDK and the local platform. The password is typed into the SDK's own dialog
 * with the keyboard (`sendKeys`: real key events through the browser's automation protocol), never set as a
 * property, except in the one test about the `password` property.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { sendKeys } from '@web/test-runner-commands';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  DEMO_PASSWORD,
  boxInside,
  dialogButtons,
  embed,
  expectNoSecrets,
  expectProgressComplete,
  isVisibleAt,
  nextOutcome,
  openDialogs,
  platformStats,
  resetPlatform,
  terminalsAfter,
  typeAndSubmit,
  typeText,
  waitForPasswordField,
  wrongPasswordLine,
} from './support.js';

const WRONG_PASSWORD = 'not-the-password-7c1e';

/** Waits until `el`'s dialog shows the "wrong password" line with its (emptied) field focused again. */
async function waitForRetryPrompt(el: ModelViewerEmbed): Promise<HTMLInputElement> {
  await waitUntil(() => wrongPasswordLine(el) !== null, 'the dialog says the password was wrong', {
    timeout: 15_000,
  });
  const field = await waitForPasswordField(el);
  expect(field.value, 'the field starts empty').to.equal('');
  expect(isVisibleAt(wrongPasswordLine(el)!), 'the wrong-password line is visible').to.equal(true);
  return field;
}

/** Records whether any SDK dialog opened in the document, for tests that must load without a prompt. */
function watchDialogs(): { opened: () => boolean; stop(): void } {
  let opened = false;
  const observer = new MutationObserver(() => {
    if (document.querySelector('.modal.open')) opened = true;
  });
  observer.observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ['class'],
    childList: true,
  });
  return {
    opened: () => opened || document.querySelector('.modal.open') !== null,
    stop: () => observer.disconnect(),
  };
}

describe('password mode (real SDK, local platform, keyboard input)', function () {
  this.timeout(60_000);

  beforeEach(async () => {
    // Wrong passwords count towards the platform's limit (five per minute, then 429): start each test at zero.
    await resetPlatform();
    location.hash = '';
  });

  it('asks for the password of protected-house; wrong, then right password typed into the dialog', async () => {
    const { el, events } = await embed({ modelId: 'protected-house', passwordMode: true });
    let field = await waitForPasswordField(el);
    expect(wrongPasswordLine(el) === null, 'no "wrong password" line on the first prompt').to.equal(true);
    expect(el.status).to.equal('loading');
    // The prompt is part of the element: the dialog lives in its light-DOM container.
    expect(openDialogs().length).to.equal(1);
    expect(el.contains(openDialogs()[0]!)).to.equal(true);
    expect(field.labels?.[0]?.textContent, 'the field is labelled').to.match(/password/i);
    await expect(el).to.be.accessible();

    await typeAndSubmit(WRONG_PASSWORD);
    field = await waitForRetryPrompt(el);
    expect(field.getAttribute('aria-invalid')).to.equal('true');
    expect(el.status).to.equal('loading');
    expect(
      events.filter((event) => event.type !== 'progress'),
      'a wrong password is not the end of the load',
    ).to.deep.equal([]);
    await expect(el).to.be.accessible();

    const outcome = nextOutcome(el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expectProgressComplete(events);
    expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal(['loaded']);
    expect(openDialogs().length, 'the dialog is closed after the right password').to.equal(0);
    expect(location.hash, 'the SDK\'s <a href="#"> buttons do not navigate').to.equal('');
    const stats = await platformStats();
    // '' (a model shared without a password would open with it), the wrong one, the right one.
    expect(stats.token).to.equal(3);
    expect(stats.tokenUsers.slice(-3)).to.deep.equal([
      'protected-house',
      'protected-house',
      'protected-house',
    ]);
    expectNoSecrets([DEMO_PASSWORD, WRONG_PASSWORD]);
  });

  it('Cancel ends the load with password-cancelled; reload() asks again and the typed password loads', async () => {
    const { el, events } = await embed({ modelId: 'protected-house', passwordMode: true });
    await waitForPasswordField(el);
    const cancelled = nextOutcome(el, 15_000);
    // Tab from the field to OK, then to Cancel, and press it: the dialog works without a mouse.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(
      document.activeElement === dialogButtons(el).cancel,
      'Cancel has the focus after two Tabs',
    ).to.equal(true);
    await sendKeys({ press: 'Enter' });
    expect(await cancelled).to.include({
      type: 'error',
      code: 'password-cancelled',
      modelId: 'protected-house',
    });
    expect(el.status).to.equal('error');
    await waitUntil(() => openDialogs().length === 0, 'the dialog closes on Cancel', { timeout: 5000 });
    await expect(el).to.be.accessible();

    el.reload();
    const field = await waitForPasswordField(el);
    expect(field.value).to.equal('');
    expect(el.status).to.equal('loading');
    const loaded = nextOutcome(el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await loaded).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect((await terminalsAfter(events, 300)).map((event) => event.type)).to.deep.equal(['error', 'loaded']);
    expect(location.hash).to.equal('');
    expectNoSecrets([DEMO_PASSWORD]);
  });

  it('loads open-pavilion (shared without a password) with no prompt', async () => {
    const dialogs = watchDialogs();
    const { el, events } = await embed({ modelId: 'open-pavilion', passwordMode: true });
    const outcome = await nextOutcome(el, 30_000);
    dialogs.stop();
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'open-pavilion' });
    expect(dialogs.opened(), 'no dialog ever opened').to.equal(false);
    expectProgressComplete(events);
    const stats = await platformStats();
    expect(stats.token).to.equal(1);
    expect(stats.tokenUsers).to.deep.equal(['open-pavilion']);
  });

  it('private-annex (not shared): asks, says any password is wrong, and Cancel ends in password-cancelled', async () => {
    const { el, events } = await embed({ modelId: 'private-annex', passwordMode: true });
    await waitForPasswordField(el);
    expect(wrongPasswordLine(el) === null).to.equal(true);
    await typeAndSubmit(WRONG_PASSWORD);
    await waitForRetryPrompt(el);
    expect(el.status).to.equal('loading');
    const outcome = nextOutcome(el, 15_000);
    dialogButtons(el).cancel.click();
    expect(await outcome).to.include({ type: 'error', code: 'password-cancelled', modelId: 'private-annex' });
    expect((await terminalsAfter(events, 300)).length).to.equal(1);
    expect(location.hash).to.equal('');
    expectNoSecrets([WRONG_PASSWORD]);
  });

  it('loads with a password property set by the page, without a prompt', async () => {
    const dialogs = watchDialogs();
    const { el, events } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      password: DEMO_PASSWORD,
    });
    const outcome = await nextOutcome(el, 30_000);
    dialogs.stop();
    expect(outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(dialogs.opened(), 'no dialog ever opened').to.equal(false);
    expectProgressComplete(events);
    expect((await platformStats()).token, 'one attempt, with the page’s password').to.equal(1);
    expectNoSecrets([DEMO_PASSWORD]);
  });

  it('in a 340px-high element, the dialog with the "wrong password" line still shows OK and Cancel', async () => {
    const { el } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      style: 'width: 420px; height: 340px',
    });
    await waitForPasswordField(el);
    await typeAndSubmit(WRONG_PASSWORD);
    await waitForRetryPrompt(el);
    const dialog = openDialogs()[0]!;
    const { ok, cancel } = dialogButtons(el);
    expect(boxInside(dialog, el), 'the dialog fits in the element').to.equal(true);
    for (const [name, button] of [
      ['OK', ok],
      ['Cancel', cancel],
    ] as const) {
      expect(boxInside(button, dialog), `${name} is inside the dialog's box`).to.equal(true);
      expect(isVisibleAt(button), `${name} is visible and clickable`).to.equal(true);
    }
    expect(isVisibleAt(wrongPasswordLine(el)!)).to.equal(true);
    // And it still works: OK submits what was typed.
    const outcome = nextOutcome(el, 30_000);
    await typeText(DEMO_PASSWORD);
    ok.click();
    expect(await outcome).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(location.hash).to.equal('');
    expectNoSecrets([DEMO_PASSWORD, WRONG_PASSWORD]);
  });
});
