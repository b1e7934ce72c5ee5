/**
 * Bad input is refused with `invalid-config` before the SDK sends anything with it, against the real SDK and
 * the local platform (docs/errors.md, "Validation rules").
 *
 * - A token whose `channelId` claim is a dot segment or needs encoding: the SDK would put it into
 *   `/channels/{channelId}/models/…/blob` unencoded, and the browser normalises `/channels/../models/…` to
 *   `/models/…`, sending the Bearer token out of `/channels/`. Checked on every request the page made (fetch,
 *   XHR and the resource timing entries) and on the platform's counters.
 * - In password mode the SDK requests the token itself. The local platform only issues well-formed channel
 *   ids, so that one answer comes from a stub of `window.fetch` for one made-up base path; the SDK's own
 *   handling of it, and everything after, is real.
 * - A 10,000-character password (property or typed) and a 100,000-character `base-url`: refused with their
 *   documented limits instead of reaching the server as an oversized header or URL (HTTP 431/414/400).
 */
import { expect } from '@open-wc/testing';
import { waitUntil } from '../helpers/wait.js';
import {
  DEMO_PASSWORD,
  embed,
  expectError,
  expectNoSecrets,
  freshPage,
  outcome,
  platformStats,
  requestMark,
  settledRequests,
  stubFetchPath,
  terminalTypesAfter,
  TOKEN_ROUTE,
  tokenRouteRequests,
  type RecordedRequest,
  typeText,
  waitForPasswordField,
  wrongPasswordLine,
} from './support.js';
import { sendKeys } from '@web/test-runner-commands';
import { makeToken } from '../helpers/tokens.js';

/** Channel ids that would change the SDK's request path. */
const BAD_CHANNEL_IDS = ['..', '.', '', 'a/b', 'a?b', 'a#b', 'a%2e', 'a b'];

