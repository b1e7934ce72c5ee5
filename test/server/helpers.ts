/// <reference types="node" />
/**
 * Test helpers for the token endpoint: JWT factories, a scriptable fake of bimU.io's `POST /token` that
 * counts its calls, injected as the handler's `fetch` or served over real HTTP, and loopback servers.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ACCOUNT = 'test-account';
export const API_KEY = 'sk-test-9f8e7d6c5b4a-DO-NOT-LEAK';

/** Every string that would mean the key leaked: the key itself and the Basic credential built from it. */
export function secretForms(account = ACCOUNT, apiKey = API_KEY): string[] {
  const basic = Buffer.from(`${account}:${apiKey}`, 'utf8').toString('base64');
  return [apiKey, basic, encodeURIComponent(apiKey)];
}

export function assertNoSecret(text: string, secrets: readonly string[] = secretForms()): void {
  for (const secret of secrets) {
    if (text.includes(secret)) throw new Error(`A secret leaked into: ${text.slice(0, 200)}`);
  }
}

function base64url(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64url');
}

/** An unsigned-looking JWT with the given claims (the signature is never checked by anyone here). */
export function makeJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

/** A JWT for the test channel expiring `lifetimeSeconds` after `nowMs`, made unique by a serial number. */
let serial = 0;
export function accountJwt(nowMs: number, lifetimeSeconds = 7200): string {
  serial += 1;
  const iat = Math.floor(nowMs / 1000);
  return makeJwt({ channelId: 'channel-1', iat, exp: iat + lifetimeSeconds, jti: `t${serial}` });
}

export interface UpstreamCall {
  url: string;
  method: string;
  authorization: string | null;
  bodyLength: number;
}

export type UpstreamScript = (call: UpstreamCall, index: number) => Response | Promise<Response>;

/** A fake upstream `fetch`: records every call and answers with `script`. */
export function fakeUpstream(script: UpstreamScript) {
  const calls: UpstreamCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = await request.arrayBuffer();
    const call: UpstreamCall = {
      url: request.url,
      method: request.method,
      authorization: request.headers.get('authorization'),
      bodyLength: body.byteLength,
    };
    calls.push(call);
    return script(call, calls.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A controllable clock. */
export function fakeClock(start = Math.floor(Date.now() / 1000) * 1000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A `POST` with a JSON body to the token endpoint. */
export function tokenRequest(body: unknown, init: RequestInit = {}): Request {
  return new Request('http://app.test/api/bimu-token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...Object.fromEntries(Object.entries(init).filter(([key]) => key !== 'headers')),
  });
}

/** A promise with its resolver, to hold the fake upstream until a test releases it. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Starts `listener` on an ephemeral loopback port; keep-alive on so tests see connection reuse problems. */
export async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = http.createServer({ keepAlive: true }, listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the fake bimU.io answers to its `index`-th token request: a response, or `'hang'` to never answer. */
export type FakeBimuScript = (index: number) => { status: number; body: unknown } | 'hang';

/**
 * A fake bimU.io `POST /rest/api/v1/token` on a real loopback HTTP server, reached by the handler's own
 * `fetch`, so timeouts, hung sockets and connection reuse behave as they do against the real service.
 */
export async function startFakeBimu(script: FakeBimuScript) {
  let requests = 0;
  const waiters: (() => void)[] = [];
  const server = await listen((req, res) => {
    const index = requests++;
    for (const wake of waiters.splice(0)) wake();
    req.resume();
    const answer = req.url === '/rest/api/v1/token' ? script(index) : { status: 404, body: {} };
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  return {
    baseUrl: `${server.url}/rest/api/v1`,
    /** Token requests received so far. */
    get requests() {
      return requests;
    },
    /** Resolves once at least `count` token requests have arrived. */
    async receivedAtLeast(count: number) {
      while (requests < count) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    /** Closes the server and every connection, which fails the requests left hanging. */
    close: server.close,
  };
}

/** Polls `condition` on each macrotask until it holds: waits for a state, not for a duration. */
export async function waitUntil(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The account scope, public on purpose and silent at start: what the tests of the account-token mechanics
 * (caching, single flight, upstream failures, the Node adapter) were written against.
 */
export const PUBLIC_ACCOUNT_SCOPE = {
  scope: 'account',
  allowPublicAccountToken: true,
  onStart: () => {},
} as const;
