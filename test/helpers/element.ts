/**
 * Helpers for tests of `<model-viewer-embed>` with the fake SDK: set-up/tear-down of the page-wide state the
 * element shares between instances (SDK loader, UI assets), and waiting for a load's outcome.
 */
import { fixtureCleanup, oneEvent } from '@open-wc/testing';
import { waitUntil } from './wait.js';
import '../../src/define.js';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import type { ModelErrorEvent, ModelLoadedEvent } from '../../src/events.js';
import { resetSdkLoaderForTests } from '../../src/internal/sdk-loader.js';
import { resetUiAssetsForTests } from '../../src/internal/head-asset-dedup.js';
import { resetPageConfigForTests } from '../../src/internal/config.js';
import { FakeSdk, type FakeSdkOptions } from './fake-sdk.js';
import { sleep } from './dom.js';

/** Installs a fresh fake SDK and forgets the page-wide state of earlier tests. */
export function installFakeSdk(options: FakeSdkOptions = {}): FakeSdk {
  resetSdkLoaderForTests();
  resetUiAssetsForTests();
  resetPageConfigForTests();
  return new FakeSdk(options).install();
}

/**
 * Gives each test of the enclosing `describe` a fresh fake SDK, handed to `use`. After each test it removes the
 * test's fixtures, waits one task (an element releases its viewer one task after it leaves the document, so
 * that a move keeps it), uninstalls the fake, then runs `cleanup` for what the file itself changed.
 */
export function useFakeSdk(use?: (sdk: FakeSdk) => void, cleanup?: () => void): void {
  let sdk: FakeSdk;
  beforeEach(() => {
    sdk = installFakeSdk();
    use?.(sdk);
  });
  afterEach(async () => {
    fixtureCleanup();
    await sleep(0);
    sdk.uninstall();
    cleanup?.();
  });
}

/** Resolves with the next `loaded` or `error` event of `element`. */
export async function outcome(element: ModelViewerEmbed): Promise<ModelLoadedEvent | ModelErrorEvent> {
  return Promise.race([oneEvent(element, 'loaded'), oneEvent(element, 'error')]) as Promise<
    ModelLoadedEvent | ModelErrorEvent
  >;
}

/** Waits until the element's viewer shows an open dialog, and returns its password field. */
export async function openPasswordField(
  element: ModelViewerEmbed,
  timeout = 5000,
): Promise<HTMLInputElement> {
  await waitUntil(
    () => element.querySelector('.modal.open input[type="password"]') !== null,
    'the password dialog opens',
    { timeout },
  );
  return element.querySelector<HTMLInputElement>('.modal.open input[type="password"]')!;
}

/** Clicks a button of the SDK's dialog inside `element`: 'ok' or 'cancel'. */
export function clickDialogButton(element: ModelViewerEmbed, button: 'ok' | 'cancel'): void {
  const selector =
    button === 'ok' ? '.modal.open .modal-footer a:not(.modal-close)' : '.modal.open .modal-close';
  element.querySelector<HTMLAnchorElement>(selector)!.click();
}
