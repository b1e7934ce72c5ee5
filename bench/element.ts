/**
 * The same scenario as raw-sdk.ts with `<model-viewer-embed>`: create the element, listen, append it; tear
 * down by removing it. The element loads three.js and the SDK itself (from the page's `<meta>` settings).
 */
import '../src/define.js';
import { run, type Mount } from './page-common.js';

const mount: Mount = (slot, scenario, onProgress) => {
  const element = document.createElement('model-viewer-embed');
  element.setAttribute('model-id', scenario.modelId);
  element.setAttribute('access-token', scenario.accessToken);
  return new Promise((resolve, reject) => {
    // Listeners are armed before the element is connected, which is when it starts loading.
    element.addEventListener('progress', (event) =>
      onProgress(event.detail.progress, String(event.detail.progress)),
    );
    element.addEventListener('loaded', () => resolve(() => element.remove()), { once: true });
    element.addEventListener(
      'error',
      (event) => reject(new Error(`error event: ${event.detail.code}: ${event.detail.message}`)),
      { once: true },
    );
    slot.append(element);
  });
};

void run(mount);
