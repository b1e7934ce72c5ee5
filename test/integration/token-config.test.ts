/**
 * Credentials the element refuses, with the REAL SDK and the local platform: an API key or account name as an
 * attribute (refused, and the key is never sent anywhere), and conflicting credential settings (one
 * `invalid-config`, no request). Plus the secrets rule: a token never shows up in an attribute, an event,
 * `outerHTML` or the console.
 */
import {
  TOKEN_ROUTE,
  blobRequestsSince,
  embed,
  expectError,
  expectLoaded,
  expectNoSecrets,
  freshPage,
  mintToken,
  outcome,
  platformStats,
  requestMark,
  requestsCarrying,
  requestsSince,
  scriptedProvider,
  settledRequests,
  terminalTypesAfter,
  tokenRouteRequests,
  type EmbedOptions,
} from './support.js';
import { expect, fixtureCleanup } from '@open-wc/testing';

/**
 * The local platform's LOCAL-ONLY demo credentials (demo/platform/README.md, "Demo account (LOCAL-ONLY)"): they really open every model of the
 * demo channel, so an element that used them would load, and the platform's stats would show it.
 */
const DEMO_ACCOUNT_NAME = 'demo-account';
const DEMO_API_KEY = 'local-demo-api-key';

describe('credential attributes and conflicting settings', function () {
  this.timeout(90_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  /** Asserts that no request of this page, ever, carried the demo API key (or its Basic credential). */
  async function expectKeyNeverSent(): Promise<void> {
    const requests = await settledRequests();
    expect(requests.length, 'the recorder sees the page’s requests').to.be.greaterThan(0);
    expect(requestsCarrying(requests, DEMO_API_KEY), 'requests carrying the API key').to.deep.equal([]);
    expect(
      requestsCarrying(requests, btoa(`${DEMO_ACCOUNT_NAME}:${DEMO_API_KEY}`)),
      'Basic credentials',
    ).to.deep.equal([]);
  }

  it('(the request recorder finds a value in a URL, a header, a body, Basic credentials, XHR and resources)', async () => {
    const marker = `recorder-self-check-${Math.random().toString(36).slice(2)}`;
    const mark = requestMark();
    await fetch(`/__platform/stats?q=${encodeURIComponent(marker)}`);
    await fetch('/__platform/stats', { headers: { 'x-check': marker } });
    await fetch(new Request('/__platform/faults', { method: 'POST', body: JSON.stringify({ marker }) }));
    await fetch('/__platform/stats', { headers: { authorization: `Basic ${btoa(`someone:${marker}`)}` } });
    await new Promise<void>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', '/__platform/faults');
      xhr.onloadend = () => resolve();
      xhr.send(JSON.stringify({ marker }));
    });
    const image = new Image();
    await new Promise((resolve) => {
      image.onload = image.onerror = resolve;
      image.src = `/no-such-image.png?${marker}`;
    });
    expect(requestsCarrying(await settledRequests(), marker)).to.include.members([
      'fetch GET /__platform/stats (url)',
      'fetch GET /__platform/stats (headers)',
      'fetch POST /__platform/faults (body)',
      'xhr POST /__platform/faults (body)',
      'resource  /no-such-image.png (url)',
    ]);
    expect(
      requestsCarrying(requestsSince(mark), marker),
      'the header and the Basic credential',
    ).to.have.length(5);
  });

  const refused: { attributes: Record<string, string>; tokenUrl?: string; named: string[] }[] = [
    { attributes: { 'api-key': DEMO_API_KEY }, named: ['api-key'] },
    { attributes: { apikey: DEMO_API_KEY }, tokenUrl: TOKEN_ROUTE, named: ['apikey'] },
    { attributes: { 'account-name': DEMO_ACCOUNT_NAME }, tokenUrl: TOKEN_ROUTE, named: ['account-name'] },
    {
      attributes: { 'account-name': DEMO_ACCOUNT_NAME, 'api-key': DEMO_API_KEY },
      tokenUrl: TOKEN_ROUTE,
      named: ['account-name', 'api-key'],
    },
  ];
  for (const { attributes, tokenUrl, named } of refused) {
    const what = `${Object.keys(attributes).join(' + ')}${tokenUrl ? ' + token-url' : ''}`;
    it(`${what}: one invalid-config pointing to token-url, and the key is never sent`, async () => {
      const mark = requestMark();
      const embedded = await embed({
        modelId: 'small-office',
        attributes,
        ...(tokenUrl ? { tokenUrl } : {}),
      });
      const result = await outcome(embedded, 20_000);
      expectError(result, 'invalid-config');
      expect(result.message).to.include('token-url');
      for (const name of named) expect(result.message).to.include(name);
      expect(result.message).not.to.include(DEMO_API_KEY);
      expect(await terminalTypesAfter(embedded.events, 500)).to.deep.equal(['error']);

      // Not even the page's own token route was asked: the element refuses before any request.
      expect(requestsSince(mark).map((request) => new URL(request.url).pathname)).to.deep.equal([]);
      expect(await tokenRouteRequests(), 'token route requests').to.equal(0);
      const stats = await platformStats();
      expect([stats.token, stats.blob, stats.tokenUsers], 'platform token and blob requests').to.deep.equal([
        0,
        0,
        [],
      ]);
      expect(embedded.el.querySelector('canvas')).to.equal(null);
      await expectKeyNeverSent();
    });
  }

  it('loads through token-url once the api-key attribute is removed, still without sending the key', async () => {
    const embedded = await embed({
      modelId: 'small-office',
      attributes: { 'api-key': DEMO_API_KEY },
      tokenUrl: TOKEN_ROUTE,
    });
    expectError(await outcome(embedded, 20_000), 'invalid-config');
    embedded.events.length = 0;
    embedded.el.removeAttribute('api-key');
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(await tokenRouteRequests()).to.equal(1);
    // The only upstream token request is the route's own, the password flow for small-office, made on the
    // server: never the account's name.
    expect((await platformStats()).tokenUsers.every((user) => user === 'small-office')).to.equal(true);
    await expectKeyNeverSent();
  });

  const conflicts: { name: string; options: () => Promise<Partial<EmbedOptions>>; named: RegExp }[] = [
    {
      name: 'access-token + token-url',
      options: async () => ({
        attributes: { 'access-token': await mintToken({ modelId: 'small-office' }) },
        tokenUrl: TOKEN_ROUTE,
      }),
      named: /access-token and token-url/,
    },
    {
      name: 'token-url + password-mode',
      options: async () => ({ tokenUrl: TOKEN_ROUTE, passwordMode: true }),
      named: /token-url and password-mode/,
    },
    {
      name: 'token-url + tokenProvider',
      options: async () => ({ tokenUrl: TOKEN_ROUTE, tokenProvider: scriptedProvider([() => mintToken()]) }),
      named: /token-url and tokenProvider/,
    },
    {
      name: 'access-token + password-mode',
      options: async () => ({
        accessToken: await mintToken({ modelId: 'small-office' }),
        passwordMode: true,
      }),
      named: /access-token and password-mode/,
    },
    {
      name: 'tokenProvider + password-mode',
      options: async () => ({ tokenProvider: scriptedProvider([() => mintToken()]), passwordMode: true }),
      named: /tokenProvider and password-mode/,
    },
    {
      name: 'the password property without password-mode (with token-url)',
      options: async () => ({ tokenUrl: TOKEN_ROUTE, password: 'local-demo-password' }),
      named: /password-mode/,
    },
  ];
  for (const { name, options, named } of conflicts) {
    it(`${name}: exactly one invalid-config naming the conflict, and no request`, async () => {
      const embedOptions = await options();
      const secrets = [embedOptions.accessToken ?? embedOptions.attributes?.['access-token']].filter(
        (token): token is string => !!token,
      );
      const mark = requestMark();
      const embedded = await embed({ modelId: 'small-office', ...embedOptions });
      const result = await outcome(embedded, 20_000);
      expectError(result, 'invalid-config');
      expect(result.message).to.match(named);
      expect(await terminalTypesAfter(embedded.events, 500)).to.deep.equal(['error']);
      expect(requestsSince(mark), 'requests made').to.deep.equal([]);
      expect(await tokenRouteRequests()).to.equal(0);
      const stats = await platformStats();
      expect([stats.token, stats.blob]).to.deep.equal([0, 0]);
      const provider = embedOptions.tokenProvider as ReturnType<typeof scriptedProvider> | undefined;
      if (provider) expect(provider.calls, 'tokenProvider calls').to.equal(0);
      if (secrets.length > 0) expectNoSecrets(secrets);
    });
  }
});

