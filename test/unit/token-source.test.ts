import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import {
  clearTokenCache,
  obtainToken,
  TOKEN_REFRESH_MARGIN_MS,
  TokenSourceError,
  type TokenProvider,
  type TokenProviderResult,
  type TokenRequest,
} from '../../src/internal/token-source.js';
import { makeToken } from '../helpers/tokens.js';

const SECRET = 'server-side-secret-0123456789';

interface FetchCall {
  url: string;
  init: RequestInit;
  body: Record<string, unknown>;
}

/** Stubs `window.fetch`; `answer` builds each response (or throws for a network error). */
function stubFetch(answer: (call: FetchCall, index: number) => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const stub = sinon
    .stub(window, 'fetch')
    .callsFake(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const call: FetchCall = {
        url: String(input),
        init,
        body: JSON.parse(String(init.body)) as Record<string, unknown>,
      };
      calls.push(call);
      return answer(call, calls.length - 1);
    });
  return { stub, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const request = (overrides: Partial<TokenRequest> = {}): TokenRequest => ({
  modelId: 'model-1',
  tokenUrl: '/api/bimu-token',
  signal: new AbortController().signal,
  ...overrides,
});

/** The rejection of `promise`, which must be a TokenSourceError. */
async function failure(promise: Promise<unknown>): Promise<TokenSourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(TokenSourceError);
    return error as TokenSourceError;
  }
  throw new Error('expected a rejection');
}

