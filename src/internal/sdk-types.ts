/**
 * The slice of the bimU.io SDK's API that the element uses, typed structurally.
 *
 * The package's own `types.d.ts` refers to a global `THREE` namespace it never declares, so importing it
 * would drag `any` (or errors) into strict builds. These few shapes are all the element relies on; users
 * who call more of the viewer's API can cast `element.viewer` to the vendor's `Viewer` type.
 */
import type { TrustedHtml } from './trusted-types.js';

export interface BimuViewerConfig {
  domElementId: string;
  showUI: boolean;
  showFPS: boolean;
  buttonColor?: string;
}

/** The model configuration `loadModel` reads (and mutates: the SDK adds `channelId` and `accessToken`). */
export interface BimuModelConfig {
  modelId: string;
  baseUrl: string;
  accessToken?: string;
  password?: string;
  channelId?: string;
}

export interface BimuViewer {
  initialize(): void;
  loadModel(
    config: BimuModelConfig,
    onProgress: (event: unknown) => void,
    onLoaded: (event: unknown) => void,
    onError: (event: unknown) => void,
  ): void;
  /** Every text is assigned with `innerHTML`, so a TrustedHTML is accepted where the page enforces Trusted Types. */
  showDialog(
    title: string | TrustedHtml,
    body: string | TrustedHtml,
    closeButtonText: string | TrustedHtml | null,
    okButtonText: string | TrustedHtml | null,
    okButtonCallback?: (event?: Event) => void,
    dismissible?: boolean,
  ): void;
  closeDialog(): void;
  /** The canvas's clear colour, `0xRRGGBB` (white until set). */
  setBackgroundColor(color: number): void;
  dispose(): void;
}

export interface BimuNamespace {
  Viewer: new (config: BimuViewerConfig) => BimuViewer;
}

export interface ThreeNamespace {
  REVISION: string;
}

/** The globals the SDK's UMD build reads and writes. */
export interface SdkWindow {
  bimU?: BimuNamespace;
  THREE?: ThreeNamespace;
}
