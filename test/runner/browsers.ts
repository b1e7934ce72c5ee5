/**
 * The three engines the suite runs in, all from Debian's packages (no test tool may download its own
 * browser here). Selected with BROWSERS=chromium,firefox,webkit (default: all three).
 *
 * WebGL is the constraint that shapes these launchers: headless Chromium gets WebGL 1 from SwiftShader,
 * headless Firefox gets none at all, so Firefox runs headful and WebKit's MiniBrowser needs a display too;
 * scripts/test.sh wraps the run in one `xvfb-run` with Mesa's software GL for both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { BrowserLauncher } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ALL_ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_BIN ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_BIN ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Flags without which Chromium floods this closed network with requests it cannot make. */
const CHROMIUM_QUIET_NETWORK = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-domain-reliability',
];

export function selectedEngines(): EngineName[] {
  const wanted = (process.env.BROWSERS ?? ALL_ENGINES.join(','))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = wanted.filter((name) => !ALL_ENGINES.includes(name as EngineName));
  if (unknown.length > 0) throw new Error(`Unknown BROWSERS entry: ${unknown.join(', ')}`);
  return wanted as EngineName[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let webkitDriver: ChildProcess | undefined;

/** Starts WebKitWebDriver (it serves MiniBrowser sessions) and waits until it accepts connections. */
async function startWebKitDriver(): Promise<number> {
  const port = await freePort();
  webkitDriver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: 'ignore' });
  const stop = () => webkitDriver?.kill();
  process.once('exit', stop);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return port;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${WEBKIT_DRIVER} did not start on port ${port}`);
}

export async function createLaunchers(engines: EngineName[]): Promise<BrowserLauncher[]> {
  const launchers: BrowserLauncher[] = [];
  for (const engine of engines) {
    if (engine === 'chromium') {
      launchers.push(
        chromeLauncher({
          launchOptions: {
            executablePath: CHROMIUM,
            headless: true,
            args: [
              '--no-sandbox',
              '--use-angle=swiftshader',
              '--enable-unsafe-swiftshader',
              '--ignore-gpu-blocklist',
              ...CHROMIUM_QUIET_NETWORK,
            ],
          },
        }),
      );
    } else if (engine === 'firefox') {
      launchers.push(
        puppeteerLauncher({
          launchOptions: {
            browser: 'firefox',
            executablePath: FIREFOX,
            // Headless Firefox has no WebGL on these machines; headful under Xvfb has Mesa's.
            headless: false,
            extraPrefsFirefox: {
              'webgl.force-enabled': true,
              'browser.shell.checkDefaultBrowser': false,
              'app.update.enabled': false,
              'network.captive-portal-service.enabled': false,
              'browser.safebrowsing.malware.enabled': false,
              'browser.safebrowsing.phishing.enabled': false,
            },
          },
        }),
      );
    } else {
      const port = await startWebKitDriver();
      launchers.push(
        webdriverLauncher({
          automationProtocol: 'webdriver',
          hostname: '127.0.0.1',
          port,
          logLevel: 'error',
          capabilities: {
            browserName: 'MiniBrowser',
            'wdio:enforceWebDriverClassic': true,
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          } as WebdriverIO.Capabilities,
        }),
      );
    }
  }
  return launchers;
}
