/**
 * `model-viewer-embed/svelte` (types only): `<model-viewer-embed>` in Svelte 5 markup, checked by svelte-check.
 * Opt in with `"types": ["model-viewer-embed/svelte"]` in tsconfig's `compilerOptions`, and define the element
 * with `import 'model-viewer-embed/define'`. Svelte 5 sets a custom element's known properties as properties
 * (`password={pw}` never becomes an attribute on the client) and turns `onloaded={…}` into a listener.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { ModelViewerEmbed } from './model-viewer-embed.js';
import type { ModelViewerEmbedAttributes, ModelViewerEmbedLowercaseHandlers } from './types.js';

/**
 * The tag's attributes: the element's settings (kebab-case attributes, `password` and `tokenProvider` as
 * properties), from its settings table, and a lower-case `on…` listener for each of its events.
 */
export type ModelViewerEmbedSvelteAttributes = Omit<
  HTMLAttributes<ModelViewerEmbed>,
  'onerror' | 'onprogress'
> &
  ModelViewerEmbedAttributes &
  ModelViewerEmbedLowercaseHandlers;

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'model-viewer-embed': ModelViewerEmbedSvelteAttributes;
  }
}
