import { expect, fixture, html } from '@open-wc/testing';
import { withExclusiveSdkUi } from '../../src/internal/dialog-isolation.js';

function sdkDialog(): string {
  return '<div id="bimU-modal" class="modal"><h4 id="modal-title"></h4><div id="modal-body"></div></div>';
}

describe('withExclusiveSdkUi', () => {
  it('gives one container the global ids for the duration of a call', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div id="page-modal" class="modal"><h4 id="modal-title">page</h4></div>
        <div class="a"></div>
        <div class="b"></div>
      </div>`,
    );
    const a = root.querySelector<HTMLElement>('.a')!;
    const b = root.querySelector<HTMLElement>('.b')!;
    a.innerHTML = sdkDialog();
    b.innerHTML = sdkDialog();
    withExclusiveSdkUi(b, () => {
      document.getElementById('modal-title')!.textContent = 'for b';
      expect(document.querySelectorAll('.modal').length).to.equal(3);
    });
    expect(b.querySelector('h4')!.textContent).to.equal('for b');
    expect(a.querySelector('h4')!.textContent).to.equal('');
    expect(root.querySelector('#page-modal h4')!.textContent).to.equal('page');
    expect(root.querySelectorAll('[id="modal-title"]').length, 'ids restored').to.equal(3);
  });

  it('hides the Materialize classes of everything else when asked', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <div id="x" class="modal other"></div>
        <div class="a"></div>
      </div>`,
    );
    const a = root.querySelector<HTMLElement>('.a')!;
    a.innerHTML = sdkDialog();
    const seen = withExclusiveSdkUi(a, () => [...document.querySelectorAll('.modal')], { classes: true });
    expect(seen).to.have.length(1);
    expect(a.contains(seen[0]!)).to.equal(true);
    expect(root.querySelector('#x')!.getAttribute('class'), 'restored verbatim').to.equal('modal other');
  });

  it('restores the page also when the call throws', async () => {
    const root = await fixture<HTMLDivElement>(
      html`<div>
        <p id="modal-body"></p>
        <div class="a"></div>
      </div>`,
    );
    expect(() =>
      withExclusiveSdkUi(root.querySelector('.a')!, () => {
        throw new Error('boom');
      }),
    ).to.throw('boom');
    expect(root.querySelector('p')!.id).to.equal('modal-body');
  });
});
