/**
 * `model-viewer-embed/svelte` (types only): `<model-viewer-embed>` in Svelte 5 markup, checked by svelte-check.
 * Opt in with `"types": ["model-viewer-embed/svelte"]` in tsconfig's `compilerOptions`, and define the element
 * with `import 'model-viewer-embed/define'`. Svelte 5 sets a custom element's known properties as properties
 * (`password={pw}` never becomes an attribute on the client) and turns `onloaded={…}` into a listener.
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { ModelViewerEmbed } from './model-viewer-embed.js';
import type { ModelErrorEvent, ModelLoadedEvent, ModelProgressEvent } from './events.js';
import type { TokenProvider } from './internal/credentials.js';

export interface ModelViewerEmbedSvelteAttributes extends Omit<
  HTMLAttributes<ModelViewerEmbed>,
  'onerror' | 'onprogress'
> {
  'model-id'?: string | null;
  'token-url'?: string | null;
  'access-token'?: string | null;
  'password-mode'?: boolean;
  'base-url'?: string | null;
  timeout?: number | null;
  'sdk-src'?: string | null;
  'three-src'?: string | null;
  'ui-assets-base'?: string | null;
  tokenProvider?: TokenProvider | null;
  password?: string | null;
  onprogress?: (event: ModelProgressEvent) => void;
  onloaded?: (event: ModelLoadedEvent) => void;
  onerror?: (event: ModelErrorEvent) => void;
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'model-viewer-embed': ModelViewerEmbedSvelteAttributes;
  }
}
