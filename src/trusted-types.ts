/**
 * `model-viewer-embed/trusted-types`: for pages that enforce Trusted Types (README section "Trusted Types").
 * A separate entry, so that pages without Trusted Types do not download the SDK's default policy.
 */
export { installBimuTrustedTypesPolicy } from './internal/sdk-default-policy.js';
