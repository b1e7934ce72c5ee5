/**
 * Looks at the demo as a person would: starts the dev server (with the local platform), opens the demo in
 * Debian's Chromium, walks through each state and saves a screenshot of it to docs/screenshots/.
 *
 *   npm run screenshots
 *
 * Every wait is bounded; the script exits non-zero when a state is not reached.
 */
import { mkdir } from 'node:fs/promises';
import { createServer } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_BIN } from './chromium.js';

const OUT_DIR = new URL('../docs/screenshots/', import.meta.url);
const STATE_TIMEOUT_MS = 90_000;

async function shot(page: Page, name: string, selector?: string): Promise<void> {
  const path = new URL(`${name}.png`, OUT_DIR).pathname;
  if (selector) await page.locator(selector).screenshot({ path, timeout: STATE_TIMEOUT_MS });
  else await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: docs/screenshots/${name}.png`);
}

async function statusOf(page: Page, id: string): Promise<string> {
  return page.evaluate(
    (embedId) => (document.getElementById(embedId) as unknown as { status: string }).status,
    id,
  );
}

async function waitForStatus(page: Page, id: string, wanted: string): Promise<void> {
  await page.waitForFunction(
    ([embedId, status]) =>
      (document.getElementById(embedId!) as unknown as { status: string }).status === status,
    [id, wanted],
    { timeout: STATE_TIMEOUT_MS },
  );
}

/** The SDK's dialog lives in the light DOM of the password embed's container. */
const PASSWORD_INPUT = '#password-embed input[type="password"]';

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const server = await createServer({
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
    // Vite scans every .html file in the project for dependencies to pre-bundle, the Trusted Types test pages
    // included, whose test-runner imports only resolve inside web-test-runner: the demo is the only entry here.
    optimizeDeps: { entries: ['index.html'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_BIN,
    args: [...CHROMIUM_ARGS],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`, { timeout: STATE_TIMEOUT_MS });

    // While the large model downloads (the demo throttles it), progress is visible.
    await page.waitForFunction(
      () => {
        const embed = document.getElementById('large-embed') as unknown as { progress: number } | null;
        return embed !== null && embed.progress > 0.05;
      },
      undefined,
      { timeout: STATE_TIMEOUT_MS },
    );
    await shot(page, '1-loading', '#large-embed');

    await waitForStatus(page, 'token-embed', 'loaded');
    await shot(page, '2-token-mode-loaded', '#token-embed');
    await waitForStatus(page, 'open-embed', 'loaded');
    await shot(page, '3-shared-without-password-loaded', '#open-embed');

    // Password mode: the element asks through the SDK's own dialog.
    await page.waitForSelector(PASSWORD_INPUT, { state: 'visible', timeout: STATE_TIMEOUT_MS });
    await shot(page, '4-password-prompt', '#password-embed');
    await page.locator(PASSWORD_INPUT).fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (selector) => {
        const input = document.querySelector(selector);
        const body = input?.closest('.modal, [role="dialog"]') ?? input?.parentElement;
        return Boolean(input && body && /wrong password/i.test(body.textContent ?? ''));
      },
      PASSWORD_INPUT,
      { timeout: STATE_TIMEOUT_MS },
    );
    await shot(page, '5-wrong-password', '#password-embed');
    await page.locator(PASSWORD_INPUT).fill('local-demo-password');
    await page.keyboard.press('Enter');
    await waitForStatus(page, 'password-embed', 'loaded');
    await shot(page, '6-password-mode-loaded', '#password-embed');

    // Camera and selection: a real click on the model selects an element (its properties are listed), then a
    // snapshot of the view shows below.
    await waitForStatus(page, 'camera-embed', 'loaded');
    await page.locator('#camera-embed').scrollIntoViewIfNeeded();
    // A viewer out of sight does not draw: wait until the scrolled-to canvas shows the model.
    const handle = await page.waitForFunction(
      () => {
        const canvas = document.querySelector<HTMLCanvasElement>('#camera-embed canvas')!;
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d')!;
        context.drawImage(canvas, 0, 0);
        const { data } = context.getImageData(0, 0, copy.width, copy.height);
        const box = canvas.getBoundingClientRect();
        // The middle of the first run of 16 non-white pixels on the middle row: a wall of the front view. The SDK
        // picks by ray casting, and a pixel on a thin edge can miss.
        const y = Math.floor(copy.height / 2);
        let run = 0;
        for (let x = Math.floor(copy.width / 3); x < copy.width; x++) {
          const i = (y * copy.width + x) * 4;
          run = data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240 ? run + 1 : 0;
          if (run === 16) {
            return {
              x: box.left + ((x - 7.5) * box.width) / copy.width,
              y: box.top + ((y + 0.5) * box.height) / copy.height,
            };
          }
        }
        return null;
      },
      undefined,
      { timeout: STATE_TIMEOUT_MS },
    );
    const target = (await handle.jsonValue())!;
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction(
      () => /^Element \d+/.test(document.querySelector('#selection-caption')?.textContent ?? ''),
      undefined,
      { timeout: STATE_TIMEOUT_MS },
    );
    await page.click('#take-snapshot');
    await page.waitForSelector('#snapshot-image:not([hidden])', { timeout: STATE_TIMEOUT_MS });
    await page.waitForFunction(() => document.querySelector<HTMLImageElement>('#snapshot-image')!.complete);
    await shot(page, '12-camera-and-selection', 'section[aria-labelledby="camera-title"]');

    // Appearance: the embeds below the first screen load lazily, once scrolled near.
    await page.locator('#clean-embed').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'clean-embed', 'loaded');
    await shot(page, '8-toolbar-off', '#clean-embed');
    await page.locator('#branded-embed').scrollIntoViewIfNeeded();
    await waitForStatus(page, 'branded-embed', 'loaded');
    await shot(page, '9-background-and-button-color', '#branded-embed');

    // Language: the prompt in Arabic (right to left), then, switched to German, its "wrong password" line.
    const LANGUAGE_INPUT = '#language-embed input[type="password"]';
    await page.locator('#language-embed').scrollIntoViewIfNeeded();
    await page.waitForSelector(LANGUAGE_INPUT, { state: 'visible', timeout: STATE_TIMEOUT_MS });
    await shot(page, '10-password-prompt-arabic-rtl', '#language-embed');
    await page.selectOption('#language-select', 'de');
    await page.locator(LANGUAGE_INPUT).fill('not-the-password');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (selector) => {
        const body = document.querySelector(selector)?.closest('.modal');
        return Boolean(body && /Falsches Passwort/.test(body.textContent ?? ''));
      },
      LANGUAGE_INPUT,
      { timeout: STATE_TIMEOUT_MS },
    );
    await shot(page, '11-wrong-password-german', '#language-embed');
    await page.locator(LANGUAGE_INPUT).fill('local-demo-password');
    await page.keyboard.press('Enter');
    await waitForStatus(page, 'language-embed', 'loaded');

    await waitForStatus(page, 'large-embed', 'loaded');
    await shot(page, '7-whole-page');

    const statuses = await Promise.all(
      ['token-embed', 'large-embed', 'password-embed', 'open-embed', 'camera-embed'].map((id) =>
        statusOf(page, id),
      ),
    );
    console.log(`statuses: ${statuses.join(', ')}`);
    if (pageErrors.length > 0) {
      console.error(`uncaught page errors:\n${pageErrors.join('\n')}`);
      process.exitCode = 1;
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