/** Requests since `mark` to a model path that is not under `/channels/<channel>/` (what normalisation makes). */
async function requestsOutsideChannels(mark: number): Promise<string[]> {
  const requests: RecordedRequest[] = await settledRequests();
  return requests
    .filter((request) => request.at >= mark)
    .map((request) => new URL(request.url).pathname)
    .filter((path) => /\/models\//.test(path) && !/\/channels\/[^/]+\/models\//.test(path));
}

/** The platform's REST API counters that the element's loads drive. */
async function apiRequests(): Promise<number> {
  const stats = await platformStats();
  return stats.token + stats.blob + stats.parts + stats.preflight;
}

describe('input validation (real SDK, local platform)', function () {
  this.timeout(60_000);

  beforeEach(freshPage);

  it('refuses a token whose channelId breaks the id rule, from access-token or tokenProvider, with no request', async () => {
    for (const channelId of BAD_CHANNEL_IDS) {
      for (const how of ['accessToken', 'tokenProvider'] as const) {
        const mark = requestMark();
        const token = makeToken({ channelId });
        // Every case adds a fixture below the last one: eager, so those below the fold load too.
        const made = await embed(
          how === 'accessToken'
            ? { modelId: 'small-office', accessToken: token, attributes: { loading: 'eager' } }
            : { modelId: 'small-office', tokenProvider: async () => token, attributes: { loading: 'eager' } },
        );
        const result = await outcome(made);
        expectError(result, how === 'accessToken' ? 'invalid-config' : 'token-endpoint-failed');
        expect(result.message).to.include('channelId');
        expect(await requestsOutsideChannels(mark), `${how} ${JSON.stringify(channelId)}`).to.deep.equal([]);
        expect(await terminalTypesAfter(made.events, 100)).to.deep.equal(['error']);
      }
    }
    expect(await apiRequests(), 'no request reached the platform').to.equal(0);
  });

  it('stops the SDK when the token it requested for a password carries channelId ".."', async () => {
    const base = '/__bad-channel-platform__/rest/api/v1';
    const removeStub = stubFetchPath(`${base}/token`, () =>
      Response.json({ token: makeToken({ channelId: '..' }) }),
    );
    try {
      const mark = requestMark();
      const made = await embed({
        modelId: 'small-office',
        passwordMode: true,
        attributes: { 'base-url': base },
      });
      const result = await outcome(made);
      expectError(result, 'invalid-config');
      expect(result.message).to.include('channelId');
      const requests = (await settledRequests()).filter((request) => request.at >= mark);
      expect(
        requests.some((request) => new URL(request.url).pathname === `${base}/token`),
        'the SDK asked for the token',
      ).to.equal(true);
      expect(await requestsOutsideChannels(mark)).to.deep.equal([]);
      expect(
        requests.filter((request) => /\/models\//.test(request.url)).map((request) => request.url),
      ).to.deep.equal([]);
    } finally {
      removeStub();
    }
  });

  it('refuses a 10,000-character password property with invalid-config naming the limit, sending nothing', async () => {
    const password = 'p'.repeat(10_000);
    const made = await embed({ modelId: 'protected-house', passwordMode: true, password });
    const result = await outcome(made);
    expectError(result, 'invalid-config');
    expect(result.message).to.include('1024 characters');
    expect(await apiRequests()).to.equal(0);
    expectNoSecrets([password.slice(0, 64)]);
  });

  it('asks again, without sending it, when the password entered in the dialog is longer than 1024 characters', async () => {
    const { el, events } = await embed({ modelId: 'protected-house', passwordMode: true });
    const field = await waitForPasswordField(el);
    // Put in as a paste would: WebDriver types about 50 characters a second in WebKit, so typing 1026 of them
    // outlasts the runner's command timeout. Enter is a real key press, so the dialog's own submit path runs.
    const typed = 'ab'.repeat(513);
    field.value = typed;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => wrongPasswordLine(el) !== null, 'asked again', { timeout: 15_000 });
    const stats = await platformStats();
    expect(stats.token, 'only the first attempt (an empty password) was sent').to.equal(1);
    await waitForPasswordField(el);
    await typeText(DEMO_PASSWORD);
    await sendKeys({ press: 'Enter' });
    const result = await outcome({ el, events });
    expect(result.type, result.type === 'error' ? result.message : '').to.equal('loaded');
    expectNoSecrets([typed, DEMO_PASSWORD]);
  });

  it('refuses a 100,000-character base-url with invalid-config naming the limit, sending nothing', async () => {
    const mark = requestMark();
    const made = await embed({
      modelId: 'small-office',
      accessToken: makeToken({ channelId: 'demo-channel' }),
      attributes: { 'base-url': `/rest/api/v1/${'a'.repeat(100_000)}` },
    });
    const result = await outcome(made);
    expectError(result, 'invalid-config');
    expect(result.message).to.equal('base-url is longer than 2048 characters.');
    expect(
      (await settledRequests()).filter((request) => request.at >= mark && request.url.length > 2048),
    ).to.deep.equal([]);
    expect(await apiRequests()).to.equal(0);
  });

  it('refuses a 129-character model id itself, before asking token-url (whose server has the same rule)', async () => {
    const made = await embed({ modelId: 'm'.repeat(129), tokenUrl: TOKEN_ROUTE });
    const result = await outcome(made);
    expectError(result, 'invalid-config');
    expect(result.message).to.include('1 to 128 characters');
    expect(await tokenRouteRequests()).to.equal(0);
    expect(await apiRequests()).to.equal(0);
  });

  it('refuses timeout="abc" with invalid-config naming timeout instead of waiting 60 s', async () => {
    const made = await embed({
      modelId: 'small-office',
      accessToken: makeToken(),
      attributes: { timeout: 'abc' },
    });
    const result = await outcome(made);
    expectError(result, 'invalid-config');
    expect(result.message).to.match(/^timeout must be a whole number/);
  });
});
