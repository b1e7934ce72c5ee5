/**
 * Two password-mode elements on one page, with the real SDK. Every SDK viewer builds its dialog with the same
 * global ids, and the SDK opens "the first `.modal` of the document": left alone, the second viewer's prompt
 * would open in the first viewer's dialog. The element shows one prompt at a time, each in its own viewer.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  DEMO_PASSWORD,
  boxInside,
  embed,
  expectNoSecrets,
  isVisibleAt,
  nextOutcome,
  openDialog,
  openDialogs,
  platformStats,
  resetPlatform,
  sleep,
  typeAndSubmit,
  waitForPasswordField,
  wrongPasswordLine,
} from './support.js';

const WRONG_PASSWORD = 'wrong-for-this-one-93b2';

/** The container (the SDK viewer's light-DOM root) the element currently shows. */
function containerOf(el: ModelViewerEmbed): HTMLElement {
  return el.querySelector<HTMLElement>('[data-model-viewer-embed="container"][slot="viewer"]')!;
}

/** Asserts that `el`'s prompt is the only open dialog, inside its own container and visible over it. */
async function expectOnlyPromptOver(el: ModelViewerEmbed): Promise<void> {
  const field = await waitForPasswordField(el);
  const dialog = openDialog(el)!;
  expect(openDialogs().length, 'one prompt at a time').to.equal(1);
  expect(openDialogs()[0] === dialog).to.equal(true);
  expect(containerOf(el).contains(dialog), "inside the element's own viewer container").to.equal(true);
  expect(boxInside(dialog, el), "within the element's box").to.equal(true);
  expect(isVisibleAt(field), 'its field is visible and on top').to.equal(true);
}

async function waitUntilAsync(
  condition: () => Promise<boolean>,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const end = performance.now() + timeout;
  while (!(await condition())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Two elements side by side; the second is added once the first one's prompt is open, so the order is known. */
async function twoElements() {
  const row = await fixture<HTMLDivElement>(
    html`<div style="display: flex; gap: 8px; align-items: flex-start"></div>`,
  );
  const style = 'width: 380px; height: 340px; flex: none';
  const a = await embed({ modelId: 'protected-house', passwordMode: true, style, parent: row });
  await waitForPasswordField(a.el);
  const b = await embed({ modelId: 'protected-house', passwordMode: true, style, parent: row });
  // B tries the empty password, is refused (A's '' was the first token request) and queues its prompt behind
  // A's. Give it a moment to (wrongly) open a dialog, which the tests then check it did not.
  await waitUntilAsync(async () => (await platformStats()).token >= 2, "B's first attempt");
  await sleep(500);
  return { a, b };
}

describe('two password-mode elements on one page (real SDK)', function () {
  this.timeout(90_000);

  beforeEach(async () => {
    await resetPlatform();
  });

  it('prompts one at a time, each over its own element; the typed password loads that element only', async () => {
    const { a, b } = await twoElements();
    await expectOnlyPromptOver(a.el);
    expect(openDialog(b.el) === null, 'B waits for its turn').to.equal(true);

    const aLoaded = nextOutcome(a.el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await aLoaded).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(b.el.status, 'B is still waiting for its password').to.equal('loading');
    expect(b.events.filter((event) => event.type !== 'progress')).to.deep.equal([]);

    // Then B's turn: its own prompt, over B, with no "wrong password" line (A's attempts are not B's).
    await expectOnlyPromptOver(b.el);
    expect(wrongPasswordLine(b.el) === null).to.equal(true);

    // A wrong password in B asks B again and leaves A alone.
    await typeAndSubmit(WRONG_PASSWORD);
    await waitUntil(() => wrongPasswordLine(b.el) !== null, 'B says its password was wrong', {
      timeout: 15_000,
    });
    await expectOnlyPromptOver(b.el);
    expect(a.el.status).to.equal('loaded');
    expect(openDialog(a.el) === null).to.equal(true);

    const bLoaded = nextOutcome(b.el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await bLoaded).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(a.events.filter((event) => event.type === 'loaded')).to.have.length(1);
    expect(b.events.filter((event) => event.type === 'loaded')).to.have.length(1);
    expect(openDialogs().length).to.equal(0);
    expect(location.hash).to.equal('');
    expectNoSecrets([DEMO_PASSWORD, WRONG_PASSWORD]);
  });

  it("a wrong password in the first does not reach the second: B's prompt comes next, A asks again after it", async () => {
    const { a, b } = await twoElements();
    await expectOnlyPromptOver(a.el);

    // A wrong password in A frees the page's single prompt slot: B's first prompt opens before A's retry.
    await typeAndSubmit(WRONG_PASSWORD);
    await expectOnlyPromptOver(b.el);
    expect(wrongPasswordLine(b.el) === null, "A's wrong password is not B's").to.equal(true);
    expect(a.el.status).to.equal('loading');

    const bLoaded = nextOutcome(b.el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await bLoaded).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });

    // Now A asks again, saying its password was wrong.
    await expectOnlyPromptOver(a.el);
    expect(wrongPasswordLine(a.el) !== null).to.equal(true);
    const aLoaded = nextOutcome(a.el, 30_000);
    await typeAndSubmit(DEMO_PASSWORD);
    expect(await aLoaded).to.deep.equal({ type: 'loaded', modelId: 'protected-house' });
    expect(b.el.status).to.equal('loaded');
    expect(openDialogs().length).to.equal(0);
    expectNoSecrets([DEMO_PASSWORD, WRONG_PASSWORD]);
  });
});
