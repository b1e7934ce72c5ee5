/// <reference types="node" />
/**
 * The element, `model-viewer-embed/server` and the local platform use one id rule (`src/internal/bimu-rules.ts`), so
 * an id one of them accepts is never refused by another (the element allowed 200 characters, the server 128,
 * the platform no "." or "~").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidId, MAX_ID_LENGTH } from '../../src/internal/bimu-rules.js';
import { createTokenHandler, isValidModelId } from '../../src/server/index.js';
import { createPlatform, DEMO_ACCOUNT } from '../../demo/platform/index.js';
import { INVALID_IDS, VALID_IDS } from '../helpers/id-cases.js';
import { ACCOUNT, API_KEY, accountJwt, PUBLIC_ACCOUNT_SCOPE, tokenRequest } from './helpers.js';

const ORIGIN = 'http://platform.test:4321';
const API = `${ORIGIN}/rest/api/v1`;

/** Dot segments and the empty segment never reach a server as a path segment: URL parsing removes them. */
const reachesServerAsSegment = (id: string) => id !== '' && id !== '.' && id !== '..' && id !== '%2e%2e';

describe('the id rule', () => {
  it('accepts URL-safe ids of 1 to 128 characters and nothing else', () => {
    assert.equal(MAX_ID_LENGTH, 128);
    for (const id of VALID_IDS) assert.equal(isValidId(id), true, JSON.stringify(id));
    for (const id of INVALID_IDS) assert.equal(isValidId(id), false, JSON.stringify(id));
    for (const value of [undefined, null, 42, ['m'], { id: 'm' }]) assert.equal(isValidId(value), false);
  });

  it('is the server module’s rule: 400 invalid-model-id exactly for the ids it refuses', async () => {
    let upstreamCalls = 0;
    const handler = createTokenHandler({
      ...PUBLIC_ACCOUNT_SCOPE,
      accountName: ACCOUNT,
      apiKey: API_KEY,
      baseUrl: 'https://bimu.test/rest/api/v1',
      fetch: async () => {
        upstreamCalls += 1;
        return Response.json({ token: accountJwt(Date.now()) });
      },
      onUpstreamError: () => undefined,
    });
    for (const modelId of INVALID_IDS) {
      assert.equal(isValidModelId(modelId), false, JSON.stringify(modelId));
      const response = await handler(tokenRequest({ modelId }));
      assert.equal(response.status, 400, JSON.stringify(modelId));
      assert.equal(((await response.json()) as { error: string }).error, 'invalid-model-id');
    }
    assert.equal(upstreamCalls, 0);
    for (const modelId of VALID_IDS) {
      assert.equal(isValidModelId(modelId), true, modelId);
      assert.equal((await handler(tokenRequest({ modelId }))).status, 200, modelId);
    }
  });

  it('is the platform’s rule for channel and model ids in request paths and for minted tokens', async () => {
    const platform = createPlatform({ testControls: true, signingSecret: 'ids-test-secret' });
    const call = async (url: string, init: RequestInit = {}) => {
      const response = await platform.handle(new Request(url, init));
      assert.ok(response, url);
      return response;
    };
    const basic = `Basic ${Buffer.from(`${DEMO_ACCOUNT.accountName}:${DEMO_ACCOUNT.apiKey}`).toString('base64')}`;
    const tokenResponse = await call(`${API}/token`, { method: 'POST', headers: { Authorization: basic } });
    const { token } = (await tokenResponse.json()) as { token: string };
    const blob = (channelId: string, modelId: string) =>
      call(`${API}/channels/${encodeURIComponent(channelId)}/models/${encodeURIComponent(modelId)}/blob`, {
        headers: { Authorization: `Bearer ${token}` },
      });
    const mint = (channelId: string) =>
      call(`${ORIGIN}/__platform/token`, { method: 'POST', body: JSON.stringify({ channelId }) });

    for (const id of INVALID_IDS.filter(reachesServerAsSegment)) {
      const asChannel = await blob(id, 'small-office');
      assert.equal(asChannel.status, 400, `channel ${JSON.stringify(id)}`);
      assert.match(await asChannel.text(), /Invalid channel id/);
      const asModel = await blob('demo-channel', id);
      assert.equal(asModel.status, 400, `model ${JSON.stringify(id)}`);
    }
    for (const id of INVALID_IDS) assert.equal((await mint(id)).status, 400, `mint ${JSON.stringify(id)}`);
    for (const id of VALID_IDS) {
      // A well-formed id the platform does not know is 404 (or 403 for another channel), never 400.
      assert.notEqual((await blob(id, 'small-office')).status, 400, `channel ${id}`);
      assert.notEqual((await blob('demo-channel', id)).status, 400, `model ${id}`);
      assert.equal((await mint(id)).status, 200, `mint ${id}`);
    }
  });
});
