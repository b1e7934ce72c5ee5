/**
 * The public types of model-viewer-embed, exported by `src/index.ts`. Modules under `internal/` are not
 * public: their names and shapes may change in any release.
 */
import type {
  PageOnlySettingValues,
  PageSettingName,
  PropertyOnlySettingName,
  SettingAttributes,
  SettingValues,
} from './internal/settings-table.js';
import type { ModelViewerEmbedEventMap } from './events.js';
import type { StringTables } from './internal/strings.js';

export { ModelErrorCode } from './internal/errors.js';
export type { BimuViewer } from './internal/sdk-types.js';

/** The element's status. */
export const ModelStatus = {
  Idle: 'idle',
  Loading: 'loading',
  Loaded: 'loaded',
  Error: 'error',
} as const;
export type ModelStatus = (typeof ModelStatus)[keyof typeof ModelStatus];

/** What a `tokenProvider` may resolve to: a JWT, or a JWT with its expiry (ms epoch or `Date`). */
export type TokenProviderResult = string | { token: string; expiresAt?: number | Date };

/**
 * Returns a bimU.io token for `modelId`, for apps with their own auth. `signal` aborts once no element
 * waits for the answer any more.
 */
export type TokenProvider = (
  modelId: string,
  options: { signal: AbortSignal },
) => Promise<TokenProviderResult>;

/**
 * Settings that `ModelViewerEmbed.configure()` accepts: the page-wide default of the element's property of the
 * same name, and the page's own settings (`contextBudget`); every field is optional, and `null` clears it.
 * `strings` adds or corrects languages for every element of the page, by language tag:
 * `{ nl: { loading: 'Het 3D-model wordt geladen…', … } }`.
 */
export type ModelViewerEmbedConfig = Partial<Pick<SettingValues, PageSettingName>> & {
  [K in keyof PageOnlySettingValues]?: PageOnlySettingValues[K] | null;
} & {
  strings?: StringTables | null;
};

export type { UiStrings, UiStringOverrides, StringTables } from './internal/strings.js';

/**
 * The element's settable properties, camelCase (`modelId`, `passwordMode`, `password`…), each optional: what
 * a framework binding passes as properties. Follows the settings table, so a new setting appears here by itself.
 */
export type ModelViewerEmbedSettings = Partial<SettingValues>;

/**
 * The element's settings as a framework template writes them: the attributes, kebab-case (`model-id`,
 * `token-url`, `password-mode`…), and the property-only settings (`password`, `tokenProvider`) camelCase.
 */
export type ModelViewerEmbedAttributes = SettingAttributes & {
  [K in PropertyOnlySettingName]?: SettingValues[K];
};

/** A listener prop for each of the element's events, named `on` + the event's name (`onloaded`, `oncontext-lost`). */
export type ModelViewerEmbedLowercaseHandlers = {
  [K in keyof ModelViewerEmbedEventMap as `on${K}`]?: (event: ModelViewerEmbedEventMap[K]) => void;
};