/** Resolves when `count` fetches have started: lets the test hold the endpoint's answer. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('obtainToken', () => {
  beforeEach(() => clearTokenCache());
  afterEach(() => {
    sinon.restore();
    clearTokenCache();
  });

  describe('configuration', () => {
    it('refuses neither or both sources, an empty model id and non-http URLs with invalid-config', async () => {
      const fetchStub = stubFetch(() => json({ token: makeToken() }));
      const provider: TokenProvider = async () => makeToken();
      const cases: TokenRequest[] = [
        request({ tokenUrl: undefined }),
        request({ tokenUrl: '   ' }),
        request({ tokenProvider: provider }),
        request({ modelId: '' }),
        request({ tokenUrl: 'javascript:alert(1)' }),
        request({ tokenUrl: 'data:application/json,{}' }),
        request({ tokenUrl: undefined, tokenProvider: 'not a function' as unknown as TokenProvider }),
      ];
      for (const config of cases) {
        expect((await failure(obtainToken(config))).code, JSON.stringify(config)).to.equal('invalid-config');
      }
      expect(fetchStub.calls).to.have.length(0);
    });
  });

  describe('token-url', () => {
    it('POSTs {modelId} as JSON with same-origin credentials and returns the token with its expiry', async () => {
      const token = makeToken({ exp: Math.floor(Date.now() / 1000) + 7200 });
      const { calls } = stubFetch(() => json({ token, expiresIn: 600 }));
      const before = Date.now();
      const result = await obtainToken(request());
      expect(result.token).to.equal(token);
      // `expiresIn` wins over `exp`: it is relative, so a wrong visitor clock does not matter.
      expect(result.expiresAt).to.be.within(before + 600_000, Date.now() + 600_000);
      expect(calls).to.have.length(1);
      const [call] = calls;
      expect(call!.url).to.equal(new URL('/api/bimu-token', document.baseURI).href);
      expect(call!.init.method).to.equal('POST');
      expect(call!.init.credentials).to.equal('same-origin');
      expect(new Headers(call!.init.headers).get('content-type')).to.equal('application/json');
      expect(call!.body).to.deep.equal({ modelId: 'model-1' });
      expect(call!.init.signal).to.be.instanceOf(AbortSignal);
    });

    it("falls back to the JWT's exp without expiresIn", async () => {
      const exp = Math.floor(Date.now() / 1000) + 3600;
      stubFetch(() => json({ token: makeToken({ exp }) }));
      expect((await obtainToken(request())).expiresAt).to.equal(exp * 1000);
    });

    it('shares one request among twenty concurrent callers, and caches the token', async () => {
      const held = gate();
      const token = makeToken();
      const { calls } = stubFetch(async () => {
        await held.opened;
        return json({ token, expiresIn: 3600 });
      });
      const pending = Array.from({ length: 20 }, () => obtainToken(request()));
      held.open();
      const results = await Promise.all(pending);
      expect(calls).to.have.length(1);
      expect(new Set(results.map((r) => r.token))).to.deep.equal(new Set([token]));

      // Later callers, with the URL written absolutely, reuse the cached token.
      await obtainToken(request({ tokenUrl: new URL('/api/bimu-token', location.href).href }));
      await obtainToken(request());
      expect(calls).to.have.length(1);
    });

    it('keeps separate tokens per model and per URL', async () => {
      const { calls } = stubFetch(() => json({ token: makeToken(), expiresIn: 3600 }));
      await obtainToken(request({ modelId: 'a' }));
      await obtainToken(request({ modelId: 'b' }));
      await obtainToken(request({ modelId: 'a', tokenUrl: '/other/token' }));
      await obtainToken(request({ modelId: 'a' }));
      expect(calls.map((c) => [new URL(c.url).pathname, c.body.modelId])).to.deep.equal([
        ['/api/bimu-token', 'a'],
        ['/api/bimu-token', 'b'],
        ['/other/token', 'a'],
      ]);
    });

    it('refreshes a token within the margin of its expiry', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const { calls } = stubFetch(() => json({ token: makeToken(), expiresIn: 3600 }));
      const first = await obtainToken(request());
      clock.tick(3600_000 - TOKEN_REFRESH_MARGIN_MS - 1);
      expect((await obtainToken(request())).token).to.equal(first.token);
      expect(calls).to.have.length(1);
      clock.tick(1);
      await obtainToken(request());
      expect(calls).to.have.length(2);
    });

    it('still shares a short-lived token: the margin is at most half its lifetime', async () => {
      const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const { calls } = stubFetch(() => json({ token: makeToken(), expiresIn: 40 }));
      await obtainToken(request());
      clock.tick(19_999);
      await obtainToken(request());
      expect(calls).to.have.length(1);
      clock.tick(1);
      await obtainToken(request());
      expect(calls).to.have.length(2);
    });

    it('forceRefresh skips the cache, asks the server to refresh too, and replaces the cached token', async () => {
      const { calls } = stubFetch((_, index) => json({ token: makeToken({ n: index }), expiresIn: 3600 }));
      const first = await obtainToken(request());
      const forced = await obtainToken(request({ forceRefresh: true }));
      expect(forced.token).not.to.equal(first.token);
      expect(calls[1]!.body).to.deep.equal({ modelId: 'model-1', refresh: true });
      expect((await obtainToken(request())).token).to.equal(forced.token);
      expect(calls).to.have.length(2);
    });

    it('an abort of one waiter leaves the shared request to the others', async () => {
      const held = gate();
      const { calls } = stubFetch(async () => {
        await held.opened;
        return json({ token: makeToken(), expiresIn: 3600 });
      });
      const quitter = new AbortController();
      const leaving = obtainToken(request({ signal: quitter.signal }));
      const staying = Array.from({ length: 3 }, () => obtainToken(request()));
      quitter.abort();
      expect((await failure(leaving)).code).to.equal('aborted');
      expect(calls[0]!.init.signal!.aborted).to.equal(false);
      held.open();
      const results = await Promise.all(staying);
      expect(results.every((r) => r.token === results[0]!.token)).to.equal(true);
      expect(calls).to.have.length(1);
    });

    it('aborts the shared request once every waiter aborted, and the next caller starts afresh', async () => {
      const { calls } = stubFetch(
        (call) =>
          new Promise<Response>((resolve, reject) => {
            if (calls.length > 1) return resolve(json({ token: makeToken(), expiresIn: 3600 }));
            call.init.signal!.addEventListener('abort', () =>
              reject(new DOMException('Aborted', 'AbortError')),
            );
          }),
      );
      const controllers = [new AbortController(), new AbortController()];
      const waiting = controllers.map((c) => obtainToken(request({ signal: c.signal })));
      controllers[0]!.abort();
      expect(calls[0]!.init.signal!.aborted).to.equal(false);
      controllers[1]!.abort();
      expect(calls[0]!.init.signal!.aborted).to.equal(true);
      for (const promise of waiting) expect((await failure(promise)).code).to.equal('aborted');

      await obtainToken(request());
      expect(calls).to.have.length(2);
    });

    it('rejects an already aborted signal without a request', async () => {
      const { calls } = stubFetch(() => json({ token: makeToken() }));
      const controller = new AbortController();
      controller.abort();
      expect((await failure(obtainToken(request({ signal: controller.signal })))).code).to.equal('aborted');
      expect(calls).to.have.length(0);
    });

    const failures: [string, () => Response | Promise<Response>, string, number | undefined][] = [
      [
        'a network error',
        () => Promise.reject(new TypeError(`Failed to fetch ${SECRET}`)),
        'network',
        undefined,
      ],
      ['401', () => json({ error: SECRET }, 401), 'unauthorized', 401],
      ['403', () => json({ error: SECRET }, 403), 'forbidden', 403],
      ['404', () => new Response(`<h1>${SECRET}</h1>`, { status: 404 }), 'token-endpoint-failed', 404],
      ['500', () => new Response(`trace ${SECRET}`, { status: 500 }), 'token-endpoint-failed', 500],
      ['502', () => json({ error: 'upstream-failed', message: SECRET }, 502), 'token-endpoint-failed', 502],
      ['HTML', () => new Response(`<html>${SECRET}</html>`), 'token-endpoint-failed', undefined],
      ['JSON without token', () => json({ accessToken: SECRET }), 'token-endpoint-failed', undefined],
      ['a token that is not a JWT', () => json({ token: SECRET }), 'token-endpoint-failed', undefined],
    ];
    for (const [name, answer, code, status] of failures) {
      it(`fails with ${code} on ${name}, without the body or token in the message, and retries next time`, async () => {
        const { calls } = stubFetch((_, index) =>
          index === 0 ? answer() : json({ token: makeToken(), expiresIn: 3600 }),
        );
        const error = await failure(obtainToken(request()));
        expect(error.code).to.equal(code);
        expect(error.status).to.equal(status);
        expect(error.message).not.to.contain(SECRET);
        expect(error.message).not.to.match(/eyJ/);
        expect(JSON.stringify(error)).not.to.contain(SECRET);
        // A failure is not cached.
        await obtainToken(request());
        expect(calls).to.have.length(2);
      });
    }

    it('asks once more, with "refresh": true, when the token received has already expired', async () => {
      const fresh = makeToken({ n: 2 });
      const { calls } = stubFetch((_, index) =>
        index === 0
          ? json({ token: makeToken({ exp: Math.floor(Date.now() / 1000) - 10 }) })
          : json({ token: fresh, expiresIn: 3600 }),
      );
      expect((await obtainToken(request())).token).to.equal(fresh);
      expect(calls.map((call) => call.body)).to.deep.equal([
        { modelId: 'model-1' },
        { modelId: 'model-1', refresh: true },
      ]);
      // The fresh token is the one cached.
      expect((await obtainToken(request())).token).to.equal(fresh);
      expect(calls).to.have.length(2);
    });

    const expired: [string, () => Response][] = [
      [
        'an expired token',
        () => json({ token: makeToken({ exp: Math.floor(Date.now() / 1000) - 10, s: SECRET }) }),
      ],
      ['expiresIn 0', () => json({ token: makeToken({ s: SECRET }), expiresIn: 0 })],
    ];
    for (const [name, answer] of expired) {
      it(`fails with token-endpoint-failed on ${name} twice, without the token in the message, and retries next time`, async () => {
        const { calls } = stubFetch((_, index) =>
          index < 2 ? answer() : json({ token: makeToken(), expiresIn: 3600 }),
        );
        const error = await failure(obtainToken(request()));
        expect(error.code).to.equal('token-endpoint-failed');
        expect(error.message).to.match(/expired/);
        expect(error.message).not.to.match(/eyJ/);
        expect(JSON.stringify(error)).not.to.contain(SECRET);
        expect(calls).to.have.length(2);
        // A failure is not cached.
        await obtainToken(request());
        expect(calls).to.have.length(3);
      });
    }

    it('hints at a sign-in redirect', async () => {
      stubFetch(() => {
        const response = new Response('<html>login</html>');
        Object.defineProperty(response, 'redirected', { value: true });
        return response;
      });
      expect((await failure(obtainToken(request()))).message).to.match(/redirect/i);
    });
  });

  describe('tokenProvider', () => {
    it('shares one call per provider function and model among concurrent callers', async () => {
      const held = gate();
      const provider = sinon.spy(async (_modelId: string, _options: { signal: AbortSignal }) => {
        await held.opened;
        return makeToken();
      });
      const pending = Array.from({ length: 20 }, () =>
        obtainToken(request({ tokenUrl: undefined, tokenProvider: provider })),
      );
      held.open();
      await Promise.all(pending);
      expect(provider.callCount).to.equal(1);
      expect(provider.firstCall.args[0]).to.equal('model-1');
      expect(provider.firstCall.args[1].signal).to.be.instanceOf(AbortSignal);

      // Another function object is another source, even with the same code.
      const other: TokenProvider = async () => makeToken();
      const otherSpy = sinon.spy(other);
      await obtainToken(request({ tokenUrl: undefined, tokenProvider: otherSpy }));
      expect(otherSpy.callCount).to.equal(1);
      await obtainToken(request({ tokenUrl: undefined, tokenProvider: provider }));
      expect(provider.callCount).to.equal(1);
    });

    it('accepts a string, { token }, { token, expiresAt: number } and { token, expiresAt: Date }', async () => {
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const token = makeToken({ exp });
      const at = Date.now() + 120_000;
      const results = [
        await obtainToken(request({ modelId: 'a', tokenUrl: undefined, tokenProvider: async () => token })),
        await obtainToken(
          request({ modelId: 'b', tokenUrl: undefined, tokenProvider: async () => ({ token }) }),
        ),
        await obtainToken(
          request({
            modelId: 'c',
            tokenUrl: undefined,
            tokenProvider: async () => ({ token, expiresAt: at }),
          }),
        ),
        await obtainToken(
          request({
            modelId: 'd',
            tokenUrl: undefined,
            tokenProvider: async () => ({ token, expiresAt: new Date(at) }),
          }),
        ),
      ];
      expect(results.map((r) => r.expiresAt)).to.deep.equal([exp * 1000, exp * 1000, at, at]);
    });

    it('aborts the provider signal only when every waiter aborted', async () => {
      let providerSignal: AbortSignal | undefined;
      const provider: TokenProvider = (_, { signal }) => {
        providerSignal = signal;
        return new Promise(() => {});
      };
      const a = new AbortController();
      const b = new AbortController();
      const pa = obtainToken(request({ tokenUrl: undefined, tokenProvider: provider, signal: a.signal }));
      const pb = obtainToken(request({ tokenUrl: undefined, tokenProvider: provider, signal: b.signal }));
      a.abort();
      expect(providerSignal!.aborted).to.equal(false);
      b.abort();
      expect(providerSignal!.aborted).to.equal(true);
      expect((await failure(pa)).code).to.equal('aborted');
      expect((await failure(pb)).code).to.equal('aborted');
    });

    it('calls the provider once more when its token has already expired, and fails if that one has too', async () => {
      const past = Date.now() - 1000;
      const answers: TokenProviderResult[] = [
        { token: makeToken(), expiresAt: past },
        makeToken({ n: 2 }),
        makeToken({ exp: Math.floor(past / 1000) }),
        { token: makeToken(), expiresAt: new Date(past) },
      ];
      let calls = 0;
      const provider: TokenProvider = async () => answers[calls++]!;
      const viaProvider = () => obtainToken(request({ tokenUrl: undefined, tokenProvider: provider }));
      expect((await viaProvider()).token).to.equal(answers[1]);
      expect(calls).to.equal(2);
      clearTokenCache();
      expect((await failure(viaProvider())).code).to.equal('token-endpoint-failed');
      expect(calls).to.equal(4);
    });

    it('reports a failing or useless provider as token-endpoint-failed, and does not cache it', async () => {
      let calls = 0;
      const provider: TokenProvider = async () => {
        calls += 1;
        if (calls === 1) throw new Error('session expired');
        if (calls === 2) return 'not-a-jwt';
        if (calls === 3) return { token: 42 } as unknown as string;
        return makeToken();
      };
      const viaProvider = () => obtainToken(request({ tokenUrl: undefined, tokenProvider: provider }));
      const thrown = await failure(viaProvider());
      expect(thrown.code).to.equal('token-endpoint-failed');
      expect(thrown.message).to.contain('session expired');
      expect((await failure(viaProvider())).code).to.equal('token-endpoint-failed');
      expect((await failure(viaProvider())).code).to.equal('token-endpoint-failed');
      await viaProvider();
      expect(calls).to.equal(4);
    });
  });
});
