/**
 * The host page never meets the SDK's global CSS and global lookups (real SDK, real Materialize, local
 * platform). The SDK appends a Materialize subset whose selectors (`nav`, `.btn`, `.card`, `.modal`, …) are
 * page-wide, binds its dialog to `document.querySelectorAll('.modal')[0]` and initialises every `.tooltipped`
 * and `.dropdown-trigger` on the page. A host page with its own navigation bar, buttons, card, a Bootstrap-like
 * modal placed before the element and a tooltipped link must look and behave the same before and after a
 * token-mode embed loads and a password-mode embed shows its prompt.
 */
import { expect, fixtureCleanup } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  embed,
  mintToken,
  nextOutcome,
  openDialog,
  openDialogs,
  resetPlatform,
  sleep,
  waitForPasswordField,
} from './support.js';

/** A page in the style of a Bootstrap site; its rules are deliberately weaker than nothing the SDK sets. */
const HOST_CSS = `
  #host-page nav { background-color: rgb(33, 37, 41); height: 56px; }
  #host-page .btn { display: inline-block; padding: 6px 12px; background-color: rgb(13, 110, 253); color: rgb(255, 255, 255); }
  #host-page .card { border: 1px solid rgb(222, 226, 230); }
  #host-page .modal { position: relative; }
`;

const HOST_HTML = `
  <nav id="host-nav"><a class="btn" id="host-btn" href="#host">Home</a></nav>
  <div class="card" id="host-card"><div class="divider" id="host-divider">card</div></div>
  <a class="tooltipped" id="host-tip" data-tooltip="page tip" href="#tip">tip</a>
  <a class="dropdown-trigger" id="host-menu" data-target="host-dropdown" href="#menu">menu</a>
  <ul class="dropdown-content" id="host-dropdown"><li>item</li></ul>
  <div class="modal fade" id="host-modal" tabindex="-1" style="z-index: 5"><div class="modal-dialog">Page modal</div></div>
`;

/** What the SDK's global rules would change on the host elements. */
const PROPERTIES = [
  'display',
  'position',
  'width',
  'height',
  'max-height',
  'margin-top',
  'padding-left',
  'line-height',
  'box-shadow',
  'background-color',
  'color',
  'text-transform',
  'font-family',
  'font-size',
  'border-top-left-radius',
  'overflow-y',
  'cursor',
  'opacity',
  'z-index',
] as const;

function snapshot(page: Element): Record<string, Record<string, string>> {
  const result: Record<string, Record<string, string>> = {};
  for (const element of page.querySelectorAll('[id]')) {
    const style = getComputedStyle(element);
    result[element.id] = Object.fromEntries(PROPERTIES.map((name) => [name, style.getPropertyValue(name)]));
  }
  return result;
}

/** Materialize keeps its instances on the element as `M_<Widget>`. */
const instanceOf = (element: Element, widget: string) =>
  (element as unknown as Record<string, unknown>)[`M_${widget}`];

