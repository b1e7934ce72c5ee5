/**
 * Secrets leave nothing behind: once an element is removed and the garbage collector has run, no password or
 * token it was given or fetched is left anywhere in the page's JavaScript heap (real SDK, local platform).
 *
 * CHROMIUM ONLY: the heap is searched in a snapshot taken through the DevTools protocol (the `find-in-heap`
 * command of test/runner/heap-snapshot-plugin.ts). Firefox and WebKit offer no heap snapshot to the test
 * runner; there every test of this file is skipped, explicitly.
 *
 * The test itself must not keep a secret alive, or the search would find the test's own copy. So this file
 * imports none of the suite's recording helpers (support.ts keeps every event, element and console line), and
 * it holds each secret only as an array of character codes: the secret's string exists only where the element,
 * the SDK or the browser made it (a typed field's value, the `password` property, a fetched token) and in
 * short-lived temporaries. Random secrets are made at run time; the one fixed secret, the local platform's
 * password of protected-house, is written backwards so that no literal in this module contains it.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { sleep } from '../helpers/dom.js';
import { clearTokenCache } from '../../src/internal/token-source.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { TokenProvider } from '../../src/internal/token-source.js';
import type {
  FindInHeapPayload,
  FindInHeapResult,
  HeapFind,
  HeapSecret,
} from '../runner/heap-snapshot-plugin.js';

type Codes = number[];

const LOCAL = {
  sdkSrc: '/vendor/bimu/bimU.io.Viewer.umd.js',
  threeSrc: '/vendor/three/three.min.js',
  uiAssetsBase: '/vendor/',
  baseUrl: '/rest/api/v1',
} as const;

/** The LOCAL-ONLY password of protected-house (demo/platform/README.md), reversed: see the file comment. */
const DEMO_PASSWORD_CODES: Codes = codesOf([...'drowssap-omed-lacol'].reverse().join(''));

/** The positive control: a secret that this module keeps reachable on purpose. */
let controlSecret: string | undefined;
/** An SDK dialog kept after its element was removed (see its test). */
let retainedDialog: Element | undefined;

function codesOf(text: string): Codes {
  return Array.from(text, (character) => character.charCodeAt(0));
}

/** A flat string of `codes` (String.fromCharCode makes a sequential string, not a concatenation). */
function textOf(codes: Codes): string {
  return String.fromCharCode(...codes);
}

/** `prefix` and 24 random letters and digits, as codes. */
function randomSecret(prefix: string): Codes {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const random = crypto.getRandomValues(new Uint8Array(24));
  return [...codesOf(prefix), ...Array.from(random, (byte) => alphabet.charCodeAt(byte % alphabet.length))];
}

/** Starts a search of the heap, then asks for its result until it is there (bounded by the test's timeout). */
async function findInHeap(secrets: HeapSecret[]): Promise<HeapFind[]> {
  const find = (payload: FindInHeapPayload) =>
    executeServerCommand<FindInHeapResult, FindInHeapPayload>('find-in-heap', payload);
  const started = await find({ secrets });
  if (!started?.supported || started.job === undefined)
    throw new Error(`no heap snapshot in ${started?.browser ?? 'this browser'}`);
  let result = await find({ job: started.job });
  while (result?.supported && result.pending) {
    await sleep(250);
    result = await find({ job: started.job });
  }
  if (!result?.supported || !result.finds)
    throw new Error(`no heap snapshot in ${result?.browser ?? 'this browser'}`);
  return result.finds;
}

/** The finds as readable lines (the plugin already replaced the secret by `<secret>` in retainer paths). */
function describeFinds(finds: readonly HeapFind[]): string[] {
  return finds.map(
    (find) =>
      `${find.label} (${find.form}) in a ${find.nodeType}, ${find.reachable ? 'reachable' : 'unreachable'}:\n${find.retainers}`,
  );
}

/**
 * Creates a configured element in a fresh container attached to the page. The caller removes the container
 * and drops both references before searching the heap.
 */