describe('secrets with the real SDK', function () {
  this.timeout(90_000);

  beforeEach(freshPage);
  afterEach(() => fixtureCleanup());

  it('a token from the access-token attribute is consumed: never in an attribute, outerHTML, event or console', async () => {
    const token = await mintToken({ modelId: 'small-office' });
    const embedded = await embed({ modelId: 'small-office', attributes: { 'access-token': token } });
    expect(embedded.el.hasAttribute('access-token'), 'the attribute is removed once read').to.equal(false);
    expectLoaded(await outcome(embedded));
    expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['loaded']);
    expect(embedded.el.accessToken, 'the property keeps it').to.equal(token);
    expectNoSecrets([token]);
  });

  it('tokens from token-url and tokenProvider, and a refused one, never show up either', async () => {
    const mark = requestMark();
    const viaUrl = await embed({ modelId: 'small-office', tokenUrl: TOKEN_ROUTE });
    const provider = scriptedProvider([() => mintToken({ modelId: 'small-office' })]);
    const viaProvider = await embed({ modelId: 'small-office', tokenProvider: provider });
    const expired = await mintToken({ modelId: 'small-office', expiresIn: -60 });
    const refused = await embed({ modelId: 'small-office', accessToken: expired });
    expectLoaded(await outcome(viaUrl));
    expectLoaded(await outcome(viaProvider));
    expectError(await outcome(refused), 'token-expired');
    const sent = blobRequestsSince(mark).map(({ token }) => token!);
    expect(sent.length, 'the two loads sent their tokens to bimU.io').to.equal(2);
    expectNoSecrets([...new Set([...sent, ...provider.tokens, expired])]);
  });
});
