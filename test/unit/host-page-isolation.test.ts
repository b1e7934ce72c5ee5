/**
 * The host page's own Bootstrap-like `.modal` (before the viewer in document order), `.tooltipped` and
 * `.dropdown-trigger` elements, seen by a viewer whose fake SDK runs the SDK's Materialize set-up
 * (`M.Modal.init(document.querySelectorAll('.modal'))[0]` and friends) with the real Materialize script.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ViewerSession } from '../../src/internal/viewer-session.js';
import type { BimuNamespace } from '../../src/internal/sdk-types.js';
import { resetUiAssetsForTests } from '../../src/internal/head-asset-dedup.js';
import { withExclusiveSdkUi } from '../../src/internal/dialog-isolation.js';
import { FakeSdk } from '../helpers/fake-sdk.js';
import { makeContainer, sleep } from '../helpers/dom.js';

const bimU = () => (window as unknown as { bimU: BimuNamespace }).bimU;

/** Materialize stores its instances on the element under `M_<Widget>`. */
const instanceOf = (element: Element, widget: 'Modal' | 'Tooltip' | 'Dropdown') =>
  (element as unknown as Record<string, unknown>)[`M_${widget}`];

describe('host page isolation (fake SDK, real Materialize)', () => {
  let sdk: FakeSdk;
  let host: HTMLDivElement;

  beforeEach(() => {
    sdk = new FakeSdk().install();
    host = document.createElement('div');
    // Odd but valid class strings: they must come back verbatim, not reordered or normalised.
    host.innerHTML =
      '<div id="page-modal" class="modal  fade" tabindex="-1" style="color: rgb(1, 2, 3)"><div class="modal-dialog">page</div></div>' +
      '<a id="page-tip" class="tooltipped btn" data-tooltip="page tip" href="#x">tip</a>' +
      '<a id="page-menu" class="dropdown-trigger" data-target="page-dropdown" href="#y">menu</a>' +
      '<ul id="page-dropdown" class="dropdown-content"><li>item</li></ul>';
    document.body.prepend(host);
  });
  afterEach(() => {
    host.remove();
    sdk.uninstall();
    resetUiAssetsForTests();
  });

  it('keeps the Materialize set-up and showDialog away from the page and leaves its attributes as they were', async () => {
    const pageModal = host.querySelector('#page-modal')!;
    const before = [...host.querySelectorAll('*')].map((element) => element.outerHTML);
    const mutations: MutationRecord[] = [];
    const container = makeContainer(document.body);
    const session = new ViewerSession({ bimU: bimU(), container, uiAssetsBase: null });
    await waitUntil(() => sdk.materializeSetUps.length === 1, 'Materialize set up');
    // The set-up is done: from here on, nothing may touch the page at all.
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(host, { subtree: true, attributes: true, childList: true });

    expect(instanceOf(pageModal, 'Modal'), 'page modal').to.equal(undefined);
    expect(instanceOf(host.querySelector('#page-tip')!, 'Tooltip'), 'page tooltip').to.equal(undefined);
    expect(instanceOf(host.querySelector('#page-menu')!, 'Dropdown'), 'page dropdown').to.equal(undefined);
    expect(instanceOf(container.querySelector('.modal')!, 'Modal'), 'viewer modal').to.not.equal(undefined);
    expect(instanceOf(container.querySelector('.tooltipped')!, 'Tooltip'), 'viewer tooltip').to.not.equal(
      undefined,
    );

    session.viewer.showDialog('Title', 'Body', 'Close', null);
    await waitUntil(() => container.querySelector('.modal.open') !== null, 'the viewer dialog opens');
    expect(pageModal.classList.contains('open')).to.equal(false);
    session.viewer.closeDialog();
    await sleep(300);
    observer.disconnect();
    session.dispose();

    expect(mutations, 'no mutation of the page while the dialog opened and closed').to.deep.equal([]);
    expect([...host.querySelectorAll('*')].map((element) => element.outerHTML)).to.deep.equal(before);
  });

  it('fails without the isolation: the SDK set-up would bind the page modal first', async () => {
    // The same set-up the SDK runs, without withExclusiveSdkUi: proves the test above can fail.
    const container = makeContainer(document.body);
    container.innerHTML = '<div class="modal"></div>';
    const script = document.createElement('script');
    script.src = '/node_modules/materialize-css/dist/js/materialize.min.js';
    const loaded = new Promise((resolve) => script.addEventListener('load', resolve, { once: true }));
    if (!(window as unknown as { M?: unknown }).M) {
      document.head.append(script);
      await loaded;
    }
    const M = (
      window as unknown as {
        M: { Modal: { init(els: NodeListOf<Element>): { el: Element; destroy(): void }[] } };
      }
    ).M;
    const unguarded = M.Modal.init(document.querySelectorAll('.modal'));
    expect(unguarded[0]!.el === host.querySelector('#page-modal'), 'the page modal first').to.equal(true);
    for (const instance of unguarded) instance.destroy();

    const guarded = withExclusiveSdkUi(container, () => M.Modal.init(document.querySelectorAll('.modal')), {
      classes: true,
    });
    expect(
      guarded.length === 1 && guarded[0]!.el === container.querySelector('.modal'),
      'only the viewer modal',
    ).to.equal(true);
    for (const instance of guarded) instance.destroy();
    script.remove();
    container.remove();
  });
});