describe('the host page next to <model-viewer-embed> (real SDK)', function () {
  this.timeout(120_000);

  let page: HTMLDivElement;
  let style: HTMLStyleElement;

  beforeEach(async () => {
    await resetPlatform();
    style = document.createElement('style');
    style.textContent = HOST_CSS;
    document.head.append(style);
    page = document.createElement('div');
    page.id = 'host-page';
    page.innerHTML = HOST_HTML;
    // Before the element in document order, like a page's own modal markup.
    document.body.prepend(page);
  });

  afterEach(async () => {
    fixtureCleanup();
    await sleep(50);
    page.remove();
    style.remove();
  });

  function expectHostUntouched(
    before: { styles: ReturnType<typeof snapshot>; html: string },
    when: string,
  ): void {
    expect(snapshot(page), `computed styles ${when}`).to.deep.equal(before.styles);
    expect(page.innerHTML, `markup ${when}`).to.equal(before.html);
    const modal = page.querySelector('#host-modal')!;
    expect(instanceOf(modal, 'Modal'), `page modal has no Materialize instance ${when}`).to.equal(undefined);
    expect(instanceOf(page.querySelector('#host-tip')!, 'Tooltip'), `page tooltip ${when}`).to.equal(
      undefined,
    );
    expect(instanceOf(page.querySelector('#host-menu')!, 'Dropdown'), `page dropdown ${when}`).to.equal(
      undefined,
    );
    expect(modal.classList.contains('open'), `page modal not opened ${when}`).to.equal(false);
  }

  /** Waits until the SDK's Materialize set-up has run for `el` (its toolbar tooltips exist). */
  async function materializeReady(el: ModelViewerEmbed): Promise<void> {
    await waitUntil(
      () => {
        const trigger = el.querySelector('.tooltipped');
        return trigger !== null && instanceOf(trigger, 'Tooltip') !== undefined;
      },
      'Materialize set up for the viewer',
      { timeout: 30_000 },
    );
  }

  it('keeps its styles and widgets when a token-mode embed loads', async () => {
    const before = { styles: snapshot(page), html: page.innerHTML };
    const token = await mintToken({ modelId: 'small-office' });
    const { el } = await embed({
      modelId: 'small-office',
      accessToken: token,
      style: 'width: 640px; height: 400px',
    });
    const outcome = await nextOutcome(el, 60_000);
    expect(outcome.type, JSON.stringify(outcome)).to.equal('loaded');
    await materializeReady(el);
    expectHostUntouched(before, 'after a token-mode load');

    // The SDK's stylesheet is on the page once, and every style rule in it is confined to the viewers.
    const sheets = document.querySelectorAll<HTMLStyleElement>('style[data-model-viewer-embed="ui-css"]');
    expect(sheets).to.have.length(1);
    const selectors = [...sheets[0]!.sheet!.cssRules]
      .flatMap((rule) => (rule instanceof CSSMediaRule ? [...rule.cssRules] : [rule]))
      .filter((rule): rule is CSSStyleRule => rule instanceof CSSStyleRule)
      .flatMap((rule) => rule.selectorText.split(/,(?![^(]*\))/).map((s) => s.trim()));
    expect(selectors.length).to.be.greaterThan(50);
    expect(
      selectors.filter(
        (selector) =>
          !selector.startsWith('[data-model-viewer-embed="container"] ') &&
          !selector.startsWith('.material-tooltip[data-model-viewer-embed="tooltip"]'),
      ),
    ).to.deep.equal([]);

    // The viewer itself is still styled: round toolbar buttons, hidden menus and dialog, styled tooltips.
    const button = getComputedStyle(el.querySelector('.btn-floating')!);
    expect([button.width, button.height, button.borderTopLeftRadius]).to.deep.equal(['40px', '40px', '50%']);
    expect(getComputedStyle(el.querySelector('.dropdown-content')!).display).to.equal('none');
    expect(getComputedStyle(el.querySelector('.modal')!).display).to.equal('none');
    const tooltip = instanceOf(el.querySelector('.tooltipped')!, 'Tooltip') as { tooltipEl: HTMLElement };
    expect(tooltip.tooltipEl.parentElement === document.body, 'Materialize puts tooltips in <body>').to.equal(
      true,
    );
    expect(getComputedStyle(tooltip.tooltipEl).backgroundColor).to.equal('rgb(50, 50, 50)');
    expect(getComputedStyle(tooltip.tooltipEl).position).to.equal('absolute');
    // Dropdown menus stay inside the container, next to their trigger.
    for (const trigger of el.querySelectorAll('.dropdown-trigger')) {
      const menu = (instanceOf(trigger, 'Dropdown') as { dropdownEl: Element }).dropdownEl;
      expect(el.contains(menu), 'menu inside the element').to.equal(true);
    }
  });

  it('keeps its styles and its modal when a password-mode embed shows its prompt', async () => {
    const before = { styles: snapshot(page), html: page.innerHTML };
    const { el } = await embed({
      modelId: 'protected-house',
      passwordMode: true,
      style: 'width: 640px; height: 400px',
    });
    const field = await waitForPasswordField(el, 30_000);
    await materializeReady(el);
    expectHostUntouched(before, 'with the password prompt open');

    // The prompt opened in the element's own container, and it is the only open dialog.
    const dialog = openDialog(el);
    expect(dialog !== null, 'an open dialog in the element').to.equal(true);
    expect(dialog!.contains(field)).to.equal(true);
    expect(
      dialog!.closest('[data-model-viewer-embed="container"]')?.parentElement === el,
      'in its container',
    ).to.equal(true);
    expect(openDialogs().length === 1 && openDialogs()[0] === dialog, 'the only open dialog').to.equal(true);
    expect(getComputedStyle(dialog!).backgroundColor, 'the dialog is styled').to.equal('rgb(250, 250, 250)');
    // Materialize inserts the modal's overlay next to the modal: inside the container, styled by the scope.
    const overlay = dialog!.parentElement!.querySelector(':scope > .modal-overlay');
    expect(overlay !== null, 'overlay next to the dialog').to.equal(true);
    expect(getComputedStyle(overlay!).position).to.equal('fixed');
  });
});
