import { expect, fixture, html } from '@open-wc/testing';
import { DIALOG_CSS, ensureDialogStyles } from '../../src/internal/dialog-styles.js';

function installedSheets(): number {
  const adopted = document.adoptedStyleSheets.filter((sheet) =>
    [...sheet.cssRules].some(
      (rule) =>
        rule.cssText.includes("data-model-viewer-embed='container'") ||
        rule.cssText.includes('data-model-viewer-embed="container"'),
    ),
  ).length;
  return adopted + document.querySelectorAll('style[data-model-viewer-embed="dialog-css"]').length;
}

describe('ensureDialogStyles', () => {
  it('installs one page-wide sheet, however often it is called', () => {
    ensureDialogStyles();
    ensureDialogStyles();
    expect(installedSheets()).to.equal(1);
  });

  it("keeps an open dialog's footer in view in a short container, and leaves the page's own modals alone", async () => {
    ensureDialogStyles();
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div data-model-viewer-embed="container" style="position: relative; height: 300px; width: 400px">
          <div class="modal open" style="position: absolute; display: block; top: 10%; left: 0; right: 0">
            <div class="modal-content"><div style="height: 600px">tall</div></div>
            <div class="modal-footer"><a href="#">OK</a></div>
          </div>
        </div>
        <div class="modal open" id="page-modal" style="display: block">page</div>
      </div>`,
    );
    const container = root.querySelector<HTMLElement>('[data-model-viewer-embed="container"]')!;
    const modal = container.querySelector<HTMLElement>('.modal')!;
    const footer = container.querySelector<HTMLElement>('.modal-footer')!;
    expect(getComputedStyle(modal).display).to.equal('flex');
    const box = container.getBoundingClientRect();
    expect(footer.getBoundingClientRect().bottom).to.be.at.most(box.bottom + 0.5);
    expect(modal.getBoundingClientRect().bottom).to.be.at.most(box.bottom + 0.5);
    expect(getComputedStyle(root.querySelector('#page-modal')!).display).to.equal('block');
    expect(DIALOG_CSS).to.not.match(/(^|\n)\s*\.modal/);
  });
});
