/**
 * Registers `<model-viewer-embed>`. Guarded, so that two copies of the package on one page (two bundles,
 * a CDN copy next to an npm one) do not throw "this name has already been used".
 */
import { ModelViewerEmbed } from './model-viewer-embed.js';

export const tagName = 'model-viewer-embed';

if (typeof customElements !== 'undefined' && !customElements.get(tagName)) {
  customElements.define(tagName, ModelViewerEmbed);
}

export { ModelViewerEmbed };
