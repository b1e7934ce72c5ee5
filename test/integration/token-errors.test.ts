/**
 * A broken token endpoint ends the load with one `error` whose code says what went wrong and whose message
 * never repeats the response body or a token (docs/authentication.md, "In the browser").
 *
 * Where the test server really answers that way, the element talks to it over HTTP: a closed port, a
 * cross-site endpoint without CORS, unknown paths (404), GET-only routes (405), the platform's own
 * `POST /token` without credentials (401, also cross-origin), a JSON body without `token`. (A model id the
 * demo route would refuse never reaches it: the element applies the same id rule first.) The test server has no route that answers 403, 500, HTML with 200, or a `token` that
 * is not a JWT to a POST, so those few answers come from a stub of `window.fetch` for one made-up path only;
 * everything after `fetch` — the element, token-source, error mapping, redaction — is the real code.
 */
import {
  blobRequestsSince,
  crossOrigin,
  crossSiteTokenRoute,
  embed,
  expectError,
  expectNoSecrets,
  freshPage,
  outcome,
  requestMark,
  requestsSince,
  stubFetchPath,
  terminalTypesAfter,
  tokenRouteRequests,
} from './support.js';
import { expect, fixtureCleanup } from '@open-wc/testing';

/** Something a back-end might put in an error body; it must never reach the page's events or console. */
const SECRET_IN_BODY = 'stack-trace-with-db-password-7f3a9c1e';

/** The stubbed endpoint: `${STUB_PATH}?answer=<name>`. */
const STUB_PATH = '/__token-fault-stub__';
const STUBBED: Record<string, () => Response> = {
  '403': () => Response.json({ error: 'forbidden', message: SECRET_IN_BODY }, { status: 403 }),
  '500': () => new Response(`<h1>Internal Server Error</h1><pre>${SECRET_IN_BODY}</pre>`, { status: 500 }),
  '502': () => Response.json({ error: 'upstream-failed', message: SECRET_IN_BODY }, { status: 502 }),
  'html-200': () =>
    new Response(`<html><body>Sign in ${SECRET_IN_BODY}</body></html>`, {
      headers: { 'content-type': 'text/html' },
    }),
  'not-a-jwt': () => Response.json({ token: SECRET_IN_BODY, expiresIn: 3600 }),
  'jwt-without-channel': () =>
    // A JWT whose payload has no channelId: the SDK would request /channels/undefined/…
    Response.json({
      token: `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ sub: SECRET_IN_BODY })).replace(/=+$/, '')}.c2ln`,
    }),
};

/** A port on 127.0.0.1 where nothing listens, checked rather than assumed. */
async function closedPortUrl(): Promise<string> {
  for (const port of [59_999, 59_998, 49_999, 39_999]) {
    const url = `http://127.0.0.1:${port}/api/bimu-token`;
    try {
      await fetch(url, { mode: 'no-cors' });
    } catch {
      return url;
    }
  }
  throw new Error('no closed port found for the network-error case');
}

interface Case {
  name: string;
  tokenUrl: () => Promise<string> | string;
  code: string;
  /** What the message says (never the body). */
  message: RegExp;
  /** Text of the response body that must not appear in the message. */
  bodyText?: string;
}

