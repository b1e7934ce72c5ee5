/**
 * `model-viewer-embed/vue` (types only): `<model-viewer-embed>` in Vue 3 templates, checked by vue-tsc.
 * Opt in with `"types": ["model-viewer-embed/vue"]` in tsconfig's `compilerOptions`; the compiler still needs
 * `isCustomElement: (tag) => tag === 'model-viewer-embed'` (see the README's framework notes) and the element
 * `import 'model-viewer-embed/define'`. With `vueCompilerOptions.strictTemplates`, a misspelt attribute is an
 * error too.
 *
 * The shape is the one Vue's documentation gives for custom elements: a constructor whose instance carries
 * template-only `$props` and `$emit`, so `:model-id="42"` and `@loaded="(e) => e.detail.modelid"` do not
 * type-check, and `@error` receives the element's `ModelErrorEvent`, not a DOM `Event`.
 */
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
import type { ModelViewerEmbed } from './model-viewer-embed.js';
import type { ModelViewerEmbedEventMap } from './events.js';
import type { ModelViewerEmbedSettings } from './types.js';

/** The element's settable properties (from its settings table); in templates also kebab-case (`:model-id`). */
export type ModelViewerEmbedVueProps = ModelViewerEmbedSettings;

/** The element's events, by name, with their typed event. */
export type ModelViewerEmbedVueEvents = {
  [K in keyof ModelViewerEmbedEventMap]: (event: ModelViewerEmbedEventMap[K]) => void;
};

export type ModelViewerEmbedVueComponent = new () => ModelViewerEmbed & {
  /** Template type-checking only: do not read it from a ref. */
  $props: Omit<HTMLAttributes, 'onError' | 'onProgress'> & ModelViewerEmbedVueProps & PublicProps;
  /** Template type-checking only: do not call it on a ref. */
  $emit: EmitFn<ModelViewerEmbedVueEvents>;
};

declare module 'vue' {
  interface GlobalComponents {
    'model-viewer-embed': ModelViewerEmbedVueComponent;
  }
}
