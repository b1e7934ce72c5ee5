/**
 * The plugin in a real WordPress, driven in Chromium (scripts/test-wordpress.sh starts the site and the local
 * platform and passes their URLs):
 * - the administrator's settings page never shows a stored secret;
 * - an author (no `unfiltered_html`) inserts the block and a raw element in the block editor and publishes;
 * - a visitor sees the model load through the PHP token route, with the API key and the model passwords in
 *   no response the browser gets, and nothing loaded from another origin;
 * - a password-mode block asks the visitor through the SDK's dialog.
 * With MVE_WP_SCREENSHOTS_DIR set, it saves screenshots of the editor and the published pages there.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from '../../scripts/chromium.js';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this file through npm run test:wordpress.`);
  return value;
}

const SITE = env('MVE_WP_URL');
const PLATFORM = env('MVE_PLATFORM_URL');
const SCREENSHOTS = process.env.MVE_WP_SCREENSHOTS_DIR;
// LOCAL-ONLY credentials of the local platform (demo/platform/catalog.ts): none may reach a browser.
const SECRETS = [
  'local-demo-api-key',
  'local-demo-small-office-password',
  'local-demo-large-campus-password',
] as const;
const PROTECTED_HOUSE_PASSWORD = 'local-demo-password';
// Software WebGL on a busy two-core machine: a generous bound on conditions, never a sleep.
const LOAD_TIMEOUT_MS = 120_000;
// A test that cannot finish (a response body that never arrives) fails after this instead of holding CI.
const TEST = { timeout: 400_000 };

interface Seen {
  url: string;
  status: number;
  text: string;
}

/**
 * Records every response the page receives, with its headers and body. Each request is fetched from Node
 * and handed to the page (`route.fetch()`), so the body is recorded whether or not the page reads it: the
 * DevTools body of a response the page never reads (the SDK's failed password request) may never arrive.
 */
