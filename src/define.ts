/**
 * Registers `<model-viewer-embed>`. Guarded, so that two copies of the package on one page (two bundles,
 * a CDN copy next to an npm one) do not throw "this name has already been used".
 */
import { ModelViewerEmbed } from './model-viewer-embed.js';

export const tagName = 'model-viewer-embed';

// The tag is written out literally (not `tagName`) so the custom-elements manifest analyzer can read it.
if (typeof customElements !== 'undefined' && !customElements.get('model-viewer-embed')) {
  customElements.define('model-viewer-embed', ModelViewerEmbed);
}

export { ModelViewerEmbed };
