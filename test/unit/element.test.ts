import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import sinon from 'sinon';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import { ModelErrorCode, ModelStatus } from '../../src/index.js';
import type { ModelErrorEvent } from '../../src/events.js';
import type { FakeSdk, FakeLoad } from '../helpers/fake-sdk.js';
import { captureConsole, findSecrets, recordEvents, terminal, types } from '../helpers/events.js';
import { clearTokenCache } from '../../src/internal/token-source.js';
import { onWindowError } from '../../src/internal/load-error-attribution.js';
import { clickDialogButton, openPasswordField, useFakeSdk } from '../helpers/element.js';
import { collectWindowErrors, frames, sleep } from '../helpers/dom.js';
import { expiredToken, makeToken } from '../helpers/tokens.js';
import { MAX_PASSWORD_LENGTH } from '../../src/internal/credentials.js';

const errorCode = (event: Event) => (event as ModelErrorEvent).detail.code;

describe('<model-viewer-embed>', () => {
  let sdk: FakeSdk;

  useFakeSdk((fake) => (sdk = fake));

  describe('token mode', () => {
    it('reports progress, then loaded exactly once, with status and viewer', async () => {
      const token = makeToken();
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="small-office" .accessToken=${token}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      expect(el.status).to.equal(ModelStatus.Loading);
      const load = await sdk.nextLoad(0);
      expect(load.request).to.deep.include({
        modelId: 'small-office',
        accessToken: token,
        baseUrl: 'https://viewer.bimu.io/rest/api/v1',
      });
      load.progress('0');
      load.progress('50');
      load.progress('30');
      load.progress('100');
      expect(el.status).to.equal(ModelStatus.Loading);
      expect(el.progress).to.be.below(1);
      const loaded = oneEvent(el, 'loaded');
      load.loaded();
      await loaded;
      expect(types(events)).to.deep.equal(['progress', 'progress', 'progress', 'loaded']);
      const values = events
        .filter((e) => e.type === 'progress')
        .map((e) => (e.detail as { progress: number }).progress);
      expect(values).to.deep.equal([...values].sort((a, b) => a - b));
      expect(values.at(-1)).to.equal(1);
      expect(
        events.every((e) => !e.bubbles),
        'events do not bubble',
      ).to.equal(true);
      expect(events.at(-1)!.detail).to.deep.equal({ modelId: 'small-office' });
      expect(el.status).to.equal(ModelStatus.Loaded);
      expect(el.progress).to.equal(1);
      expect(el.viewer).to.equal(sdk.lastViewer);
      expect(el.error).to.equal(null);
      await sleep(20);
      expect(terminal(events)).to.have.length(1);
    });

    it('passes base-url into the model config and puts the container in the light DOM', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="m"
          base-url="/rest/api/v1/"
          .accessToken=${makeToken()}
        ></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      expect(load.request.baseUrl).to.equal('/rest/api/v1');
      const container = el.querySelector('[data-model-viewer-embed="container"]')!;
      expect(container.parentElement).to.equal(el);
      expect(container.slot).to.equal('viewer');
      expect(document.getElementById(container.id)).to.equal(container);
    });

    it('refuses a token that is not a JWT, or lacks channelId, before the SDK', async () => {
      for (const token of ['not-a-token', makeToken({ channelId: undefined })]) {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed model-id="m" .accessToken=${token}></model-viewer-embed>`,
        );
        const event = await oneEvent(el, 'error');
        expect(errorCode(event)).to.equal(ModelErrorCode.InvalidConfig);
        expect(event.detail.message).not.to.include(token);
      }
      expect(sdk.viewers).to.have.length(0);
    });

    it('reports an expired token as token-expired without loading', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${expiredToken()}></model-viewer-embed>`,
      );
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.TokenExpired);
      expect(sdk.loads).to.have.length(0);
      expect(el.status).to.equal(ModelStatus.Error);
    });

    for (const [status, code] of [
      [401, ModelErrorCode.Unauthorized],
      [403, ModelErrorCode.Forbidden],
      [404, ModelErrorCode.NotFound],
      [429, ModelErrorCode.RateLimited],
      [500, ModelErrorCode.ServerError],
    ] as const) {
      it(`maps HTTP ${status} to ${code}`, async () => {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
        );
        const events = recordEvents(el);
        (await sdk.nextLoad(0)).failMetadata(status);
        await waitUntil(() => events.length > 0);
        expect(errorCode(new CustomEvent('error', { detail: events[0]!.detail }))).to.equal(code);
        expect(el.error?.code).to.equal(code);
        expect(el.error?.modelId).to.equal('m');
        expect(el.viewer, 'the failed viewer is released').to.equal(null);
      });
    }

    it('counts only the first of several part errors', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      const load = await sdk.nextLoad(0);
      load.fail('Failed to download model. Status code: 404');
      load.fail('Failed to download model. Status code: 404');
      await sleep(10);
      expect(types(events)).to.deep.equal(['error']);
      expect(errorCode(new CustomEvent('e', { detail: events[0]!.detail }))).to.equal(
        ModelErrorCode.NotFound,
      );
    });

    it('turns a synchronous SDK throw into an error event', async () => {
      sdk.options.onLoad = () => {
        throw new TypeError('Model ID cannot be null.');
      };
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const event = await oneEvent(el, 'error');
      expect(errorCode(event)).to.equal(ModelErrorCode.Viewer);
    });

    it('reports WebGL being unavailable as viewer', async () => {
      sdk.options.initializeError = new Error('Error creating WebGL context.');
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const event = await oneEvent(el, 'error');
      expect(errorCode(event)).to.equal(ModelErrorCode.Viewer);
      expect(event.detail.message).to.include('WebGL');
    });

    it('ends a load that shows no progress with timeout', async () => {
      // Fake timers: with real ones, a busy machine that runs a 100 ms sleep late fires the 150 ms watchdog first.
      const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed
            model-id="m"
            timeout="150"
            .accessToken=${makeToken()}
          ></model-viewer-embed>`,
        );
        const events = recordEvents(el);
        for (let step = 0; step < 50 && sdk.loads.length === 0; step++) await clock.tickAsync(0);
        const load = await sdk.nextLoad(0);
        await clock.tickAsync(100);
        load.progress('10');
        await clock.tickAsync(100);
        expect(types(events), 'progress resets the watchdog').to.deep.equal(['progress']);
        await clock.tickAsync(49);
        expect(types(events), 'still within 150 ms of the progress').to.deep.equal(['progress']);
        await clock.tickAsync(1);
        expect(types(events)).to.deep.equal(['progress', 'error']);
        expect(el.error?.code).to.equal(ModelErrorCode.Timeout);
        expect(el.error?.message).to.include('150 ms');
      } finally {
        clock.restore();
      }
    });

    it('attributes an uncaught SDK error on window to the load in flight', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      await sdk.nextLoad(0);
      const errorPromise = oneEvent(el, 'error');
      {
        const sdkError = new TypeError("Cannot read properties of undefined (reading 'split')");
        const event = new ErrorEvent('error', {
          message: sdkError.message,
          error: sdkError,
          filename: 'https://cdn.jsdelivr.net/npm/bimu.io.viewer@0.0.11/dist/bimU.io.Viewer.umd.js',
          cancelable: true,
        });
        // What the capture-phase window listener receives for an uncaught error thrown in the SDK's script.
        onWindowError(event);
        expect(event.defaultPrevented, 'not reported as uncaught').to.equal(true);
      }
      const event = await errorPromise;
      expect(errorCode(event)).to.equal(ModelErrorCode.Viewer);
      expect(event.detail.message).to.include("reading 'split'");
    });
  });

  describe('token-url and tokenProvider', () => {
    beforeEach(() => clearTokenCache());

    it('loads with a token from the page back-end (token-url)', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="small-office" token-url="/api/bimu-token"></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      expect(load.request.accessToken).to.match(/^eyJ/);
      load.loaded();
      await oneEvent(el, 'loaded');
    });

    it('refreshes once after a 401 and retries once, then gives up with unauthorized', async () => {
      const tokens = [makeToken({ n: 1 }), makeToken({ n: 2 }), makeToken({ n: 3 })];
      let calls = 0;
      const provider = async () => tokens[calls++]!;
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m-refresh" .tokenProvider=${provider}></model-viewer-embed>`,
      );
      const first = await sdk.nextLoad(0);
      expect(first.request.accessToken).to.equal(tokens[0]);
      first.failMetadata(401);
      const second = await sdk.nextLoad(1);
      expect(second.request.accessToken, 'a fresh token').to.equal(tokens[1]);
      second.failMetadata(401);
      const event = await oneEvent(el, 'error');
      expect(errorCode(event)).to.equal(ModelErrorCode.Unauthorized);
      expect(calls).to.equal(2);
      expect(sdk.loads).to.have.length(2);
    });

    it('reports a provider that fails as token-endpoint-failed, and a non-JWT from it too', async () => {
      const failing = async () => {
        throw new Error('backend down');
      };
      let el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m-fail" .tokenProvider=${failing}></model-viewer-embed>`,
      );
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.TokenEndpointFailed);
      el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="m-garbage"
          .tokenProvider=${async () => 'garbage'}
        ></model-viewer-embed>`,
      );
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.TokenEndpointFailed);
      expect(sdk.loads).to.have.length(0);
    });

    it("keeps the expiry the provider gave: a token whose exp looks past on the visitor's clock still loads", async () => {
      // The visitor's clock runs ten minutes ahead of the platform's: the JWT's exp seems past, while the
      // provider, which does not depend on that clock, says the token is good for an hour.
      const token = makeToken({ exp: Math.floor(Date.now() / 1000) - 600 });
      const provider = async () => ({ token, expiresAt: Date.now() + 3_600_000 });
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m-skew" .tokenProvider=${provider}></model-viewer-embed>`,
      );
      const load = await Promise.race([sdk.nextLoad(0), oneEvent(el, 'error').then((e) => errorCode(e))]);
      expect(load, 'the SDK was asked to load').to.not.be.a('string');
      expect((load as FakeLoad).request.accessToken).to.equal(token);
      (load as FakeLoad).loaded();
      await oneEvent(el, 'loaded');
    });
  });

  describe('lifecycle and races', () => {
    it('stays idle without model-id and emits nothing', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      await sleep(20);
      expect(el.status).to.equal(ModelStatus.Idle);
      expect(events).to.have.length(0);
      expect(sdk.viewers).to.have.length(0);
    });

    it('a model change mid-load supersedes the first load: no event for it, a new viewer for the second', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="first" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      const first = await sdk.nextLoad(0);
      first.progress('40');
      el.modelId = 'second';
      const second = await sdk.nextLoad();
      expect(second.request.modelId).to.equal('second');
      expect(second.viewer, 'one viewer per model').not.to.equal(first.viewer);
      expect(first.viewer.disposed, 'kept (suspended) while its load is in flight').to.equal(false);
      first.loaded();
      first.progress('100');
      second.loaded();
      await el.updateComplete;
      await waitUntil(() => first.viewer.disposed, 'the superseded viewer is disposed once its load settled');
      const loaded = events.filter((e) => e.type === 'loaded');
      expect(loaded.map((e) => e.detail)).to.deep.equal([{ modelId: 'second' }]);
      expect(el.querySelectorAll('[data-model-viewer-embed="container"]')).to.have.length(1);
    });

    it('changes made in separate microtasks after connecting end in one load and one set of events', async () => {
      // A run starts in the task of its update; a framework that sets inputs one by one, a microtask apart,
      // supersedes the runs it started before the last input: they may create a viewer, never an event.
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      const el = document.createElement('model-viewer-embed');
      const events = recordEvents(el);
      el.modelId = 'first';
      container.append(el);
      await Promise.resolve();
      el.accessToken = makeToken();
      await el.updateComplete;
      await Promise.resolve();
      el.modelId = 'second';
      await waitUntil(() => sdk.loads.some((load) => load.request.modelId === 'second'), 'second load');
      const last = sdk.loads.at(-1)!;
      expect(last.request.modelId).to.equal('second');
      for (const load of sdk.loads.slice(0, -1)) load.loaded();
      last.loaded();
      await oneEvent(el, 'loaded');
      await sleep(10);
      expect(types(events).filter((type) => type !== 'progress')).to.deep.equal(['loaded']);
      expect(events.find((e) => e.type === 'loaded')!.detail).to.deep.equal({ modelId: 'second' });
      await waitUntil(
        () => sdk.viewers.filter((viewer) => !viewer.disposed).length === 1,
        'only the last viewer is left',
      );
      expect(last.viewer.disposed).to.equal(false);
    });

    it('a token change after loading disposes the viewer and loads again', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).loaded();
      await oneEvent(el, 'loaded');
      const firstViewer = sdk.lastViewer!;
      el.accessToken = makeToken({ channelId: 'other' });
      const second = await sdk.nextLoad();
      expect(firstViewer.disposed).to.equal(true);
      second.loaded();
      await oneEvent(el, 'loaded');
    });

    it('disconnecting mid-load emits nothing and releases the viewer once its load settles', async () => {
      const windowErrors = collectWindowErrors();
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      const load = await sdk.nextLoad(0);
      el.remove();
      // The teardown waits for the end of the task: a reconnect within it would be a move, not a teardown.
      await waitUntil(() => el.status === ModelStatus.Idle, 'idle once the task has ended');
      const frameCount = load.viewer.frames;
      await frames(3);
      expect(load.viewer.frames, 'rendering stops at once').to.be.at.most(frameCount + 1);
      load.progress('100');
      load.loaded();
      await waitUntil(() => load.viewer.disposed);
      await frames(3);
      windowErrors.stop();
      expect(events).to.have.length(0);
      expect(windowErrors.errors).to.deep.equal([]);
    });

    it('reconnecting starts a new load', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).loaded();
      await oneEvent(el, 'loaded');
      const parent = el.parentElement!;
      el.remove();
      await sleep(10);
      expect(sdk.viewers[0]!.disposed).to.equal(true);
      const next = sdk.nextLoad();
      parent.append(el);
      const load = await next;
      load.loaded();
      await oneEvent(el, 'loaded');
      expect(el.status).to.equal(ModelStatus.Loaded);
    });

    it('reload() loads again after an error', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).failMetadata(500);
      await oneEvent(el, 'error');
      const next = sdk.nextLoad();
      el.reload();
      (await next).loaded();
      await oneEvent(el, 'loaded');
      expect(el.error).to.equal(null);
    });

    it('survives churn: 20 connect/disconnect cycles leave no canvas, no listener, no error', async () => {
      const windowErrors = collectWindowErrors();
      sdk.options.onLoad = (load: FakeLoad) => setTimeout(() => load.viewer.disposed || load.loaded(), 5);
      const parent = await fixture<HTMLDivElement>(html`<div></div>`);
      for (let i = 0; i < 20; i++) {
        const el = document.createElement('model-viewer-embed');
        el.modelId = `m${i}`;
        el.accessToken = makeToken();
        parent.append(el);
        if (i % 2 === 0) await oneEvent(el, 'loaded');
        else await sleep(0);
        el.remove();
      }
      await waitUntil(() => sdk.viewers.every((viewer) => viewer.disposed), 'all viewers disposed', {
        timeout: 5000,
      });
      await frames(3);
      window.dispatchEvent(new Event('resize'));
      windowErrors.stop();
      expect(document.querySelectorAll('canvas')).to.have.length(0);
      expect(windowErrors.errors).to.deep.equal([]);
    });

    it('makes the canvas follow the host size', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          style="width: 500px; height: 420px"
          model-id="m"
          .accessToken=${makeToken()}
        ></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      await waitUntil(() => el.querySelector('canvas'), 'the viewer has a canvas');
      const canvas = el.querySelector('canvas')!;
      // Created at the host's size, which the ResizeObserver's first report repeats: nothing to resize.
      await frames(3);
      expect([canvas.clientWidth, canvas.clientHeight]).to.deep.equal([500, 420]);
      expect(load.viewer.sizes, 'no second sizing to the same size').to.deep.equal([]);
      el.style.height = '360px';
      await waitUntil(() => load.viewer.sizes.at(-1)?.height === 360, 'follows a height change');
    });
  });

  describe('configuration', () => {
    it('refuses conflicting credentials with one invalid-config', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="m"
          password-mode
          .accessToken=${makeToken()}
        ></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      await waitUntil(() => events.length > 0);
      await sleep(20);
      expect(types(events)).to.deep.equal(['error']);
      expect(el.error?.code).to.equal(ModelErrorCode.InvalidConfig);
      expect(el.error?.message).to.include('access-token and password-mode');
    });

    it('refuses no credentials at all', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m"></model-viewer-embed>`,
      );
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.InvalidConfig);
    });

    it('refuses an api-key attribute, pointing to token-url, and never uses the key', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="m"
          api-key="SUPER-SECRET-KEY"
          .accessToken=${makeToken()}
        ></model-viewer-embed>`,
      );
      const event = await oneEvent(el, 'error');
      expect(errorCode(event)).to.equal(ModelErrorCode.InvalidConfig);
      expect(event.detail.message).to.include('token-url');
      expect(JSON.stringify(event.detail)).not.to.include('SUPER-SECRET-KEY');
      expect(sdk.loads).to.have.length(0);
      const next = sdk.nextLoad();
      el.removeAttribute('api-key');
      (await next).loaded();
      await oneEvent(el, 'loaded');
    });

    // Each spelling once was refused when present at the first load but not observed, so adding it later did nothing.
    for (const name of ['account-key', 'api_secret', 'client_secret', 'api-key']) {
      it(`stops a loaded model when a ${name} attribute is added, and loads again when it is removed`, async () => {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
        );
        const loaded = oneEvent(el, 'loaded');
        (await sdk.nextLoad(0)).loaded();
        await loaded;
        const refused = oneEvent(el, 'error');
        el.setAttribute(name, 'SUPER-SECRET-KEY');
        await el.updateComplete;
        expect(el.status, 'the attribute ended the loaded state').not.to.equal(ModelStatus.Loaded);
        const event = await refused;
        expect(errorCode(event)).to.equal(ModelErrorCode.InvalidConfig);
        expect(event.detail.message).to.include(name);
        expect(JSON.stringify(event.detail)).not.to.include('SUPER-SECRET-KEY');
        expect(el.viewer).to.equal(null);
        const next = sdk.nextLoad();
        el.removeAttribute(name);
        (await next).loaded();
        await oneEvent(el, 'loaded');
      });
    }

    it('refuses a model id that would change the SDK request path', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="../admin" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.InvalidConfig);
    });

    for (const value of ['abc', '-5', '1.5', '1e3']) {
      it(`refuses timeout="${value}" with one invalid-config naming timeout, before loading anything`, async () => {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed
            model-id="m"
            timeout=${value}
            .accessToken=${makeToken()}
          ></model-viewer-embed>`,
        );
        const events = recordEvents(el);
        await waitUntil(() => events.length > 0, 'an event');
        await sleep(20);
        expect(types(events)).to.deep.equal(['error']);
        expect(el.error?.code).to.equal(ModelErrorCode.InvalidConfig);
        expect(el.error?.message).to.match(/^timeout must be a whole number/);
        expect(sdk.loads).to.have.length(0);
      });
    }

    it('treats an empty timeout attribute as unset, like the URL attributes', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" timeout="" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      expect(el.timeout).to.equal(null);
      (await sdk.nextLoad(0)).loaded();
      await oneEvent(el, 'loaded');
    });

    it('refuses a token whose channelId would leave /channels/, before loading the SDK', async () => {
      // Eight fixtures stack down the page: eager, so the ones below the fold load too.
      for (const channelId of ['..', '.', '', 'a/b', 'a?b', 'a#b', 'a%2e', 'a b']) {
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed
            loading="eager"
            model-id="small-office"
            .accessToken=${makeToken({ channelId })}
          ></model-viewer-embed>`,
        );
        const event = await oneEvent(el, 'error');
        expect(errorCode(event), JSON.stringify(channelId)).to.equal(ModelErrorCode.InvalidConfig);
        expect(event.detail.message).to.include('channelId');
      }
      expect(sdk.loads).to.have.length(0);
    });

    it('maps an HTTP 431 or 400 the SDK reports to invalid-config, not viewer', async () => {
      for (const status of [431, 400]) {
        // Armed before the element exists: its load may reach the SDK before `fixture` returns.
        const next = sdk.nextLoad();
        const el = await fixture<ModelViewerEmbed>(
          html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
        );
        const error = oneEvent(el, 'error');
        (await next).failMetadata(status);
        expect(errorCode(await error), String(status)).to.equal(ModelErrorCode.InvalidConfig);
        expect(el.error?.message).to.include(`HTTP ${status}`);
      }
    });

    it('uses ModelViewerEmbed.configure() for page-wide defaults', async () => {
      ModelViewerEmbed.configure({ baseUrl: '/configured/rest' });
      await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      expect((await sdk.nextLoad(0)).request.baseUrl).to.equal('/configured/rest');
    });

    it('defining twice does not throw', async () => {
      await import('../../src/define.js');
      expect(customElements.get('model-viewer-embed')).to.equal(ModelViewerEmbed);
    });
  });

  describe('password mode', () => {
    it('loads a model shared without a password with no prompt', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="open-pavilion" password-mode></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      expect(load.request.password).to.equal('');
      expect(load.request.accessToken).to.equal(undefined);
      load.loaded();
      await oneEvent(el, 'loaded');
      expect(sdk.lastViewer!.dialogs).to.have.length(0);
    });

    it('asks after a 401, loads with the typed password, and says so when it was wrong', async () => {
      const console = captureConsole();
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="protected-house" password-mode></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      (await sdk.nextLoad(0)).failToken(401);
      let field = await openPasswordField(el);
      await waitUntil(() => document.activeElement === field, 'focus in the field');
      expect(el.querySelector('.modal.open [role="alert"]')).to.equal(null);
      field.value = 'wrong-password-1';
      field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      const second = await sdk.nextLoad(1);
      expect(second.request.password).to.equal('wrong-password-1');
      expect(second.viewer, 'same viewer: a refused attempt adds nothing').to.equal(sdk.loads[0]!.viewer);
      second.failToken(401);
      await waitUntil(() => el.querySelector('.modal.open [role="alert"]') !== null, 'wrong-password line');
      field = await openPasswordField(el);
      field.value = 'right-password-2';
      clickDialogButton(el, 'ok');
      const third = await sdk.nextLoad(2);
      expect(third.request.password).to.equal('right-password-2');
      third.loaded();
      await oneEvent(el, 'loaded');
      console.stop();
      expect(types(terminal(events))).to.deep.equal(['loaded']);
      expect(
        sdk.configObjects.every((config) => config.password === undefined),
        'no password left in the SDK',
      ).to.equal(true);
      expect(findSecrets(el, events, console.lines, ['wrong-password-1', 'right-password-2'])).to.deep.equal(
        [],
      );
    });

    it('stops the SDK when the token it got for the password has a channelId outside the id rule', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="protected-house"
          password-mode
          .password=${'from-page-ui'}
        ></model-viewer-embed>`,
      );
      const error = oneEvent(el, 'error');
      const load = await sdk.nextLoad(0);
      expect(
        load.issueToken(makeToken({ channelId: '..' })),
        'the SDK would go on to /channels/../',
      ).to.equal(false);
      expect(errorCode(await error)).to.equal(ModelErrorCode.InvalidConfig);
      expect(el.error?.message).to.include('channelId');
      expect(sdk.configObjects[0]!.channelId).to.equal(undefined);
      const next = sdk.nextLoad();
      el.reload();
      expect((await next).issueToken(makeToken({ channelId: 'demo-channel' }))).to.equal(true);
    });

    it(`asks again, without sending it, for a typed password longer than ${MAX_PASSWORD_LENGTH} characters`, async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="protected-house" password-mode></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).failToken(401);
      let field = await openPasswordField(el);
      field.value = 'p'.repeat(10_000);
      clickDialogButton(el, 'ok');
      await waitUntil(() => el.querySelector('.modal.open [role="alert"]') !== null, 'asked again');
      expect(sdk.loads).to.have.length(1);
      field = await openPasswordField(el);
      field.value = 'right-password';
      clickDialogButton(el, 'ok');
      const second = await sdk.nextLoad(1);
      expect(second.request.password).to.equal('right-password');
    });

    it(`refuses a password property longer than ${MAX_PASSWORD_LENGTH} characters with invalid-config`, async () => {
      const long = 'p'.repeat(10_000);
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="protected-house"
          password-mode
          .password=${long}
        ></model-viewer-embed>`,
      );
      const event = await oneEvent(el, 'error');
      expect(errorCode(event)).to.equal(ModelErrorCode.InvalidConfig);
      expect(event.detail.message).to.include(String(MAX_PASSWORD_LENGTH));
      expect(JSON.stringify(event.detail)).not.to.include('pppp');
      expect(sdk.loads).to.have.length(0);
    });

    it('ends with password-cancelled on Cancel, and reload() asks again', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="protected-house" password-mode></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).failToken(401);
      await openPasswordField(el);
      const error = oneEvent(el, 'error');
      clickDialogButton(el, 'cancel');
      expect(errorCode(await error)).to.equal(ModelErrorCode.PasswordCancelled);
      const next = sdk.nextLoad();
      el.reload();
      (await next).failToken(401);
      await openPasswordField(el);
      clickDialogButton(el, 'cancel');
      await oneEvent(el, 'error');
    });

    it('uses the password property first', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed
          model-id="protected-house"
          password-mode
          .password=${'from-page-ui'}
        ></model-viewer-embed>`,
      );
      const load = await sdk.nextLoad(0);
      expect(load.request.password).to.equal('from-page-ui');
      load.loaded();
      await oneEvent(el, 'loaded');
      expect(el.outerHTML).not.to.include('from-page-ui');
    });

    it('reports 429 on the password step as rate-limited', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="p" password-mode></model-viewer-embed>`,
      );
      (await sdk.nextLoad(0)).failToken(429);
      expect(errorCode(await oneEvent(el, 'error'))).to.equal(ModelErrorCode.RateLimited);
    });

    it('two password-mode elements prompt one at a time, each in its own viewer', async () => {
      const parent = await fixture<HTMLDivElement>(
        html`<div>
          <model-viewer-embed id="a" model-id="model-a" password-mode></model-viewer-embed>
          <model-viewer-embed id="b" model-id="model-b" password-mode></model-viewer-embed>
        </div>`,
      );
      const a = parent.querySelector<ModelViewerEmbed>('#a')!;
      const b = parent.querySelector<ModelViewerEmbed>('#b')!;
      await waitUntil(() => sdk.loads.length === 2);
      const [loadA, loadB] = sdk.loads as [FakeLoad, FakeLoad];
      expect(loadA.request.modelId).to.equal('model-a');
      loadA.failToken(401);
      loadB.failToken(401);
      const fieldA = await openPasswordField(a);
      await sleep(100);
      expect(b.querySelector('.modal.open'), 'B waits').to.equal(null);
      expect(a.querySelector('.modal.open')!.textContent).to.include('model-a');
      fieldA.value = 'password-a';
      clickDialogButton(a, 'ok');
      const fieldB = await openPasswordField(b);
      expect(b.querySelector('.modal.open')!.textContent).to.include('model-b');
      expect(a.querySelector('.modal')!.textContent).not.to.include('model-b');
      fieldB.value = 'password-b';
      clickDialogButton(b, 'ok');
      await waitUntil(() => sdk.loads.length === 4);
      const byModel = Object.fromEntries(sdk.loads.slice(2).map((load) => [load.request.modelId, load]));
      expect(byModel['model-a']!.request.password).to.equal('password-a');
      expect(byModel['model-b']!.request.password).to.equal('password-b');
      expect(byModel['model-a']!.viewer).to.equal(loadA.viewer);
      expect(byModel['model-b']!.viewer).to.equal(loadB.viewer);
    });
  });

  describe('secrets', () => {
    it('consumes the access-token attribute and keeps the token out of events, DOM and console', async () => {
      const console = captureConsole();
      const token = makeToken({ channelId: 'secret-channel' });
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" access-token=${token}></model-viewer-embed>`,
      );
      const events = recordEvents(el);
      expect(el.hasAttribute('access-token')).to.equal(false);
      expect(el.accessToken).to.equal(token);
      (await sdk.nextLoad(0)).failMetadata(401);
      await oneEvent(el, 'error');
      console.stop();
      expect(findSecrets(el, events, console.lines, [token])).to.deep.equal([]);
    });
  });

  describe('accessibility', () => {
    it('is accessible while loading, loaded and in error, with a live status', async () => {
      const el = await fixture<ModelViewerEmbed>(
        html`<model-viewer-embed model-id="m" .accessToken=${makeToken()}></model-viewer-embed>`,
      );
      const status = el.shadowRoot!.querySelector('[role="status"]')!;
      expect(status.textContent).to.match(/Loading/);
      await expect(el).to.be.accessible();
      const load = await sdk.nextLoad(0);
      load.progress('50');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).to.equal(
        '45',
      );
      load.loaded();
      await oneEvent(el, 'loaded');
      await el.updateComplete;
      expect(status.textContent).to.match(/loaded/);
      await expect(el).to.be.accessible();
      el.accessToken = 'broken';
      await oneEvent(el, 'error');
      await el.updateComplete;
      expect(status.textContent).to.match(/could not be loaded/);
      await expect(el).to.be.accessible();
    });

    it('is accessible while idle', async () => {
      const el = await fixture<ModelViewerEmbed>(html`<model-viewer-embed></model-viewer-embed>`);
      await expect(el).to.be.accessible();
    });
  });
});