async function recordResponses(page: Page): Promise<{ all: () => Promise<Seen[]> }> {
  const pending: Promise<Seen>[] = [];
  await page.route('**/*', (route) => {
    // This machine's network is closed: anything else (WordPress's Gravatar images) fails at once, and the
    // visitor tests assert there is nothing else.
    const { origin } = new URL(route.request().url());
    if (origin !== new URL(SITE).origin && origin !== new URL(PLATFORM).origin) return route.abort();
    // Uncompressed, so that a secret in a body cannot hide from the search in compression (and WordPress's
    // `deflate` script concatenation is raw DEFLATE, which Playwright cannot decode).
    const headers = { ...route.request().headers(), 'accept-encoding': 'identity' };
    const done = route.fetch({ maxRedirects: 0, headers }).then(async (response) => {
      const body = await response.body();
      await route.fulfill({ response, body });
      const headers = response
        .headersArray()
        .map(({ name, value }) => `${name}: ${value}`)
        .join('\n');
      return {
        url: route.request().url(),
        status: response.status(),
        text: `${headers}\n\n${body.toString('latin1')}`,
      };
    });
    pending.push(done);
    return done.then(() => undefined);
  });
  return { all: () => Promise.all(pending) };
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

async function logIn(context: BrowserContext, user: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${SITE}/wp-login.php`);
  await page.fill('#user_login', user);
  await page.fill('#user_pass', password);
  await Promise.all([page.waitForURL(/wp-admin/), page.click('#wp-submit')]);
  return page;
}

/** Waits until every element of the page reaches `loaded`; fails at once on `error`. */
async function waitForLoaded(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => {
      const elements = [...document.querySelectorAll('model-viewer-embed')] as unknown as {
        status: string;
        error: { code: string; message: string } | null;
      }[];
      const failed = elements.find((el) => el.status === 'error');
      if (failed) throw new Error(`load failed: ${failed.error?.code} ${failed.error?.message}`);
      return elements.length === expected && elements.every((el) => el.status === 'loaded');
    },
    count,
    { timeout: LOAD_TIMEOUT_MS, polling: 100 },
  );
}

/** Creates and publishes a post in the block editor, as the logged-in user; returns its URL. */
async function publishInEditor(
  page: Page,
  title: string,
  blocks: [name: string, attributes: Record<string, unknown>][],
  screenshot?: string,
): Promise<string> {
  await page.goto(`${SITE}/wp-admin/post-new.php`);
  await page.waitForFunction(
    () => {
      const wp = (window as any).wp;
      return Boolean(
        wp?.blocks?.getBlockType('bimu/model') && wp.data.select('core/editor').getCurrentPostId(),
      );
    },
    undefined,
    { timeout: LOAD_TIMEOUT_MS },
  );
  // The first block alone while the editor is shown; the others are added after the screenshot.
  const insert = (from: number, to?: number) =>
    page.evaluate(
      ({ title, blocks }) => {
        const wp = (window as any).wp;
        wp.data.dispatch('core/editor').editPost({ title });
        const created = blocks.map(([name, attributes]) => wp.blocks.createBlock(name, attributes));
        wp.data.dispatch('core/block-editor').insertBlocks(created);
        if (created[0]) wp.data.dispatch('core/block-editor').selectBlock(created[0].clientId);
      },
      { title, blocks: blocks.slice(from, to) },
    );
  if (screenshot) {
    await insert(0, 1);
    await page.locator('.bimu-model-embed-placeholder').first().waitFor();
    await page.getByLabel('Model id').first().waitFor();
    await shot(page, screenshot);
    await insert(1);
  } else {
    await insert(0);
  }
  return page.evaluate(async () => {
    const wp = (window as any).wp;
    wp.data.dispatch('core/editor').editPost({ status: 'publish' });
    await wp.data.dispatch('core/editor').savePost();
    const post = wp.data.select('core/editor').getCurrentPost();
    if (post.status !== 'publish') throw new Error(`not published: ${post.status}`);
    return post.link as string;
  });
}

describe('the bimU.io model plugin in WordPress', () => {
  let browser: Browser;
  let tokenPostUrl: string;
  let passwordPostUrl: string;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_BIN, args: [...CHROMIUM_ARGS] });
  });
  /** A browser context whose waits (navigation, screenshots) have the suite's bound, not Playwright's 30 s. */
  async function openContext(viewport = { width: 1200, height: 1000 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport });
    context.setDefaultTimeout(LOAD_TIMEOUT_MS);
    return context;
  }

  after(async () => {
    await browser?.close();
  });

  it(
    'shows the administrator which models have a password, never a password or the API key',
    TEST,
    async () => {
      const context = await openContext();
      const page = await logIn(context, 'admin', env('MVE_WP_ADMIN_PASSWORD'));
      const recorder = await recordResponses(page);
      await page.goto(`${SITE}/wp-admin/options-general.php?page=bimu-model-embed`);
      const html = await page.content();
      assert.match(html, /small-office/);
      assert.match(html, /password set/);
      await page.goto(`${SITE}/?rest_route=/`);
      const seen = await recorder.all();
      assert.ok(seen.length >= 2);
      for (const secret of SECRETS) {
        assert.ok(!html.includes(secret), `the settings page holds ${secret}`);
        assert.deepEqual(
          seen.filter((response) => response.text.includes(secret)).map((response) => response.url),
          [],
        );
      }
      await context.close();
    },
  );

  it('lets an author without unfiltered_html publish the block and a raw element', TEST, async () => {
    const context = await openContext({ width: 1400, height: 900 });
    const page = await logIn(context, 'author', env('MVE_WP_AUTHOR_PASSWORD'));
    tokenPostUrl = await publishInEditor(
      page,
      'A model with a token from the site',
      [
        ['bimu/model', { modelId: 'small-office', height: '420px' }],
        [
          'core/html',
          {
            // What an author may write (model-id, style) and what kses must strip: script URLs, handlers,
            // a token endpoint and a base URL of the author's choosing.
            content:
              '<model-viewer-embed model-id="small-office" style="height:320px" sdk-src="https://attacker.example/x.js" ' +
              'three-src="https://attacker.example/t.js" ui-assets-base="https://attacker.example/" ' +
              'token-url="https://attacker.example/t" base-url="https://attacker.example/api" onclick="alert(1)">' +
              '</model-viewer-embed>',
          },
        ],
      ],
      'wordpress-1-block-in-editor',
    );
    passwordPostUrl = await publishInEditor(page, 'A model shared with a password', [
      ['bimu/model', { modelId: 'protected-house', auth: 'password', height: '420px' }],
    ]);
    await context.close();
  });

  it(
    'loads the published model through the PHP token route, with no secret in any response',
    TEST,
    async () => {
      assert.ok(tokenPostUrl, 'the author published the post');
      const context = await openContext();
      const page = await context.newPage();
      const recorder = await recordResponses(page);
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(tokenPostUrl);
      await waitForLoaded(page, 2);
      await page.locator('model-viewer-embed').first().scrollIntoViewIfNeeded();
      await shot(page, 'wordpress-2-published-page');
      const seen = await recorder.all();

      const tokenAnswers = seen.filter((response) => response.url.includes('bimu/v1/token'));
      assert.ok(tokenAnswers.length >= 1, 'the page asked the PHP token route');
      assert.ok(tokenAnswers.every((response) => response.status === 200));
      for (const secret of SECRETS) {
        assert.deepEqual(
          seen.filter((response) => response.text.includes(secret)).map((response) => response.url),
          [],
          `${secret} reached the browser`,
        );
      }
      // Everything came from the site or the bimU.io API it is configured with: no CDN, nothing the author named.
      const origins = new Set(requests.map((url) => new URL(url).origin));
      assert.deepEqual([...origins].sort(), [new URL(PLATFORM).origin, new URL(SITE).origin].sort());
      const html = await page.content();
      assert.ok(!html.includes('attacker.example'), 'an attribute the author must not set survived');
      assert.ok(!/onclick/i.test(html));
      await context.close();
    },
  );

  it('asks for the password of a password-mode block through the SDK dialog', TEST, async () => {
    assert.ok(passwordPostUrl, 'the author published the post');
    const context = await openContext();
    const page = await context.newPage();
    const recorder = await recordResponses(page);
    await page.goto(passwordPostUrl);
    const field = page.locator('model-viewer-embed .modal.open input[type="password"]');
    await field.waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('model-viewer-embed .modal.open')!).opacity === '1',
    );
    await shot(page, 'wordpress-3-password-prompt');
    await field.fill(PROTECTED_HOUSE_PASSWORD);
    await field.press('Enter');
    await waitForLoaded(page, 1);
    const seen = await recorder.all();
    assert.equal(seen.filter((response) => response.url.includes('bimu/v1/token')).length, 0);
    await context.close();
  });
});
