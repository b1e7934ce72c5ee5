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
import type { ModelErrorEvent, ModelLoadedEvent, ModelProgressEvent } from './events.js';

/** The element's settable properties; in templates also kebab-case (`:model-id`, `token-url`). */
export type ModelViewerEmbedVueProps = Partial<
  Pick<
    ModelViewerEmbed,
    | 'modelId'
    | 'accessToken'
    | 'tokenUrl'
    | 'tokenProvider'
    | 'passwordMode'
    | 'password'
    | 'baseUrl'
    | 'timeout'
    | 'sdkSrc'
    | 'threeSrc'
    | 'uiAssetsBase'
  >
>;

export interface ModelViewerEmbedVueEvents {
  progress: (event: ModelProgressEvent) => void;
  loaded: (event: ModelLoadedEvent) => void;
  error: (event: ModelErrorEvent) => void;
}

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
