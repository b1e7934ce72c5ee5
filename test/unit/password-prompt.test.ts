import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import { ViewerSession } from '../../src/internal/viewer-session.js';
import { openPromptCount, promptForPassword } from '../../src/internal/password-prompt.js';
import type { BimuNamespace } from '../../src/internal/sdk-types.js';
import { resetUiAssetsForTests } from '../../src/internal/head-asset-dedup.js';
import { FakeSdk } from '../helpers/fake-sdk.js';
import { makeContainer, sleep } from '../helpers/dom.js';

const bimU = () => (window as unknown as { bimU: BimuNamespace }).bimU;

describe('promptForPassword', () => {
  let sdk: FakeSdk;
  let host: HTMLDivElement;
  const sessions: ViewerSession[] = [];

  beforeEach(() => {
    sdk = new FakeSdk().install();
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) session.dispose();
    host.remove();
    sdk.uninstall();
    resetUiAssetsForTests();
  });

  async function session(): Promise<ViewerSession> {
    const created = new ViewerSession({
      bimU: bimU(),
      container: makeContainer(host, 500, 400),
      uiAssetsBase: null,
    });
    sessions.push(created);
    await waitUntil(() => sdk.materializeSetUps.includes(sdk.lastViewer!), 'Materialize set up');
    return created;
  }

  const field = (s: ViewerSession) => s.container.querySelector<HTMLInputElement>('input[type="password"]');
  const isOpen = (s: ViewerSession) => s.container.querySelector('.modal.open') !== null;

  function start(s: ViewerSession, options: { label?: string; retry?: boolean; signal?: AbortSignal } = {}) {
    return promptForPassword({
      viewer: s.viewer,
      container: s.container,
      modelLabel: options.label ?? 'protected-house',
      retry: options.retry ?? false,
      signal: options.signal ?? new AbortController().signal,
    });
  }

  it('opens a labelled password field with focus, and Enter submits and closes', async () => {
    const s = await session();
    const result = start(s);
    await waitUntil(() => document.activeElement === field(s), 'the field has focus');
    const input = field(s)!;
    expect(input.labels?.[0]?.textContent).to.equal('Password');
    expect(input.autocomplete).to.equal('current-password');
    input.value = 'typed-secret';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(await result).to.equal('typed-secret');
    expect(input.value, 'cleared as soon as read').to.equal('');
    expect(isOpen(s), 'closed after submit').to.equal(false);
    expect(openPromptCount()).to.equal(0);
  });

  it('submits with OK without navigating to #', async () => {
    const s = await session();
    const before = location.href;
    const result = start(s);
    await waitUntil(() => isOpen(s));
    field(s)!.value = 'ok-secret';
    s.container.querySelector<HTMLAnchorElement>('#modal-ok-button')!.click();
    expect(await result).to.equal('ok-secret');
    expect(location.href).to.equal(before);
  });

  it('resolves null on Cancel without navigating to #', async () => {
    const s = await session();
    const before = location.href;
    const result = start(s);
    await waitUntil(() => isOpen(s));
    field(s)!.value = 'abandoned';
    s.container.querySelector<HTMLAnchorElement>('#modal-close-button')!.click();
    expect(await result).to.equal(null);
    expect(location.href).to.equal(before);
    expect(field(s)?.value ?? '').to.equal('');
    expect(isOpen(s)).to.equal(false);
  });

  it('escapes everything it interpolates', async () => {
    const s = await session();
    (window as unknown as { __pwned?: boolean }).__pwned = false;
    const hostile = `<img src=x onerror="window.__pwned=true">`;
    const result = start(s, { label: hostile });
    await waitUntil(() => isOpen(s));
    const modal = s.container.querySelector('.modal')!;
    expect(modal.querySelector('img')).to.equal(null);
    expect(modal.textContent).to.include(hostile);
    await sleep(50);
    expect((window as unknown as { __pwned?: boolean }).__pwned).to.equal(false);
    s.container.querySelector<HTMLAnchorElement>('#modal-close-button')!.click();
    await result;
  });

  it('says so when the previous password was wrong', async () => {
    const s = await session();
    const result = start(s, { retry: true });
    await waitUntil(() => isOpen(s));
    const alert = s.container.querySelector('[role="alert"]');
    expect(alert?.textContent).to.match(/wrong password/i);
    expect(field(s)!.getAttribute('aria-invalid')).to.equal('true');
    s.container.querySelector<HTMLAnchorElement>('#modal-close-button')!.click();
    await result;
  });

  it('shows one prompt at a time on the page, each in its own viewer', async () => {
    const a = await session();
    const b = await session();
    const first = start(a, { label: 'model-a' });
    const second = start(b, { label: 'model-b' });
    await waitUntil(() => isOpen(a));
    await sleep(100);
    expect(isOpen(b), 'B waits for A').to.equal(false);
    expect(a.container.querySelector('.modal')!.textContent).to.include('model-a');
    field(a)!.value = 'for-a';
    a.container.querySelector<HTMLAnchorElement>('#modal-ok-button')!.click();
    expect(await first).to.equal('for-a');
    await waitUntil(() => isOpen(b), "B's prompt opens in B");
    expect(b.container.querySelector('.modal')!.textContent).to.include('model-b');
    expect(a.container.querySelector('.modal')!.textContent, 'nothing of B in A').not.to.include('model-b');
    await waitUntil(() => document.activeElement === field(b));
    field(b)!.value = 'for-b';
    b.container.querySelector<HTMLAnchorElement>('#modal-ok-button')!.click();
    expect(await second).to.equal('for-b');
  });

  it('closes and rejects when aborted', async () => {
    const s = await session();
    const controller = new AbortController();
    const result = start(s, { signal: controller.signal });
    await waitUntil(() => isOpen(s));
    controller.abort();
    const error = await result.catch((e: unknown) => e);
    expect((error as DOMException).name).to.equal('AbortError');
    expect(isOpen(s)).to.equal(false);
    expect(openPromptCount()).to.equal(0);
  });
});
