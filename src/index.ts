/**
 * Public API of model-viewer-embed. Importing it defines nothing: import `model-viewer-embed/define`
 * (or call `customElements.define` yourself) to register the element.
 */
export { ModelViewerEmbed } from './model-viewer-embed.js';
export {
  ModelProgressEvent,
  ModelLoadedEvent,
  ModelErrorEvent,
  type ModelProgressDetail,
  type ModelLoadedDetail,
  type ModelErrorDetail,
  type ModelViewerEmbedEventMap,
} from './events.js';
export { ModelErrorCode } from './internal/errors.js';
export { ModelStatus } from './features/loading.js';
export type { TokenProvider } from './internal/credentials.js';
export type { ModelViewerEmbedConfig } from './internal/config.js';
export {
  DEFAULT_BASE_URL,
  DEFAULT_SDK_SRC,
  DEFAULT_THREE_SRC,
  DEFAULT_TIMEOUT_MS,
} from './internal/config.js';
export type { BimuViewer } from './internal/sdk-types.js';
