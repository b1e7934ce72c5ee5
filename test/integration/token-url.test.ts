/**
 * `token-url` with the REAL SDK: the element asks the page's own back-end (the demo's `POST /api/bimu-token`,
 * `createTokenHandler` in model scope with the LOCAL-ONLY model passwords) for a token, and every element of the
 * page that uses the same URL and model shares one request.
 */
import {
  TOKEN_ROUTE,
  blobRequestsSince,
  embed,
  expectLoaded,
  expectNoSecrets,
  freshPage,
  outcome,
  platformStats,
  requestMark,
  requestsSince,
  terminalTypesAfter,
  tokenRouteRequests,
  type Embed,
} from './support.js';
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';

describe('token-url with the real SDK', function () {
  this.timeout(120_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  it('loads small-office from token-url="/api/bimu-token": one token request, exactly one loaded', async () => {
    const mark = requestMark();
    const embedded = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE });
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(embedded.el.status).to.equal('loaded');

    const tokenRequests = requestsSince(mark).filter(
      (request) => new URL(request.url).pathname === TOKEN_ROUTE,
    );
    expect(tokenRequests.map((request) => [request.via, request.method, request.body])).to.deep.equal([
      ['fetch', 'POST', JSON.stringify({ modelId: 'small-office' })],
    ]);
    expect(await tokenRouteRequests()).to.equal(1);
    const stats = await platformStats();
    // The route trades small-office's password for a model token upstream (the password flow), on the server,
    // and caches it for the whole test run: at most one upstream request, made with the model's id as the
    // Basic username, never with the account's.
    expect(stats.token, 'upstream token requests').to.be.at.most(1);
    expect(
      stats.tokenUsers.every((user) => user === 'small-office'),
      'upstream token users',
    ).to.equal(true);
    expect(stats.blob, 'one model request, no 401 retry').to.equal(1);

    const [blob] = blobRequestsSince(mark);
    expect(blob?.token, 'the SDK was given a JWT').to.match(/^eyJ/);
    expectNoSecrets([blob!.token!]);
  });

  it('twenty elements with the same model and token-url make ONE token request, and all twenty load', async function () {
    this.timeout(180_000);
    const COUNT = 20;
    // Twenty real viewers, each with its own WebGL context. Browsers keep about sixteen contexts per page and
    // take the oldest away beyond that; the SDK renders every viewer on every frame, even when nothing moves.
    // With software GL (SwiftShader, Mesa llvmpipe) on two cores, twenty 320×300 viewers need minutes per
    // engine (Chromium: ~80 s to load and ~150 s to remove them, most of it inside WEBGL_lose_context); at
    // 40×40 they load in seconds. The element still builds twenty full viewers: only the pixel count drops.
    const style = 'display: inline-block; width: 40px; height: 40px; min-width: 0; min-height: 0';
    const lost: EventTarget[] = [];
    const onLost = (event: Event) => lost.push(event.target!);
    window.addEventListener('webglcontextlost', onLost, true);
    const windowErrors: string[] = [];
    const onError = (event: ErrorEvent) => windowErrors.push(event.message);
    window.addEventListener('error', onError);
    const parent = await fixture<HTMLDivElement>(html`<div></div>`);
    const mark = requestMark();
    const started = performance.now();
    const embeds: Embed[] = [];
    for (let i = 0; i < COUNT; i++) {
      embeds.push(
        await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE, parent, style, timeout: 120_000 }),
      );
    }
    const results = await Promise.all(embeds.map((embedded) => outcome(embedded, 150_000)));
    const loadMs = Math.round(performance.now() - started);
    await terminalTypesAfter([], 500);

    const loaded = results.filter((result) => result.type === 'loaded').length;
    const errors = results.flatMap((result) =>
      result.type === 'error' ? [`${result.code}: ${result.message}`] : [],
    );
    const contexts = embeds.map(({ el }) => {
      const gl = el.querySelector('canvas')?.getContext('webgl');
      return gl ? (gl.isContextLost() ? 'lost' : 'live') : 'none';
    });
    const count = (state: string) => contexts.filter((value) => value === state).length;
    const removeStarted = performance.now();
    fixtureCleanup();
    const removeMs = Math.round(performance.now() - removeStarted);
    window.removeEventListener('webglcontextlost', onLost, true);
    window.removeEventListener('error', onError);
    const report =
      `${COUNT} token-url elements: ${loaded} loaded, ${errors.length} errors, loaded in ${loadMs} ms, removed in ` +
      `${removeMs} ms; WebGL contexts: ${count('live')} live, ${count('lost')} lost, ${count('none')} none ` +
      `(${lost.length} webglcontextlost events before removal); ${windowErrors.length} uncaught errors`;
    console.log(report);

    expect(await tokenRouteRequests(), 'token route requests').to.equal(1);
    const fromPage = requestsSince(mark).filter((request) => new URL(request.url).pathname === TOKEN_ROUTE);
    expect(fromPage, 'token requests the page made').to.have.length(1);
    expect(
      (await platformStats()).token,
      'upstream token requests (the route caches its token)',
    ).to.be.at.most(1);
    expect(errors, report).to.deep.equal([]);
    expect(loaded, report).to.equal(COUNT);
    for (const { events } of embeds) expect(await terminalTypesAfter(events, 0)).to.deep.equal(['loaded']);
    // A context the browser takes away must leave the viewer blank, not throw on every frame.
    expect(windowErrors, report).to.deep.equal([]);
  });
});