function mount(
  modelId: string,
  configure: (el: ModelViewerEmbed) => void,
): { container: HTMLDivElement; el: ModelViewerEmbed } {
  const el = document.createElement('model-viewer-embed');
  el.style.cssText = 'width: 480px; height: 360px';
  el.sdkSrc = LOCAL.sdkSrc;
  el.threeSrc = LOCAL.threeSrc;
  el.uiAssetsBase = LOCAL.uiAssetsBase;
  el.baseUrl = LOCAL.baseUrl;
  el.modelId = modelId;
  el.timeout = 30_000;
  configure(el);
  const container = document.createElement('div');
  container.append(el);
  document.body.append(container);
  return { container, el };
}

/** Resolves with `loaded` or the error code of the element's next outcome. Arm it before the trigger. */
function outcome(el: ModelViewerEmbed, timeout = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no outcome within ${timeout} ms (status ${el.status})`)),
      timeout,
    );
    const settle = (event: Event) => {
      clearTimeout(timer);
      el.removeEventListener('loaded', settle);
      el.removeEventListener('error', settle);
      resolve(
        event.type === 'loaded' ? 'loaded' : `error: ${(event as CustomEvent<{ code: string }>).detail.code}`,
      );
    };
    el.addEventListener('loaded', settle);
    el.addEventListener('error', settle);
  });
}

/**
 * Polls `condition` until it holds. Unlike @open-wc's `waitUntil`, whose timeout timer outlives its success
 * and keeps the condition (and so the element) alive for the whole timeout, this leaves no timer behind.
 */
function waitFor(condition: () => boolean, what: string, timeout = 15_000): Promise<void> {
  const deadline = performance.now() + timeout;
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (condition()) resolve();
      else if (performance.now() > deadline) reject(new Error(`timed out waiting until ${what}`));
      else setTimeout(poll, 50);
    };
    poll();
  });
}

/** Waits until `el`'s password field is focused in its open dialog (after a refusal: with the "wrong" line). */
async function waitForPrompt(el: ModelViewerEmbed, retry: boolean): Promise<void> {
  await waitFor(
    () => {
      const field = el.querySelector('.modal.open input[type="password"]');
      const wrong = el.querySelector('.modal.open [role="alert"]');
      return field !== null && document.activeElement === field && (!retry || wrong !== null);
    },
    `the password prompt${retry ? ' after a wrong password' : ''} has the focus`,
  );
}

/**
 * Types the secret with real key events and presses Enter. The pieces sent are short and never the whole
 * secret. WebKitGTK's driver drops the second of two identical neighbours within one `type` command, hence
 * the split between them (as support.ts's typeText does).
 */
async function typeSecret(codes: Codes): Promise<void> {
  let piece: Codes = [];
  for (const code of codes) {
    if (piece.length >= 6 || piece.at(-1) === code) {
      await sendKeys({ type: textOf(piece) });
      piece = [];
    }
    piece.push(code);
  }
  if (piece.length > 0) await sendKeys({ type: textOf(piece) });
  const field = document.activeElement;
  // Compared code by code: the field's value is read into a temporary string, never kept.
  expect(
    field instanceof HTMLInputElement &&
      field.value.length === codes.length &&
      codes.every((code, i) => field.value.charCodeAt(i) === code),
    'the field holds what was typed',
  ).to.equal(true);
  await sendKeys({ press: 'Enter' });
}

async function resetPlatform(): Promise<void> {
  // Wrong passwords count towards the platform's limit: start each test at zero.
  const response = await fetch('/__platform/reset', { method: 'POST' });
  expect(response.ok, 'POST /__platform/reset').to.equal(true);
}

/** Mints a model token for `modelId` through the platform's test control, as codes. */
async function mintTokenCodes(modelId: string): Promise<Codes> {
  const response = await fetch('/__platform/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId }),
  });
  expect(response.ok, 'POST /__platform/token').to.equal(true);
  return codesOf(((await response.json()) as { token: string }).token);
}

describe('secrets in memory after removal (Chromium heap snapshots; real SDK, local platform)', function () {
  this.timeout(120_000);

  before(async function () {
    const probe = await executeServerCommand<FindInHeapResult, FindInHeapPayload>('find-in-heap', {
      probe: true,
    });
    // Explicit: only Chromium exposes heap snapshots to the test runner (DevTools protocol HeapProfiler).
    if (!probe?.supported) this.skip();
  });

  afterEach(() => {
    controlSecret = undefined;
    retainedDialog = undefined;
    clearTokenCache();
  });

  it('positive control: finds a secret this module keeps, and not one it dropped', async () => {
    const kept = randomSecret('control-kept-');
    const dropped = randomSecret('control-dropped-');
    controlSecret = textOf(kept);
    let temporary: string | undefined = textOf(dropped);
    expect(temporary.length).to.equal(dropped.length);
    temporary = undefined;

    const finds = await findInHeap([
      { label: 'kept', codes: kept },
      { label: 'dropped', codes: dropped },
    ]);
    const reachable = finds.filter((find) => find.reachable);
    expect(
      reachable.map((find) => find.label),
      describeFinds(finds).join('\n\n'),
    ).to.deep.equal(['kept']);
    expect(reachable[0]!.retainers, 'the path names the module variable').to.match(/controlSecret/);
    expect(controlSecret?.length, 'still held while searched').to.equal(kept.length);
    expect(
      finds.filter((find) => find.label === 'dropped'),
      'a dropped string is collected',
    ).to.deep.equal([]);
  });

  it('passwords typed into the dialog (wrong, then right) are gone once the element is removed', async () => {
    await resetPlatform();
    const wrong = randomSecret('typed-wrong-');
    let mounted: ReturnType<typeof mount> | undefined = mount('protected-house', (el) => {
      el.passwordMode = true;
    });
    await waitForPrompt(mounted.el, false);
    await typeSecret(wrong);
    await waitForPrompt(mounted.el, true);
    const loaded = outcome(mounted.el);
    await typeSecret(DEMO_PASSWORD_CODES);
    expect(await loaded).to.equal('loaded');

    mounted.container.remove();
    mounted = undefined;
    const finds = await findInHeap([
      { label: 'wrong typed password', codes: wrong, basicAuthModelId: 'protected-house' },
      { label: 'right typed password', codes: DEMO_PASSWORD_CODES, basicAuthModelId: 'protected-house' },
    ]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });

  it('the password property is gone once the element is removed', async () => {
    await resetPlatform();
    let mounted: ReturnType<typeof mount> | undefined = mount('protected-house', (el) => {
      el.passwordMode = true;
      el.password = textOf(DEMO_PASSWORD_CODES);
    });
    expect(await outcome(mounted.el)).to.equal('loaded');

    mounted.container.remove();
    mounted = undefined;
    const finds = await findInHeap([
      { label: 'password property', codes: DEMO_PASSWORD_CODES, basicAuthModelId: 'protected-house' },
    ]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });

  it('a wrong password property is gone when the element is removed while the dialog asks again', async () => {
    await resetPlatform();
    const wrong = randomSecret('property-wrong-');
    let mounted: ReturnType<typeof mount> | undefined = mount('protected-house', (el) => {
      el.passwordMode = true;
      el.password = textOf(wrong);
    });
    await waitForPrompt(mounted.el, true);
    // Something outside the element keeps the SDK's dialog: Materialize's animation engine does so while the
    // dialog closes, and a page may too. Its OK button's handler must not lead back to the element.
    retainedDialog = mounted.el.querySelector('.modal.open') ?? undefined;
    expect(retainedDialog !== undefined, 'the dialog is open').to.equal(true);

    mounted.container.remove();
    mounted = undefined;
    const finds = await findInHeap([
      { label: 'password property', codes: wrong, basicAuthModelId: 'protected-house' },
    ]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });

  it('an access-token attribute is gone once the element is removed', async () => {
    const token = await mintTokenCodes('small-office');
    let mounted: ReturnType<typeof mount> | undefined = mount('small-office', (el) => {
      el.setAttribute('access-token', textOf(token));
    });
    expect(await outcome(mounted.el)).to.equal('loaded');

    mounted.container.remove();
    mounted = undefined;
    const finds = await findInHeap([{ label: 'access-token', codes: token }]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });

  it("a tokenProvider's token is gone once the element is removed and the page drops the provider", async () => {
    // The token cache is keyed weakly by the provider function: it lives as long as the page keeps the provider.
    let token: Codes = [];
    let provider: TokenProvider | undefined = async (modelId) => {
      const codes = await mintTokenCodes(modelId);
      token = codes;
      return textOf(codes);
    };
    let mounted: ReturnType<typeof mount> | undefined = mount('small-office', (el) => {
      el.tokenProvider = provider!;
    });
    expect(await outcome(mounted.el)).to.equal('loaded');
    expect(token.length, 'the provider was asked').to.be.greaterThan(8);

    mounted.container.remove();
    mounted = undefined;
    provider = undefined;
    const finds = await findInHeap([{ label: 'tokenProvider token', codes: token }]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });

  it("a tokenProvider's token leaves the page-wide cache once it is no longer handed out, provider kept", async () => {
    let token: Codes = [];
    let expiresAt = 0;
    const provider: TokenProvider = async (modelId) => {
      const codes = await mintTokenCodes(modelId);
      token = codes;
      // Declared short-lived: the cache hands it out for half of these four seconds, then must forget it.
      expiresAt = Date.now() + 4000;
      return { token: textOf(codes), expiresAt };
    };
    let mounted: ReturnType<typeof mount> | undefined = mount('small-office', (el) => {
      el.tokenProvider = provider;
    });
    expect(await outcome(mounted.el)).to.equal('loaded');
    mounted.container.remove();
    mounted = undefined;

    // The provider stays alive (this test holds it), so only the expiry can free the token. Search until it is
    // gone, giving the cache's timer ample time on a busy machine.
    const deadline = expiresAt + 15_000;
    let finds = await findInHeap([{ label: 'tokenProvider token', codes: token }]);
    while (finds.length > 0 && Date.now() < deadline) {
      finds = await findInHeap([{ label: 'tokenProvider token', codes: token }]);
    }
    expect(describeFinds(finds)).to.deep.equal([]);
    expect(typeof provider, 'the provider is still held').to.equal('function');
  });

  it('token-url: the page-wide token cache keeps the fetched token after removal, until it is cleared', async () => {
    const tokenUrl = '/api/bimu-token';
    let mounted: ReturnType<typeof mount> | undefined = mount('small-office', (el) => {
      el.tokenUrl = tokenUrl;
    });
    expect(await outcome(mounted.el)).to.equal('loaded');
    mounted.container.remove();
    mounted = undefined;

    // The demo's route caches its token server-side, so asking it again returns the token the element got; the
    // first search below proves it (the shared cache is found holding it).
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ modelId: 'small-office' }),
    });
    expect(response.ok, `POST ${tokenUrl}`).to.equal(true);
    const token = codesOf(((await response.json()) as { token: string }).token);

    // By design: tokens from the same token-url are shared by every embed of the page until they near expiry.
    const whileCached = await findInHeap([{ label: 'token-url token', codes: token }]);
    const cached = whileCached.filter((find) => find.reachable);
    expect(cached.length, 'the shared cache holds the token').to.be.greaterThan(0);
    expect(
      cached.every((find) => /urlSources/.test(find.retainers)),
      `only the page-wide cache holds it:\n${describeFinds(cached).join('\n\n')}`,
    ).to.equal(true);

    clearTokenCache();
    const finds = await findInHeap([{ label: 'token-url token', codes: token }]);
    expect(describeFinds(finds)).to.deep.equal([]);
  });
});
