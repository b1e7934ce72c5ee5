/**
 * Public API of model-viewer-embed. Importing it defines nothing: import `model-viewer-embed/define`
 * (or call `customElements.define` yourself) to register the element.
 */
export { ModelViewerEmbed } from './model-viewer-embed.js';
export {
  ModelProgressEvent,
  ModelLoadedEvent,
  ModelErrorEvent,
  ModelContextLostEvent,
  ModelContextRestoredEvent,
  ModelCameraChangeEvent,
  ModelSelectEvent,
  type ModelCameraChangeDetail,
  type ModelElementProperty,
  type ModelSelectDetail,
  type ModelSelectedElement,
  type ModelProgressDetail,
  type ModelLoadedDetail,
  type ModelErrorDetail,
  type ModelViewerEmbedEventMap,
} from './events.js';
export {
  ModelErrorCode,
  ModelStatus,
  type BimuViewer,
  type ModelViewerEmbedAttributes,
  type ModelViewerEmbedConfig,
  type ModelViewerEmbedSettings,
  type TokenProvider,
  type TokenProviderResult,
} from './types.js';
export { ViewerCallError, ViewerCallErrorCode } from './internal/errors.js';
export { VIEW_NAMES, type ViewName, type Viewpoint } from './internal/viewpoint.js';
export type { SnapshotOptions } from './internal/snapshot.js';
export { DEFAULT_BASE_URL } from './internal/bimu-rules.js';
export { DEFAULT_SDK_SRC, DEFAULT_THREE_SRC, DEFAULT_TIMEOUT_MS } from './internal/settings-table.js';