const CASES: Case[] = [
  { name: 'a closed port', tokenUrl: closedPortUrl, code: 'network', message: /could not be reached/ },
  {
    name: 'a cross-site endpoint without CORS (the demo route on this server under its other host name)',
    tokenUrl: crossSiteTokenRoute,
    code: 'network',
    message: /could not be reached/,
  },
  {
    name: 'an unknown path (404)',
    tokenUrl: () => '/api/no-such-token-route',
    code: 'token-endpoint-failed',
    message: /HTTP 404/,
  },
  {
    name: 'a GET-only route (405)',
    tokenUrl: () => '/rest/api/v1/channels/demo-channel/models/small-office/blob',
    code: 'token-endpoint-failed',
    message: /HTTP 405/,
  },
  {
    name: "the platform's POST /token without credentials (401)",
    tokenUrl: () => '/rest/api/v1/token',
    code: 'unauthorized',
    message: /HTTP 401/,
    bodyText: 'Missing credentials',
  },
  {
    name: "another origin's POST /token without credentials (401 with CORS)",
    tokenUrl: async () => `${await crossOrigin()}/rest/api/v1/token`,
    code: 'unauthorized',
    message: /HTTP 401/,
    bodyText: 'Missing credentials',
  },
  {
    name: 'a JSON body without "token" (the platform\'s fault settings)',
    tokenUrl: () => '/__platform/faults',
    code: 'token-endpoint-failed',
    message: /without a "token"/,
    bodyText: 'latencyMs',
  },
  {
    name: 'a 403 (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=403`,
    code: 'forbidden',
    message: /HTTP 403/,
  },
  {
    name: 'a 500 with an HTML error page (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=500`,
    code: 'token-endpoint-failed',
    message: /HTTP 500/,
  },
  {
    name: 'a 502 (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=502`,
    code: 'token-endpoint-failed',
    message: /HTTP 502/,
  },
  {
    name: 'an HTML page with 200 (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=html-200`,
    code: 'token-endpoint-failed',
    message: /JSON/,
  },
  {
    name: 'a token that is not a JWT (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=not-a-jwt`,
    code: 'token-endpoint-failed',
    message: /not a JWT/,
  },
  {
    name: 'a JWT without channelId (stubbed)',
    tokenUrl: () => `${STUB_PATH}?answer=jwt-without-channel`,
    code: 'token-endpoint-failed',
    message: /channelId/,
  },
];

describe('a broken token endpoint', function () {
  this.timeout(60_000);

  let uninstall: () => void;
  beforeEach(async () => {
    await freshPage();
    uninstall = stubFetchPath(STUB_PATH, (url) => STUBBED[url.searchParams.get('answer') ?? '']!());
  });
  afterEach(() => {
    uninstall();
    fixtureCleanup();
  });

  for (const testCase of CASES) {
    it(`${testCase.name} → ${testCase.code}`, async () => {
      const tokenUrl = await testCase.tokenUrl();
      const mark = requestMark();
      const embedded = await embed({ modelId: 'small-office', tokenUrl });
      const result = await outcome(embedded, 20_000);
      expectError(result, testCase.code);
      expect(result.message).to.match(testCase.message);
      if (testCase.bodyText)
        expect(result.message, 'the message quotes the response body').not.to.include(testCase.bodyText);
      expect(result.message).not.to.include(SECRET_IN_BODY);
      expect(result.message, 'no token in the message').not.to.match(/eyJ/);
      expect(embedded.el.error?.code).to.equal(testCase.code);
      expect(await terminalTypesAfter(embedded.events)).to.deep.equal(['error']);
      expect(embedded.el.status).to.equal('error');
      // One request to the endpoint (a failure is not retried by itself), and nothing reached bimU.io.
      const absolute = new URL(tokenUrl, location.href).href;
      expect(
        requestsSince(mark)
          .filter((request) => request.url === absolute)
          .map((request) => request.method),
      ).to.deep.equal(['POST']);
      expect(blobRequestsSince(mark)).to.deep.equal([]);
      expect(embedded.el.querySelector('canvas'), 'no viewer was created').to.equal(null);
      expectNoSecrets([SECRET_IN_BODY]);
    });
  }

  it('the cross-site endpoint was only asked for a CORS preflight: the POST itself never left the page', async () => {
    const embedded = await embed({ modelId: 'small-office', tokenUrl: crossSiteTokenRoute() });
    expectError(await outcome(embedded, 20_000), 'network');
    // The preflight (OPTIONS) reached the route and was refused; the browser then withheld the POST.
    expect(await tokenRouteRequests()).to.equal(1);
  });
});
