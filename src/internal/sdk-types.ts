/**
 * The slice of the bimU.io SDK's API that the element uses, typed structurally.
 *
 * The package's own `types.d.ts` refers to a global `THREE` namespace it never declares, so importing it
 * would drag `any` (or errors) into strict builds. These few shapes are all the element relies on; users
 * who call more of the viewer's API can cast `element.viewer` to the vendor's `Viewer` type.
 */
import type { TrustedHtml } from './trusted-types.js';
import type { Viewpoint } from './viewpoint.js';

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
  /** The camera and clipping planes, BCF-style, in the model's coordinates. */
  getViewpoint(): Viewpoint;
  /** Trusts its argument: a missing field throws inside three.js, a zero vector blanks the view. */
  setViewpoint(viewpoint: Viewpoint): void;
  /** 'top' | 'bottom' | 'front' | 'back' | 'left' | 'right', then zooms to fit. */
  alignToView(view: string): void;
  /** Fetches `/elements/{index}`; the callbacks get `BimuElementData` or an error. */
  getElementDataByIndex(
    elementIndex: number,
    onSuccess: (data: BimuElementData) => void,
    onError: (error: unknown) => void,
  ): void;
  /** three.js's EventDispatcher: `onSelectionChanged`, `onViewerStatusChanged`… (never the model events). */
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
}

/** What `getElementDataByIndex` passes to its success callback. */
export interface BimuElementData {
  elementIndex: number;
  elementId: string;
  uniqueId: string;
  properties: { group: string; name: string; value: unknown }[];
}

/** The SDK's `onSelectionChanged` event. */
export interface BimuSelectionChangedEvent {
  type: 'onSelectionChanged';
  /** The element under the click, or null when the click hit nothing. */
  clickedElementIndex: number | null;
  /** Whether that element is selected after the click (a click on a selected element unselects it). */
  isClickedElementSelected: boolean;
  /** Every selected element (Ctrl + click adds to the selection); the SDK may give them as strings. */
  selectedElementIndices: (number | string)[];
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
