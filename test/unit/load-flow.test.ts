/**
 * The Lit-free load flow, driven with the fake SDK and a plain host node: no element, no Lit.
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import sinon from 'sinon';
import { loadModel, type LoadInputs, type LoadOutcome } from '../../src/internal/load-flow.js';
import { ViewerSlot } from '../../src/internal/viewer-slot.js';
import { ModelErrorCode } from '../../src/internal/errors.js';
import { clearTokenCache } from '../../src/internal/token-source.js';
import { installFakeSdk } from '../helpers/element.js';
import type { FakeSdk } from '../helpers/fake-sdk.js';
import { sleep } from '../helpers/dom.js';
import { expiredToken, makeToken } from '../helpers/tokens.js';

function inputs(overrides: Partial<LoadInputs> = {}): LoadInputs {
  return {
    modelId: 'small-office',
    accessToken: null,
    tokenUrl: null,
    tokenProvider: null,
    passwordMode: false,
    loading: 'lazy',
    isolation: 'none',
    password: null,
    baseUrl: null,
    sdkSrc: null,
    threeSrc: null,
    uiAssetsBase: null,
    timeout: null,
    viewpoint: null,
    buttonColor: null,
    background: null,
    forbiddenAttributes: [],
    ...overrides,
  };
}

const failure = (outcome: LoadOutcome) => {
  expect(outcome.ok, 'the load failed').to.equal(false);
  return (outcome as Extract<LoadOutcome, { ok: false }>).error;
};

describe('load flow (no element)', () => {
  let sdk: FakeSdk;
  let host: HTMLElement;
  let slot: ViewerSlot;
  let run: AbortController;
  let progress: number[];
  const start = (overrides: Partial<LoadInputs> = {}) =>
    loadModel(inputs(overrides), { signal: run.signal, slot, onProgress: (value) => progress.push(value) });

  beforeEach(() => {
    sdk = installFakeSdk();
    clearTokenCache();
    host = document.createElement('div');
    // A box of fixed size, as the element's shadow styles give its slot: a container whose height followed
    // the canvas would resize on every resize (a ResizeObserver loop).
    host.innerHTML =
      '<style>#flow-host > div { display: block; width: 100%; height: 100%; overflow: hidden }</style>';
    host.id = 'flow-host';
    host.style.cssText = 'display: block; width: 400px; height: 300px; overflow: hidden';
    document.body.append(host);
    slot = new ViewerSlot(host, () => {});
    run = new AbortController();
    progress = [];
  });
  afterEach(async () => {
    run.abort();
    slot.retire();
    host.remove();
    await sleep(0);
    sdk.uninstall();
    sinon.restore();
  });

  it('loads with an access token: progress below 1, then ok, with the viewer in the slot', async () => {
    const token = makeToken();
    const outcome = start({ accessToken: token });
    const load = await sdk.nextLoad();
    expect(load.request).to.deep.include({ modelId: 'small-office', accessToken: token });
    expect(host.querySelector('[slot="viewer"]')).to.equal(sdk.lastViewer!.container);
    load.progress('40');
    load.progress('100');
    load.loaded();
    expect(await outcome).to.deep.equal({ ok: true });
    expect(progress).to.have.length(2);
    expect(progress[0]).to.be.below(progress[1]!);
    expect(progress[1]).to.be.below(1);
    expect(slot.viewer).to.equal(sdk.lastViewer);
  });

  it('ends with timeout when the SDK shows no progress for `timeout` ms', async () => {
    const outcome = start({ accessToken: makeToken(), timeout: 50 });
    await sdk.nextLoad();
    expect(failure(await outcome)).to.deep.include({ code: ModelErrorCode.Timeout, modelId: 'small-office' });
  });

  it('reports a configuration error without loading anything', async () => {
    expect(failure(await start({ modelId: '../x', accessToken: makeToken() })).code).to.equal(
      ModelErrorCode.InvalidConfig,
    );
    expect(failure(await start({ accessToken: expiredToken() })).code).to.equal(ModelErrorCode.TokenExpired);
    expect(sdk.loads).to.have.length(0);
  });

  describe('tokens from a provider', () => {
    it('maps a failing provider to token-endpoint-failed', async () => {
      const outcome = await start({ tokenProvider: () => Promise.reject(new Error('no session')) });
      expect(failure(outcome)).to.deep.include({ code: ModelErrorCode.TokenEndpointFailed });
      expect(failure(outcome).message).to.include('no session');
    });

    it('refreshes once after a 401 and loads with the new token', async () => {
      const tokens = [makeToken({ n: 1 }), makeToken({ n: 2 })];
      const provider = sinon.fake(() => Promise.resolve(tokens.shift()!));
      const outcome = start({ tokenProvider: provider });
      const first = await sdk.nextLoad();
      const second = sdk.nextLoad();
      first.failMetadata(401);
      const retried = await second;
      expect(retried.request.accessToken).to.not.equal(first.request.accessToken);
      retried.loaded();
      expect(await outcome).to.deep.equal({ ok: true });
      expect(provider.callCount).to.equal(2);
    });

    it("keeps token-url's expiresIn over the JWT's exp, which a visitor's clock ahead makes look past", async () => {
      const token = makeToken({ exp: Math.floor(Date.now() / 1000) - 600 });
      const fetch = sinon.stub(window, 'fetch').resolves(
        new Response(JSON.stringify({ token, expiresIn: 3600 }), {
          headers: { 'Content-Type': 'application/json' },
        }),
      );
      const outcome = start({ tokenUrl: '/flow-token' });
      const load = await Promise.race([sdk.nextLoad(), outcome]);
      expect(load, 'the SDK was asked to load').to.not.have.property('ok');
      expect((load as Awaited<ReturnType<FakeSdk['nextLoad']>>).request.accessToken).to.equal(token);
      expect(fetch.callCount).to.equal(1);
    });

    it('removes the fetched token from the error message', async () => {
      const token = makeToken();
      const outcome = start({ tokenProvider: () => Promise.resolve(token) });
      const load = await sdk.nextLoad();
      load.fail(`Failed with ${token}`);
      const error = failure(await outcome);
      expect(error.code).to.equal(ModelErrorCode.Viewer);
      expect(error.message).to.not.include(token);
    });
  });

  describe('password mode', () => {
    const passwordField = async () => {
      await waitUntil(
        () => host.querySelector('.modal.open input[type="password"]') !== null,
        'the dialog opens',
      );
      return host.querySelector<HTMLInputElement>('.modal.open input[type="password"]')!;
    };
    const click = (button: 'ok' | 'cancel') =>
      host
        .querySelector<HTMLAnchorElement>(
          button === 'ok' ? '.modal.open .modal-footer a:not(.modal-close)' : '.modal.open .modal-close',
        )!
        .click();

    it('tries an empty password, asks after a 401, loads with the typed one and never reports it', async () => {
      const outcome = start({ modelId: 'protected-house', passwordMode: true });
      const first = await sdk.nextLoad();
      expect(first.request.password).to.equal('');
      const next = sdk.nextLoad();
      first.failToken(401);
      const field = await passwordField();
      field.value = 'typed-secret-1';
      click('ok');
      const second = await next;
      expect(second.request.password).to.equal('typed-secret-1');
      second.fail('Failed with typed-secret-1 in the text');
      const error = failure(await outcome);
      expect(error.message).to.not.include('typed-secret-1');
    });

    it('ends with password-cancelled on Cancel', async () => {
      const outcome = start({ modelId: 'protected-house', passwordMode: true });
      (await sdk.nextLoad()).failToken(401);
      await passwordField();
      click('cancel');
      expect(failure(await outcome).code).to.equal(ModelErrorCode.PasswordCancelled);
    });

    it('ends with sdk-load-failed when the dialog cannot open (Materialize never loads)', async () => {
      sdk.uninstall();
      sdk = installFakeSdk({ materializeSrc: '/no-such-materialize.js' });
      const outcome = start({ modelId: 'protected-house', passwordMode: true, timeout: 200 });
      (await sdk.nextLoad()).failToken(401);
      expect(failure(await outcome).code).to.equal(ModelErrorCode.SdkLoadFailed);
    });
  });

  describe('abort', () => {
    it('rejects with the abort reason while waiting for the token, and loads nothing', async () => {
      let asked!: () => void;
      const providerCalled = new Promise<void>((resolve) => (asked = resolve));
      const outcome = start({
        tokenProvider: (_id, { signal }) => {
          asked();
          return new Promise((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      });
      await providerCalled;
      const reason = new Error('superseded');
      run.abort(reason);
      let rejected: unknown;
      await outcome.catch((error: unknown) => (rejected = error));
      expect(rejected).to.equal(reason);
      expect(sdk.loads).to.have.length(0);
    });

    it('rejects while the SDK loads, reports no more progress, and parks the viewer until the SDK settles', async () => {
      const outcome = start({ accessToken: makeToken() });
      const load = await sdk.nextLoad();
      load.progress('10');
      run.abort(new Error('superseded'));
      let rejected = false;
      await outcome.catch(() => (rejected = true));
      expect(rejected).to.equal(true);
      load.progress('60');
      expect(progress).to.have.length(1);
      slot.retire();
      expect(load.viewer.disposed, 'parked while its load is in flight').to.equal(false);
      load.fail('Failed to download model. Status code: 404');
      await waitUntil(() => load.viewer.disposed, 'disposed once the SDK settled');
    });
  });
});
