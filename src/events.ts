/**
 * The element's events.
 *
 * They mirror `<img>`/`<video>`: `progress`, `loaded` and `error` are dispatched on the element and do **not**
 * bubble (like native media `progress` and `error`), and are not composed. Not bubbling matters most for
 * `error`: a bubbling event named `error` would reach `window`'s `error` listeners, which error trackers
 * treat as uncaught exceptions. Listen on the element itself.
 *
 * `progress` and `error` also exist in `GlobalEventHandlersEventMap` with other types (`ProgressEvent`,
 * `Event`), so merging into `HTMLElementEventMap` cannot retype them. The element's `addEventListener`
 * overloads use `ModelViewerEmbedEventMap` instead, so `el.addEventListener('error', e => e.detail.code)`
 * is typed in user code; `loaded` is also added to `HTMLElementEventMap`.
 */
import type { ModelErrorCode } from './internal/errors.js';
import type { Viewpoint } from './internal/viewpoint.js';

export interface ModelProgressDetail {
  /** From 0 to 1, never decreasing within one load; 1 only once the model is ready. */
  readonly progress: number;
}

export interface ModelLoadedDetail {
  readonly modelId: string;
}

export interface ModelErrorDetail {
  /** A stable code to switch on; see `ModelErrorCode`. */
  readonly code: ModelErrorCode;
  /** A message for people. It never contains a token or password. */
  readonly message: string;
  /** The model whose load failed ('' when none was set). */
  readonly modelId: string;
}

/** Fired while a model downloads. */
export class ModelProgressEvent extends CustomEvent<ModelProgressDetail> {
  static readonly eventName = 'progress' as const;
  constructor(progress: number) {
    super(ModelProgressEvent.eventName, {
      detail: Object.freeze({ progress }),
      bubbles: false,
      composed: false,
    });
  }
  /** Shorthand for `detail.progress`. */
  get progress(): number {
    return this.detail.progress;
  }
}

/** Fired once when a model is ready. */
export class ModelLoadedEvent extends CustomEvent<ModelLoadedDetail> {
  static readonly eventName = 'loaded' as const;
  constructor(modelId: string) {
    super(ModelLoadedEvent.eventName, {
      detail: Object.freeze({ modelId }),
      bubbles: false,
      composed: false,
    });
  }
}

/** Fired once when a load fails. */
export class ModelErrorEvent extends CustomEvent<ModelErrorDetail> {
  static readonly eventName = 'error' as const;
  constructor(detail: ModelErrorDetail) {
    super(ModelErrorEvent.eventName, {
      detail: Object.freeze({ code: detail.code, message: detail.message, modelId: detail.modelId }),
      bubbles: false,
      composed: false,
    });
  }
}

/**
 * Fired when the browser took a loaded viewer's WebGL context away: the element shows "3D view paused" (its
 * `contextLost` is true, `status` stays `loaded`) until the context comes back.
 */
export class ModelContextLostEvent extends Event {
  static readonly eventName = 'context-lost' as const;
  constructor() {
    super(ModelContextLostEvent.eventName, { bubbles: false, composed: false });
  }
}

/**
 * Fired when the model is drawn again after `context-lost`: the element loaded it into a new viewer, without a
 * second `loaded`, once the browser gave the context back or the element came back into view (never while it
 * cannot be seen). If that fails, `error` fires with code `context-lost` instead.
 */
export class ModelContextRestoredEvent extends Event {
  static readonly eventName = 'context-restored' as const;
  constructor() {
    super(ModelContextRestoredEvent.eventName, { bubbles: false, composed: false });
  }
}

export interface ModelCameraChangeDetail {
  /** The view now shown, BCF-style: give it to `setViewpoint()` or the `viewpoint` property to show it again. */
  readonly viewpoint: Viewpoint;
  /** True on the one event that ends a movement: the camera has stopped. */
  readonly settled: boolean;
  /** `user` for the reader's mouse, touch, wheel or keys; `api` for `viewpoint` and `setViewpoint()`. */
  readonly source: 'user' | 'api';
}

/**
 * Fired while the camera moves: at most every 250 ms, then once more with `settled: true` when it stops. Not
 * fired for the view a load starts with.
 */
export class ModelCameraChangeEvent extends CustomEvent<ModelCameraChangeDetail> {
  static readonly eventName = 'camera-change' as const;
  constructor(detail: ModelCameraChangeDetail) {
    super(ModelCameraChangeEvent.eventName, {
      detail: Object.freeze({ viewpoint: detail.viewpoint, settled: detail.settled, source: detail.source }),
      bubbles: false,
      composed: false,
    });
  }
}

/** One property of a model element, as bimU.io stores it (Revit parameters, IFC property sets…). */
export interface ModelElementProperty {
  readonly group: string;
  readonly name: string;
  readonly value: string | number | boolean | null;
}

/** The element of the model the user selected. */
export interface ModelSelectedElement {
  /** The element's index in the model (what the SDK's `setColor`, `setVisibility`… take). */
  readonly index: number;
  /** Its id in the authoring tool (an IFC GlobalId, a Revit ElementId); null when bimU.io could not be asked. */
  readonly id: string | null;
  /** Its unique id; null when bimU.io could not be asked. */
  readonly uniqueId: string | null;
  /** Its properties in bimU.io's order; null when bimU.io could not be asked (see the console). */
  readonly properties: readonly ModelElementProperty[] | null;
}

export interface ModelSelectDetail {
  /** The element the user just selected, or null when the click deselected (empty space, or a selected element). */
  readonly element: ModelSelectedElement | null;
  /** Indices of every selected element (Ctrl + click selects several), in selection order. */
  readonly selection: readonly number[];
}

/** Fired when the user selects an element of the model or clears the selection. */
export class ModelSelectEvent extends CustomEvent<ModelSelectDetail> {
  static readonly eventName = 'select' as const;
  constructor(detail: ModelSelectDetail) {
    super(ModelSelectEvent.eventName, {
      detail: Object.freeze({ element: detail.element, selection: Object.freeze([...detail.selection]) }),
      bubbles: false,
      composed: false,
    });
  }
}

/** The element's own events, by name. */
export interface ModelViewerEmbedEventMap {
  progress: ModelProgressEvent;
  loaded: ModelLoadedEvent;
  error: ModelErrorEvent;
  'context-lost': ModelContextLostEvent;
  'context-restored': ModelContextRestoredEvent;
  'camera-change': ModelCameraChangeEvent;
  select: ModelSelectEvent;
}

declare global {
  interface HTMLElementEventMap {
    loaded: ModelLoadedEvent;
  }
}
