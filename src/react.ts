/**
 * `model-viewer-embed/react`: `<ModelViewerEmbed>` for React 18 and 19, a `@lit/react` wrapper.
 *
 * Use it rather than the bare tag when the page is server-rendered and hydrated: React 19 attaches the bare
 * tag's custom-event props (`onloaded`) while it renders on the client, but after `hydrateRoot` it never does
 * (react/react#35446, open), so `loaded` and `error` would reach no handler. The wrapper adds its listeners
 * itself, in a layout effect, on every render path. It also sets every element property (`password`
 * included) as a property after mount: nothing but `style`, `className` and plain HTML attributes is ever
 * rendered into server HTML, so a password cannot end up in the page's markup.
 *
 * Importing this module defines the element (guarded, like `model-viewer-embed/define`).
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { ModelViewerEmbed as ModelViewerEmbedElement } from './define.js';
import type {
  ModelCameraChangeEvent,
  ModelContextLostEvent,
  ModelContextRestoredEvent,
  ModelErrorEvent,
  ModelLoadedEvent,
  ModelProgressEvent,
  ModelSelectEvent,
  ModelViewerEmbedEventMap,
} from './events.js';
import type { ModelViewerEmbedSettings } from './types.js';

/** `context-lost` → `ContextLost`. */
type PascalCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<Name>;

/** Handlers of the element's own events (`onLoaded`, `onContextLost`…), with their typed event. */
export type ModelViewerEmbedHandlers = {
  [K in keyof ModelViewerEmbedEventMap as `on${PascalCase<K>}`]?: (
    event: ModelViewerEmbedEventMap[K],
  ) => void;
};

// Typed against the event map, so an event added to the element and not here fails the type-check.
const events: {
  [K in keyof ModelViewerEmbedEventMap as `on${PascalCase<K>}`]-?: EventName<ModelViewerEmbedEventMap[K]>;
} = {
  onProgress: 'progress' as EventName<ModelProgressEvent>,
  onLoaded: 'loaded' as EventName<ModelLoadedEvent>,
  onError: 'error' as EventName<ModelErrorEvent>,
  onContextLost: 'context-lost' as EventName<ModelContextLostEvent>,
  onContextRestored: 'context-restored' as EventName<ModelContextRestoredEvent>,
  onCameraChange: 'camera-change' as EventName<ModelCameraChangeEvent>,
  onSelect: 'select' as EventName<ModelSelectEvent>,
};

/**
 * Props of `<ModelViewerEmbed>`: the element's settings, its event handlers, and the usual HTML props
 * (`style`, `className`, `id`, `aria-*`…). React's own `onError`/`onProgress` media handlers are replaced by
 * the element's, and there are no children: the element fills its light DOM itself.
 */
export type ModelViewerEmbedProps = ModelViewerEmbedSettings &
  ModelViewerEmbedHandlers &
  Omit<
    React.HTMLAttributes<ModelViewerEmbedElement>,
    | keyof ModelViewerEmbedHandlers
    | 'onErrorCapture'
    | 'onProgressCapture'
    | 'onSelectCapture'
    | 'children'
    | 'dangerouslySetInnerHTML'
  > &
  React.RefAttributes<ModelViewerEmbedElement>;

/** `<model-viewer-embed>` as a React component; its `ref` is the element. */
export const ModelViewerEmbed: React.ForwardRefExoticComponent<ModelViewerEmbedProps> = createComponent({
  react: React,
  tagName: 'model-viewer-embed',
  elementClass: ModelViewerEmbedElement,
  events,
  displayName: 'ModelViewerEmbed',
}) as React.ForwardRefExoticComponent<ModelViewerEmbedProps>;

export type { ModelViewerEmbedElement, ModelViewerEmbedSettings };
export type {
  ModelCameraChangeDetail,
  ModelCameraChangeEvent,
  ModelElementProperty,
  ModelSelectDetail,
  ModelSelectEvent,
  ModelSelectedElement,
  ModelErrorDetail,
  ModelErrorEvent,
  ModelLoadedDetail,
  ModelLoadedEvent,
  ModelProgressDetail,
  ModelProgressEvent,
} from './events.js';
export type { ModelErrorCode } from './internal/errors.js';
