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

/** The element's own events, by name. */
export interface ModelViewerEmbedEventMap {
  progress: ModelProgressEvent;
  loaded: ModelLoadedEvent;
  error: ModelErrorEvent;
  'context-lost': ModelContextLostEvent;
  'context-restored': ModelContextRestoredEvent;
}

declare global {
  interface HTMLElementEventMap {
    loaded: ModelLoadedEvent;
  }
}
