/**
 * Registers `<model-viewer-embed>`. Guarded, so that two copies of the package on one page (two bundles,
 * a CDN copy next to an npm one) do not throw "this name has already been used".
 */
import { ModelViewerEmbed } from './model-viewer-embed.js';
import { loadSdkFromPageSettings } from './internal/sdk-loader.js';

export const tagName = 'model-viewer-embed';

// The tag is written out literally (not `tagName`) so the custom-elements manifest analyzer can read it.
if (typeof customElements !== 'undefined' && !customElements.get('model-viewer-embed')) {
  // A page with `<meta>` settings has said where three.js and the SDK are: their downloads start now, as the
  // page's own <script> tags would, instead of after the first element's first update. In a microtask: it runs
  // once the page's modules have been evaluated, so that a `configure()` call at the top level of a module that
  // imports this one still applies, and before the elements' first updates. Only the copy that defines the
  // element does so; a second copy's elements are never used.
  queueMicrotask(loadSdkFromPageSettings);
  customElements.define('model-viewer-embed', ModelViewerEmbed);
}

export { ModelViewerEmbed };
