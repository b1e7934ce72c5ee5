/// <reference types="node" />
/**
 * Model-scoped tokens over real HTTP: the token endpoint (`handler.node` on `http.createServer`) in front of
 * the local bimU.io platform on its own port, reached with the global `fetch`. The platform's counters tell
 * how many upstream `/token` requests were made and with which Basic usernames; its blob endpoint tells
 * which models a token opens.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEMO_ACCOUNT,
  FAULT_MODEL_IDS,
  LARGE_CAMPUS_PASSWORD,
  MODEL_IDS,
  PROTECTED_HOUSE_PASSWORD,
  SMALL_OFFICE_PASSWORD,
} from '../../demo/platform/index.js';
import { startPlatformServer, type PlatformServer } from '../../demo/platform/server.js';
import {
  createTokenHandler,
  TokenHandlerConfigError,
  type TokenHandlerOptions,
  type UpstreamTokenError,
} from '../../src/server/index.js';
import { passwordAuthorization } from '../../src/server/model-token.js';
import { assertNoSecret } from './helpers.js';

/** What the endpoint is configured with: the LOCAL-ONLY passwords of four catalog models and a fault model. */
const MODEL_PASSWORDS = {
  [MODEL_IDS.smallOffice]: SMALL_OFFICE_PASSWORD,
  [MODEL_IDS.largeCampus]: LARGE_CAMPUS_PASSWORD,
  [MODEL_IDS.protectedHouse]: PROTECTED_HOUSE_PASSWORD,
  // Shared without a password: the password flow with an empty one, as the SDK sends it.
  [MODEL_IDS.openPavilion]: '',
  // Also shared without a password (test controls only); the fifth model of the concurrency test.
  [FAULT_MODEL_IDS.part404]: '',
};

/** Every form in which a model password could leak. */
function passwordForms(password: string, modelId: string): string[] {
  return [password, Buffer.from(`${modelId}:${password}`).toString('base64'), encodeURIComponent(password)];
}
const ALL_PASSWORD_FORMS = Object.entries(MODEL_PASSWORDS)
  .filter(([, password]) => password !== '')
  .flatMap(([modelId, password]) => passwordForms(password, modelId));

interface Stack {
  platform: PlatformServer;
  appUrl: string;
  upstreamErrors: UpstreamTokenError[];
  startLines: string[];
  close(): Promise<void>;
}

