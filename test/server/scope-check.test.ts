/// <reference types="node" />
/**
 * The scope check (`model-viewer-embed-check-scope`) against the local platform over HTTP: it must say
 * "model-scoped" where model tokens are scoped, "not-scoped" where the password flow hands out a token that
 * opens other models too, and never print a password or a token.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  DEMO_ACCOUNT,
  MODEL_IDS,
  PROTECTED_HOUSE_PASSWORD,
  SMALL_OFFICE_PASSWORD,
} from '../../demo/platform/index.js';
import { startPlatformServer, type PlatformServer } from '../../demo/platform/server.js';
import { checkModelTokenScope } from '../../src/server/scope-check.js';
import { assertNoSecret } from './helpers.js';

const CLI = fileURLToPath(new URL('../../src/server/check-scope-cli.ts', import.meta.url));

/** Runs the CLI as a user would (through tsx here, the built file in the package), with `env` only. */
function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('checkModelTokenScope against the local platform', () => {
  let platform: PlatformServer;
  before(async () => {
    platform = await startPlatformServer({ port: 0, testControls: true });
  });
  after(() => platform.close());

  it('reports model-scoped: the model token opens its model and gets 403 on another', async () => {
    const result = await checkModelTokenScope({
      baseUrl: platform.baseUrl,
      modelId: MODEL_IDS.protectedHouse,
      password: PROTECTED_HOUSE_PASSWORD,
      otherModelId: MODEL_IDS.privateAnnex,
      account: { accountName: DEMO_ACCOUNT.accountName, apiKey: DEMO_ACCOUNT.apiKey },
    });
    assert.equal(result.verdict, 'model-scoped', result.reason);
    assert.deepEqual(result.steps.slice(1), [
      'account token on "private-annex" → 200',
      'model token of "protected-house" on "protected-house" → 200',
      'model token of "protected-house" on "private-annex" → 403',
    ]);
    assertNoSecret(JSON.stringify(result), [PROTECTED_HOUSE_PASSWORD, DEMO_ACCOUNT.apiKey, 'eyJ']);
  });

  it('reports not-scoped when the password flow answers with a token that opens every model', async () => {
    // A service whose password flow hands out a channel-wide token: the platform's account token.
    const channelWide = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname.endsWith('/token')) {
        return fetch(`${platform.url}/__platform/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
      }
      return fetch(request);
    };
    const result = await checkModelTokenScope({
      baseUrl: platform.baseUrl,
      modelId: MODEL_IDS.protectedHouse,
      password: PROTECTED_HOUSE_PASSWORD,
      otherModelId: MODEL_IDS.privateAnnex,
      fetch: channelWide as typeof fetch,
    });
    assert.equal(result.verdict, 'not-scoped', result.reason);
    assert.match(result.reason, /Do not rely on scope: 'model'/);
  });

  it('is inconclusive, not "scoped", when the other model does not exist or the password is wrong', async () => {
    const missing = await checkModelTokenScope({
      baseUrl: platform.baseUrl,
      modelId: MODEL_IDS.openPavilion,
      password: '',
      otherModelId: 'no-such-model',
    });
    assert.equal(missing.verdict, 'inconclusive');
    assert.match(missing.reason, /not found \(404\)/);
    const wrong = await checkModelTokenScope({
      baseUrl: platform.baseUrl,
      modelId: MODEL_IDS.smallOffice,
      password: 'wrong-password-for-the-check',
      otherModelId: MODEL_IDS.privateAnnex,
    });
    assert.equal(wrong.verdict, 'inconclusive');
    assert.match(wrong.reason, /refused the password \(status 401\)/);
    assertNoSecret(JSON.stringify(wrong), ['wrong-password-for-the-check']);
  });

  it('the CLI exits 0 on a scoped service, 2 on a wrong password, and prints no password or token', async () => {
    const scoped = await runCli([MODEL_IDS.smallOffice, MODEL_IDS.largeCampus], {
      BIMU_BASE_URL: platform.baseUrl,
      BIMU_MODEL_PASSWORD: SMALL_OFFICE_PASSWORD,
    });
    assert.equal(scoped.code, 0, scoped.output);
    assert.match(scoped.output, /model-scoped: .*refused on "large-campus" \(403\)/);
    assertNoSecret(scoped.output, [SMALL_OFFICE_PASSWORD, 'eyJ']);

    const wrong = await runCli([MODEL_IDS.smallOffice, MODEL_IDS.largeCampus], {
      BIMU_BASE_URL: platform.baseUrl,
      BIMU_MODEL_PASSWORD: 'wrong-password-for-the-cli',
    });
    assert.equal(wrong.code, 2, wrong.output);
    assert.match(wrong.output, /inconclusive/);
    assertNoSecret(wrong.output, ['wrong-password-for-the-cli', 'eyJ']);

    const usage = await runCli([MODEL_IDS.smallOffice], { BIMU_BASE_URL: platform.baseUrl });
    assert.equal(usage.code, 2);
    assert.match(usage.output, /Usage: BIMU_MODEL_PASSWORD=/);
  });
});
