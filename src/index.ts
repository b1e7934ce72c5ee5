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
export { DEFAULT_BASE_URL } from './internal/bimu-rules.js';
export { DEFAULT_SDK_SRC, DEFAULT_THREE_SRC, DEFAULT_TIMEOUT_MS } from './internal/settings-table.js';