/** A platform on one port and the token endpoint (its Node form) on another. */
async function startStack(options: TokenHandlerOptions = {}): Promise<Stack> {
  const platform = await startPlatformServer({ port: 0, testControls: true });
  const upstreamErrors: UpstreamTokenError[] = [];
  const startLines: string[] = [];
  const handler = createTokenHandler({
    modelPasswords: MODEL_PASSWORDS,
    baseUrl: platform.baseUrl,
    onUpstreamError: (error) => upstreamErrors.push(error),
    onStart: (line) => startLines.push(line),
    // Whatever is in the environment of the test run, model scope must not need or read it.
    env: {},
    ...options,
  });
  const app = http.createServer((req, res) => {
    if (req.url === '/api/bimu-token') return handler.node(req, res);
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return {
    platform,
    appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    upstreamErrors,
    startLines,
    async close() {
      app.closeAllConnections();
      await new Promise((resolve) => app.close(resolve));
      await platform.close();
    },
  };
}

interface TokenAnswer {
  status: number;
  headers: string;
  text: string;
  body: { token?: string; expiresIn?: number; error?: string };
}

/** `POST /api/bimu-token` as the element sends it (a same-origin browser request). */
async function askToken(stack: Stack, body: object): Promise<TokenAnswer> {
  const response = await fetch(`${stack.appUrl}/api/bimu-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: JSON.stringify([...response.headers]),
    text,
    body: JSON.parse(text) as TokenAnswer['body'],
  };
}

/** The platform's blob endpoint with `token`: 200 means the token opens `modelId`. */
async function blobStatus(stack: Stack, token: string, modelId: string): Promise<number> {
  const response = await fetch(
    `${stack.platform.baseUrl}/channels/${DEMO_ACCOUNT.channelId}/models/${modelId}/blob`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  await response.body?.cancel();
  return response.status;
}

async function platformStats(stack: Stack): Promise<{ token: number; tokenUsers: string[] }> {
  const response = await fetch(`${stack.platform.url}/__platform/stats`);
  return (await response.json()) as { token: number; tokenUsers: string[] };
}

async function resetPlatformStats(stack: Stack): Promise<void> {
  await (await fetch(`${stack.platform.url}/__platform/reset`, { method: 'POST' })).body?.cancel();
}

/** Collects every console line while `t` runs. */
function captureConsole(t: TestContext): string[] {
  const lines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    t.mock.method(console, method, (...args: unknown[]) => lines.push(args.map(String).join(' ')));
  }
  return lines;
}

describe('model scope (the default) against the local platform over HTTP', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('says at start that model scope is in force, without a password', () => {
    assert.equal(stack.startLines.length, 1);
    assert.match(stack.startLines[0]!, /Token scope: model/);
    assert.match(stack.startLines[0]!, /5 models/);
    assertNoSecret(stack.startLines[0]!, ALL_PASSWORD_FORMS);
  });

  it('hands out a token that opens its model and gets 403 on every other model of the channel', async () => {
    await resetPlatformStats(stack);
    const answer = await askToken(stack, { modelId: MODEL_IDS.smallOffice });
    assert.equal(answer.status, 200, answer.text);
    assertNoSecret(answer.text + answer.headers, ALL_PASSWORD_FORMS);
    const token = answer.body.token!;
    assert.equal(await blobStatus(stack, token, MODEL_IDS.smallOffice), 200);
    for (const other of [MODEL_IDS.largeCampus, MODEL_IDS.privateAnnex, MODEL_IDS.openPavilion]) {
      assert.equal(await blobStatus(stack, token, other), 403, `the small-office token on ${other}`);
    }
    // The upstream request was the password flow for that model, not the account's credentials.
    assert.deepEqual((await platformStats(stack)).tokenUsers, [MODEL_IDS.smallOffice]);
  });

  it('works for a model shared without a password (empty password)', async () => {
    const answer = await askToken(stack, { modelId: MODEL_IDS.openPavilion });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(await blobStatus(stack, answer.body.token!, MODEL_IDS.openPavilion), 200);
    assert.equal(await blobStatus(stack, answer.body.token!, MODEL_IDS.protectedHouse), 403);
  });

  it('refuses an unknown model and an existing but unconfigured one with 403, without asking bimU.io', async () => {
    await resetPlatformStats(stack);
    const unknown = await askToken(stack, { modelId: 'no-such-model' });
    const unconfigured = await askToken(stack, { modelId: MODEL_IDS.privateAnnex });
    // Inherited names must not count as configured models.
    const inherited = await askToken(stack, { modelId: 'constructor' });
    for (const answer of [unknown, unconfigured, inherited]) {
      assert.equal(answer.status, 403);
      assert.deepEqual(answer.body, { error: 'forbidden', message: 'You may not view this model.' });
    }
    assert.equal((await platformStats(stack)).token, 0, 'no upstream token request');
  });

  it('200 concurrent callers for one model make one upstream request; for five models, five', async () => {
    const fresh = await startStack();
    try {
      const one = await Promise.all(
        Array.from({ length: 200 }, () => askToken(fresh, { modelId: MODEL_IDS.largeCampus })),
      );
      assert.ok(one.every((answer) => answer.status === 200));
      assert.equal(new Set(one.map((answer) => answer.body.token)).size, 1);
      assert.equal((await platformStats(fresh)).token, 1);

      await resetPlatformStats(fresh);
      const models = Object.keys(MODEL_PASSWORDS);
      assert.equal(models.length, 5);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          const modelId = models[i % models.length]!;
          return askToken(fresh, { modelId }).then((answer) => ({ modelId, answer }));
        }),
      );
      assert.ok(answers.every(({ answer }) => answer.status === 200));
      // large-campus is still cached from the first round: four new upstream requests, one per model.
      const stats = await platformStats(fresh);
      assert.equal(stats.token, 4);
      assert.deepEqual(
        [...stats.tokenUsers].sort(),
        models.filter((id) => id !== MODEL_IDS.largeCampus).sort(),
      );
      const tokenPerModel = new Map<string, Set<string>>();
      for (const { modelId, answer } of answers) {
        if (!tokenPerModel.has(modelId)) tokenPerModel.set(modelId, new Set());
        tokenPerModel.get(modelId)!.add(answer.body.token!);
      }
      assert.ok(
        [...tokenPerModel.values()].every((tokens) => tokens.size === 1),
        'one token per model',
      );
      assert.equal(new Set([...tokenPerModel.values()].flatMap((tokens) => [...tokens])).size, 5);
    } finally {
      await fresh.close();
    }
  });

  it('five models from a cold start: five upstream requests, each token opening its own model only', async () => {
    const fresh = await startStack();
    try {
      const models = Object.keys(MODEL_PASSWORDS);
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => askToken(fresh, { modelId: models[i % models.length]! })),
      );
      assert.ok(answers.every((answer) => answer.status === 200));
      assert.equal((await platformStats(fresh)).token, 5);
      const smallOffice = answers[models.indexOf(MODEL_IDS.smallOffice)]!.body.token!;
      assert.equal(await blobStatus(fresh, smallOffice, MODEL_IDS.largeCampus), 403);
    } finally {
      await fresh.close();
    }
  });

  it('"refresh": true replaces the token of that model only', async () => {
    const fresh = await startStack({ minRefreshIntervalSeconds: 0 });
    try {
      const office = await askToken(fresh, { modelId: MODEL_IDS.smallOffice });
      const campus = await askToken(fresh, { modelId: MODEL_IDS.largeCampus });
      const refreshed = await askToken(fresh, { modelId: MODEL_IDS.smallOffice, refresh: true });
      assert.equal(office.status, 200);
      assert.equal(await blobStatus(fresh, refreshed.body.token!, MODEL_IDS.smallOffice), 200);
      assert.equal((await askToken(fresh, { modelId: MODEL_IDS.largeCampus })).body.token, campus.body.token);
      // (The platform's JWTs have no serial number: two issued in the same second are equal strings, so the
      // upstream requests are what show the refresh.)
      assert.deepEqual((await platformStats(fresh)).tokenUsers, [
        MODEL_IDS.smallOffice,
        MODEL_IDS.largeCampus,
        MODEL_IDS.smallOffice,
      ]);
    } finally {
      await fresh.close();
    }
  });
});

describe('model scope: a wrong model password', () => {
  it('answers 502 and never puts the password in the body, the headers or the logs', async (t) => {
    const wrong = 'wrong-local-password-for-small-office';
    const lines = captureConsole(t);
    // The default loggers (console), so that what a real server would log is what is checked.
    const stack = await startStack({
      modelPasswords: { [MODEL_IDS.smallOffice]: wrong },
      onUpstreamError: undefined,
      onStart: undefined,
    });
    try {
      const answer = await askToken(stack, { modelId: MODEL_IDS.smallOffice });
      assert.equal(answer.status, 502);
      assert.equal(answer.body.error, 'upstream-failed');
      const secrets = [...passwordForms(wrong, MODEL_IDS.smallOffice), ...ALL_PASSWORD_FORMS];
      assertNoSecret(answer.text + answer.headers, secrets);
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(lines[0]!, /Token scope: model/);
      assert.match(lines[1]!, /refused the password of model "small-office" \(status 401\)/);
      assertNoSecret(lines.join('\n'), secrets);
    } finally {
      await stack.close();
    }
  });
});

describe('model scope: a resolver of model passwords', () => {
  it('asks the resolver per request; undefined means 403 with no upstream request', async () => {
    const asked: string[] = [];
    const stack = await startStack({
      modelPasswords: async (modelId) => {
        asked.push(modelId);
        return modelId === MODEL_IDS.protectedHouse ? PROTECTED_HOUSE_PASSWORD : undefined;
      },
    });
    try {
      assert.match(stack.startLines[0]!, /Token scope: model/);
      const house = await askToken(stack, { modelId: MODEL_IDS.protectedHouse });
      assert.equal(house.status, 200);
      assert.equal(await blobStatus(stack, house.body.token!, MODEL_IDS.protectedHouse), 200);
      assert.equal(await blobStatus(stack, house.body.token!, MODEL_IDS.smallOffice), 403);
      assert.equal((await askToken(stack, { modelId: MODEL_IDS.smallOffice })).status, 403);
      assert.deepEqual(asked, [MODEL_IDS.protectedHouse, MODEL_IDS.smallOffice]);
      assert.equal((await platformStats(stack)).token, 1);
    } finally {
      await stack.close();
    }
  });
});

describe('scope configuration', () => {
  const account = {
    accountName: DEMO_ACCOUNT.accountName,
    apiKey: DEMO_ACCOUNT.apiKey,
    onStart: () => {},
    env: {},
  };

  it('refuses to start in model scope (the default) without modelPasswords, even with account credentials', () => {
    assert.throws(
      () => createTokenHandler({ ...account }),
      (error: unknown) =>
        error instanceof TokenHandlerConfigError &&
        error.code === 'missing-model-passwords' &&
        /modelPasswords/.test(error.message) &&
        !error.message.includes(DEMO_ACCOUNT.apiKey),
    );
  });

  it('refuses to start in account scope without authorize, with a clear error', () => {
    assert.throws(
      () => createTokenHandler({ ...account, scope: 'account' }),
      (error: unknown) =>
        error instanceof TokenHandlerConfigError &&
        error.code === 'unsafe-account-scope' &&
        /every model of the channel/.test(error.message) &&
        /authorize/.test(error.message) &&
        /allowPublicAccountToken: true/.test(error.message) &&
        !error.message.includes(DEMO_ACCOUNT.apiKey),
    );
    assert.throws(
      () => createTokenHandler({ ...account, scope: 'account', allowPublicAccountToken: false }),
      (error: unknown) => error instanceof TokenHandlerConfigError && error.code === 'unsafe-account-scope',
    );
  });

  it('starts in account scope with authorize, or public on purpose, and says so', () => {
    const lines: string[] = [];
    createTokenHandler({
      ...account,
      scope: 'account',
      authorize: () => true,
      onStart: (l) => lines.push(l),
    });
    createTokenHandler({
      ...account,
      scope: 'account',
      allowPublicAccountToken: true,
      onStart: (l) => lines.push(l),
    });
    assert.match(lines[0]!, /Token scope: account: every token opens every model of the channel; authorize/);
    assert.match(lines[1]!, /Token scope: account, public \(allowPublicAccountToken\)/);
    for (const line of lines) assertNoSecret(line, [DEMO_ACCOUNT.apiKey]);
  });

  it('refuses contradictory or malformed scope options without echoing a password', () => {
    const cases: [TokenHandlerOptions, string][] = [
      [{ ...account, scope: 'account', authorize: () => true, modelPasswords: { m: 'x' } }, 'invalid-option'],
      [{ modelPasswords: { m: 'x' }, allowPublicAccountToken: true }, 'invalid-option'],
      [{ scope: 'channel' as never, modelPasswords: { m: 'x' } }, 'invalid-option'],
      [{ modelPasswords: { m: 42 as never, n: 'secret-pass-word-n' } }, 'invalid-option'],
      [{ modelPasswords: 'secret-pass-word' as never }, 'invalid-option'],
    ];
    for (const [options, code] of cases) {
      assert.throws(
        () => createTokenHandler({ onStart: () => {}, ...options }),
        (error: unknown) => {
          assert.ok(error instanceof TokenHandlerConfigError, String(error));
          assert.equal(error.code, code, error.message);
          assertNoSecret(error.message, ['secret-pass-word', 'secret-pass-word-n']);
          return true;
        },
      );
    }
  });

  it('reads BIMU_MODEL_PASSWORDS (JSON) when modelPasswords is absent, and never quotes it in an error', async () => {
    const stack = await startStack({
      modelPasswords: undefined,
      env: { BIMU_MODEL_PASSWORDS: JSON.stringify({ [MODEL_IDS.smallOffice]: SMALL_OFFICE_PASSWORD }) },
    });
    try {
      const answer = await askToken(stack, { modelId: MODEL_IDS.smallOffice });
      assert.equal(answer.status, 200);
      assert.equal(await blobStatus(stack, answer.body.token!, MODEL_IDS.largeCampus), 403);
      assert.equal((await askToken(stack, { modelId: MODEL_IDS.largeCampus })).status, 403);
    } finally {
      await stack.close();
    }
    for (const value of ['{"small-office": "secret-pass-word"', '["secret-pass-word"]']) {
      assert.throws(
        () => createTokenHandler({ onStart: () => {}, env: { BIMU_MODEL_PASSWORDS: value } }),
        (error: unknown) => {
          assert.ok(error instanceof TokenHandlerConfigError);
          assert.equal(error.code, 'invalid-option');
          assert.match(error.message, /BIMU_MODEL_PASSWORDS must be a JSON object/);
          assertNoSecret(error.message, ['secret-pass-word']);
          return true;
        },
      );
    }
  });

  it('model scope needs no account credentials: the API key can stay off the server', async () => {
    const stack = await startStack({ env: {} });
    try {
      assert.equal((await askToken(stack, { modelId: MODEL_IDS.smallOffice })).status, 200);
    } finally {
      await stack.close();
    }
  });
});

describe('passwordAuthorization', () => {
  it('sends the bytes the SDK sends: btoa of a Latin-1 credential, UTF-8 beyond Latin-1', () => {
    assert.equal(passwordAuthorization('m', 'pässwörd:x'), `Basic ${btoa('m:pässwörd:x')}`);
    assert.equal(
      passwordAuthorization('m', 'ключ'),
      `Basic ${Buffer.from('m:ключ', 'utf8').toString('base64')}`,
    );
    assert.equal(passwordAuthorization('m', ''), `Basic ${btoa('m:')}`);
  });
});
