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
import type { ModelErrorEvent, ModelLoadedEvent, ModelProgressEvent } from './events.js';

/** The element's settable properties, camelCase, with the meaning of the attributes of the same name. */
export type ModelViewerEmbedSettings = Partial<
  Pick<
    ModelViewerEmbedElement,
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

/** Handlers of the element's own events, with their typed `detail`. */
export interface ModelViewerEmbedHandlers {
  /** `detail.progress` from 0 to 1. */
  onProgress?: (event: ModelProgressEvent) => void;
  /** `detail.modelId`; once per successful load. */
  onLoaded?: (event: ModelLoadedEvent) => void;
  /** `detail.code`, `detail.message`, `detail.modelId`; once per failed load. */
  onError?: (event: ModelErrorEvent) => void;
}

/**
 * Props of `<ModelViewerEmbed>`: the element's settings, its three event handlers, and the usual HTML props
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
    | 'children'
    | 'dangerouslySetInnerHTML'
  > &
  React.RefAttributes<ModelViewerEmbedElement>;

/** `<model-viewer-embed>` as a React component; its `ref` is the element. */
export const ModelViewerEmbed: React.ForwardRefExoticComponent<ModelViewerEmbedProps> = createComponent({
  react: React,
  tagName: 'model-viewer-embed',
  elementClass: ModelViewerEmbedElement,
  events: {
    onProgress: 'progress' as EventName<ModelProgressEvent>,
    onLoaded: 'loaded' as EventName<ModelLoadedEvent>,
    onError: 'error' as EventName<ModelErrorEvent>,
  },
  displayName: 'ModelViewerEmbed',
}) as React.ForwardRefExoticComponent<ModelViewerEmbedProps>;

export type { ModelViewerEmbedElement };
export type {
  ModelErrorDetail,
  ModelErrorEvent,
  ModelLoadedDetail,
  ModelLoadedEvent,
  ModelProgressDetail,
  ModelProgressEvent,
} from './events.js';
export type { ModelErrorCode } from './internal/errors.js';
