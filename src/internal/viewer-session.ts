/**
 * One SDK viewer in one container, created and released safely.
 *
 * The SDK's `dispose()` does not release what it claims to (it throws when no model was loaded, replaces the
 * container with a shallow clone, keeps its render loop and window listeners alive, and never releases the
 * WebGL context, of which browsers keep about sixteen per page). A session therefore records, while
 * `initialize()` runs, what the SDK attaches to the page — its render-loop callback, its window listeners,
 * its canvas — and releases each of those itself after calling `dispose()` inside a try/catch.
 *
 * It also owns sizing: the SDK sizes the canvas from the container once (at least 300×300) and afterwards, on
 * window resize only, to `containerWidth × containerWidth / 2`, ignoring the container's height. The session
 * keeps the SDK's resize handler away from `window` and calls it itself whenever the container's box
 * changes, presenting the container's size as the viewport (see `resize`).
 *
 * And it draws on demand (see render-loop.ts): the SDK's loop redraws an unchanged picture every frame, so the
 * session lets it draw only after something that can change the picture — input in the container (and a drag
 * that leaves it), a resize, a download's progress and its end, a call of the viewer's API — and for a short
 * settle period after. Code that changes the view some other way calls `requestRender()`.
 */
import type { BimuModelConfig, BimuNamespace, BimuViewer } from './sdk-types.js';
import {
  afterNextRun,
  captureRenderLoop,
  pauseRenderLoop,
  requestRender,
  resumeRenderLoop,
  stopRenderLoop,
} from './render-loop.js';
import { interceptUiAssets } from './head-asset-dedup.js';
import { withExclusiveSdkUi } from './dialog-isolation.js';
import { guardChannelId } from './credentials.js';
import { withPatched } from './with-patched.js';
import { realmOf, type RealmWindow } from './realm.js';

interface RecordedListener {
  type: string;
  listener: EventListenerOrEventListenerObject;
  options: boolean | AddEventListenerOptions | undefined;
}

export interface LoadCallbacks {
  onProgress(event: unknown): void;
  onLoaded(event: unknown): void;
  onError(event: unknown): void;
}

export interface ViewerSessionOptions {
  bimU: BimuNamespace;
  /** A light-DOM container with a unique id, already in the document. */
  container: HTMLElement;
  uiAssetsBase: string | null;
  /** Called when the browser (not the element) takes the viewer's WebGL context away. */
  onContextLost?: () => void;
  /** Called when the browser gives a context it took back (`webglcontextrestored`). */
  onContextRestored?: () => void;
}

export class ViewerSession {
  readonly viewer: BimuViewer;
  readonly container: HTMLElement;
  /** The window the SDK runs in (the page's, or an isolation frame's): its globals are the ones to patch. */
  readonly #realm: RealmWindow;
  #canvas: HTMLCanvasElement | null = null;
  #context: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  #renderLoop: FrameRequestCallback | undefined;
  #windowListeners: RecordedListener[] = [];
  #resizeListener: ((event: Event) => void) | undefined;
  #dialogIntervals = new Set<number>();
  #inputListeners = new AbortController();
  #disposed = false;
  /** Set once the element releases the context itself (dispose, suspend), as opposed to the browser taking it. */
  #contextReleased = false;
  /**
   * The element's context-loss callbacks, dropped on release: the canvas keeps its listeners (the one that
   * silences three.js must outlive the release), and the SDK keeps the canvas reachable after `dispose()`
   * (OrbitControls, the dialog's handlers), so callbacks held there would keep the element — and its `password`
   * — alive after removal.
   */
  #contextCallbacks: { lost?: () => void; restored?: () => void } | null = null;

  /**
   * Creates and initialises a viewer in `container`. When the SDK throws (no WebGL: "Error creating WebGL
   * context."), everything it attached so far is released before the error propagates.
   */
  constructor({ bimU, container, uiAssetsBase, onContextLost, onContextRestored }: ViewerSessionOptions) {
    this.container = container;
    this.#realm = realmOf(container);
    this.#contextCallbacks = { lost: onContextLost, restored: onContextRestored };
    this.viewer = new bimU.Viewer({ domElementId: container.id, showUI: true, showFPS: false });
    this.#guardDialog();
    try {
      this.#captureWindowListeners(() => {
        this.#context = captureWebGLContext(this.#realm, () => {
          this.#renderLoop = captureRenderLoop(
            () => interceptUiAssets(container, uiAssetsBase, () => this.viewer.initialize()),
            this.#realm,
          );
        });
      });
      this.#canvas = container.querySelector('canvas');
      if (this.#canvas) {
        // three.js logs "THREE.WebGLRenderer: Context Lost." when the element releases the context on dispose.
        // Capture listeners at the target run before three's own, so stopping the event here keeps that quiet.
        // Only then: a context the browser takes away (it keeps about sixteen per page and drops the oldest)
        // must reach three.js, which stops drawing with it; without that, every frame throws "Cannot read
        // properties of null (reading 'trim')" from three's shader compilation, uncaught.
        this.#canvas.addEventListener(
          'webglcontextlost',
          (event) => {
            if (this.#contextReleased) {
              event.stopImmediatePropagation();
              return;
            }
            // Without preventDefault the browser never restores the context (no `webglcontextrestored`).
            event.preventDefault();
            this.#contextCallbacks?.lost?.();
          },
          { capture: true },
        );
        this.#canvas.addEventListener('webglcontextrestored', () => {
          if (!this.#contextReleased) this.#contextCallbacks?.restored?.();
        });
      }
      container.addEventListener('click', preventHashNavigation, { capture: true });
      this.#redrawOnInput();
      this.#redrawOnApiCalls();
    } catch (error) {
      this.#release();
      throw error;
    }
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /**
   * Starts loading a model. The SDK keeps and mutates the object it is given, so it gets a copy; the password
   * is removed from that copy as soon as the SDK has read it (synchronously, to build the token request), so it
   * does not stay in the SDK's memory. The copy refuses a `channelId` the SDK would put into a URL unsafely
   * (see `guardChannelId`). Synchronous SDK exceptions propagate.
   */
  load(config: BimuModelConfig, callbacks: LoadCallbacks): void {
    const copy: BimuModelConfig = guardChannelId({ ...config });
    // Each callback follows a change of the scene: parts streaming in, the model meshed and the camera fitted.
    const redrawing =
      (callback: (event: unknown) => void) =>
      (event: unknown): void => {
        this.requestRender();
        callback(event);
      };
    try {
      this.viewer.loadModel(
        copy,
        redrawing(callbacks.onProgress),
        redrawing(callbacks.onLoaded),
        redrawing(callbacks.onError),
      );
    } finally {
      delete copy.password;
    }
  }

  /**
   * Makes the drawing buffer and camera follow a new container size. The SDK's own resize handler computes
   * `width = container.clientWidth, height = width / 2` unless the page is in full screen, where it uses the
   * window's size; calling it with the container presented as the full-screen element and the window's inner
   * size set to `width × height` (for the duration of that synchronous call only) makes the SDK resize its
   * renderer and both cameras consistently without reaching into its private state. Returns whether it could.
   */
  resize(width: number, height: number): boolean {
    const listener = this.#resizeListener;
    if (!listener || this.#disposed || width <= 0 || height <= 0) return false;
    const [cssWidth, cssHeight] = [Math.round(width), Math.round(height)];
    // A ResizeObserver reports the size once when it starts observing: the size the viewer was just created
    // at. Resizing again would be wasted: setting a canvas's width reallocates its drawing buffer even to the
    // same value (60-180 ms in software WebGL, just before the first frame, by the bench's CPU profile).
    const canvas = this.#canvas;
    if (canvas && canvas.clientWidth === cssWidth && canvas.clientHeight === cssHeight) return true;
    this.requestRender();
    return withViewport(this.#realm, this.container, cssWidth, cssHeight, () =>
      listener(new Event('resize')),
    );
  }

  /**
   * Draws or stops drawing: the SDK redraws every frame whether or not anyone can see the canvas, which costs
   * a viewer off-screen or in a hidden tab as much as a visible one. Paused, the canvas keeps its last frame.
   */
  setRendering(on: boolean): void {
    if (!on) {
      pauseRenderLoop(this.#renderLoop);
      return;
    }
    // One frame on coming back into view: the drawing buffer is preserved, but a browser may drop a hidden
    // tab's GPU resources, and one frame costs little next to a blank canvas.
    requestRender(this.#renderLoop, 0);
    resumeRenderLoop(this.#renderLoop);
  }

  /**
   * Draws the next frames, for a short settle period: for code that changes what the viewer shows other than
   * through input in the container or the viewer's own API (which redraw by themselves). Safe at any time; a
   * paused viewer draws once it can be seen again, a released one never.
   */
  requestRender(): void {
    requestRender(this.#renderLoop);
  }

  /**
   * Calls `listener` once the SDK's render loop has run its next frame, which draws whatever the scene holds
   * now: called after the SDK reports a model loaded, it tells when the model is on the canvas. A viewer that
   * is not drawing (off-screen, hidden tab) calls it when it draws again; a released one never does.
   */
  afterNextFrame(listener: () => void): void {
    if (this.#disposed) return;
    if (this.#renderLoop) {
      afterNextRun(this.#renderLoop, listener);
      // A loop that has settled draws only when asked (render on demand): ask for one frame.
      requestRender(this.#renderLoop, 0);
    }
    // No loop was captured (an SDK that starts it differently): the next animation frame is the best guess.
    else requestAnimationFrame(() => listener());
  }

  /**
   * The canvas's last frame as a data URL, or null. The SDK creates its renderer with `preserveDrawingBuffer`,
   * so the frame can be read at any time, also while the render loop is paused. JPEG: a parked page of dozens of
   * snapshots costs a tenth of the memory PNG would.
   */
  snapshot(): string | null {
    const canvas = this.#canvas;
    if (!canvas || !this.#context || this.#context.isContextLost()) return null;
    try {
      return canvas.toDataURL('image/jpeg', 0.9);
    } catch {
      return null;
    }
  }

  /**
   * Releases the viewer. Never throws; safe to call more than once. The order matters: the SDK's `dispose()`
   * empties the container and swaps it for a clone, so the canvas reference is taken beforehand.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#release();
  }

  /**
   * Stops drawing without disposing: used for a viewer whose load is still in flight. The SDK's pending
   * callbacks dereference what `dispose()` nulls and would throw uncaught errors when the download finishes,
   * so the element parks such a viewer (no rendering, no listeners, no WebGL context) until its load settles.
   */
  suspend(): void {
    stopRenderLoop(this.#renderLoop);
    this.#removeWindowListeners();
    this.#loseContext();
  }

  #release(): void {
    this.#contextCallbacks = null;
    this.#inputListeners.abort();
    const container = this.container;
    const parent = container.parentNode;
    stopRenderLoop(this.#renderLoop);
    this.#removeWindowListeners();
    for (const id of this.#dialogIntervals) this.#realm.clearInterval(id);
    this.#dialogIntervals.clear();
    destroyMaterializeWidgets(this.#realm, container);
    try {
      this.viewer.closeDialog();
    } catch {
      // No UI or no dialog: nothing to close.
    }
    try {
      this.viewer.dispose();
    } catch {
      // Throws "reading 'meshGroup'" when no model was loaded, after emptying the container; the rest of the
      // release below does not depend on it.
    }
    this.#loseContext();
    container.removeEventListener('click', preventHashNavigation, { capture: true });
    // dispose() replaced the container by a shallow clone carrying the same id: remove whichever is attached.
    if (parent) {
      for (const child of [...parent.childNodes]) {
        if (
          child === container ||
          (child.nodeType === Node.ELEMENT_NODE && (child as Element).id === container.id)
        )
          child.remove();
      }
    }
    container.remove();
  }

  #loseContext(): void {
    const context = this.#context;
    this.#context = null;
    this.#canvas = null;
    if (!context || context.isContextLost()) return;
    // Set for good, before the call, so that the event is recognised whether it comes now or later.
    this.#contextReleased = true;
    context.getExtension('WEBGL_lose_context')?.loseContext();
  }

  /**
   * Input in the container moves the camera (the orbit controls), picks an element (a click) or drives the
   * toolbar. A drag that starts on the canvas goes on moving the camera outside it (the orbit controls follow
   * the pointer on the document), so a pressed pointer keeps the viewer drawing until it is released anywhere.
   */
  #redrawOnInput(): void {
    const { signal } = this.#inputListeners;
    const redraw = () => this.requestRender();
    const options = { capture: true, passive: true, signal };
    for (const type of [
      'pointerdown',
      'pointermove',
      'pointerup',
      'wheel',
      'touchstart',
      'touchmove',
      'touchend',
      'keydown',
      'click',
    ]) {
      this.container.addEventListener(type, redraw, options);
    }
    let dragging: AbortController | undefined;
    signal.addEventListener('abort', () => dragging?.abort());
    this.container.addEventListener(
      'pointerdown',
      () => {
        dragging?.abort();
        const drag = new AbortController();
        dragging = drag;
        const dragOptions = { capture: true, passive: true, signal: drag.signal };
        // The window of the viewer's own realm: in an isolation frame the rest of the drag goes to the frame.
        const realm = this.#realm;
        realm.addEventListener('pointermove', redraw, dragOptions);
        const release = () => {
          redraw();
          drag.abort();
        };
        realm.addEventListener('pointerup', release, dragOptions);
        realm.addEventListener('pointercancel', release, dragOptions);
      },
      options,
    );
  }

  /**
   * The viewer's API (selection, visibility, colours, viewpoints, section box, projection) changes the picture
   * without input. Its methods are own properties the SDK assigns in its constructor and `initialize()`; each is
   * wrapped so that a call also redraws. Getters and the calls the session makes itself are left as they are.
   */
  #redrawOnApiCalls(): void {
    const viewer = this.viewer as unknown as Record<string, unknown>;
    for (const name of Object.keys(viewer)) {
      const method = viewer[name];
      if (typeof method !== 'function' || UNWRAPPED_METHODS.has(name) || /^(get|is|has)[A-Z]/.test(name))
        continue;
      viewer[name] = (...args: unknown[]) => {
        try {
          return (method as (...a: unknown[]) => unknown).apply(this.viewer, args);
        } finally {
          this.requestRender();
        }
      };
    }
  }

  #removeWindowListeners(): void {
    for (const { type, listener, options } of this.#windowListeners)
      this.#realm.removeEventListener(type, listener, options);
    this.#windowListeners = [];
    this.#resizeListener = undefined;
  }

  /**
   * Records the window listeners `initialize()` adds. `resize` and `orientationchange` are kept off the
   * window altogether (the session drives resizing from the container's size); the rest (the orbit
   * controls' `keydown`) are added and removed on release, which the SDK's `dispose()` skips when no model
   * was loaded.
   */
  #captureWindowListeners(fn: () => void): void {
    const realm = this.#realm;
    const native = realm.addEventListener;
    // An arrow function: the SDK calls it on `window` only, and the session's fields are reached via `this`.
    const record = (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) => {
      if (!listener) return;
      if (type === 'resize' || type === 'orientationchange') {
        if (type === 'resize' && typeof listener === 'function') this.#resizeListener = listener;
        return;
      }
      // The orbit controls pan the camera on arrow keys pressed anywhere on the page: they act only while the
      // viewer (or something in it) has focus.
      const added = type === 'keydown' ? onlyWhileFocused(this.container, listener) : listener;
      this.#windowListeners.push({ type, listener: added, options });
      native.call(realm, type, added, options);
    };
    withPatched(realm, 'addEventListener', record, fn);
  }

  /**
   * Wraps the viewer's `showDialog` (an own property the SDK assigns in its constructor, also used by its
   * toolbar's Help and Information buttons) so that it writes into this viewer's dialog, not the first one on
   * the page, and records the interval with which it polls for Materialize, which `dispose()` leaves running.
   */
  #guardDialog(): void {
    const viewer = this.viewer;
    const original = viewer.showDialog;
    if (typeof original !== 'function') return;
    // An arrow function: the SDK's own showDialog is an arrow too, so callers never rely on its `this`.
    viewer.showDialog = (...args: Parameters<BimuViewer['showDialog']>) => {
      const realm = this.#realm;
      const nativeSetInterval = realm.setInterval as (handler: TimerHandler, timeout?: number) => number;
      const recordInterval = (handler: TimerHandler, timeout?: number, ...rest: unknown[]) => {
        const id = (nativeSetInterval as (...args: unknown[]) => number).call(
          realm,
          handler,
          timeout,
          ...rest,
        );
        this.#dialogIntervals.add(id);
        return id;
      };
      withPatched(realm, 'setInterval', recordInterval, () =>
        withExclusiveSdkUi(this.container, () => original.apply(viewer, args)),
      );
    };
  }
}

/**
 * Viewer methods that the session calls and handles itself. (Its event methods come from three's
 * EventDispatcher prototype, not own properties, so they are never wrapped.)
 */
const UNWRAPPED_METHODS = new Set(['initialize', 'loadModel', 'dispose', 'showDialog', 'closeDialog']);

/**
 * Runs `fn` (the SDK's `initialize()`, in which three.js creates its renderer) and returns the first WebGL
 * context created meanwhile. Asking the canvas for its context afterwards would work too, but only when the
 * same context type is requested; capturing it avoids guessing between 'webgl' and 'experimental-webgl'.
 */
function captureWebGLContext(
  realm: RealmWindow,
  fn: () => void,
): WebGLRenderingContext | WebGL2RenderingContext | null {
  // three.js creates its canvas in the SDK's document: its prototype and context classes are that realm's.
  const { HTMLCanvasElement, WebGLRenderingContext, WebGL2RenderingContext } = realm;
  const native = HTMLCanvasElement.prototype.getContext as (...args: unknown[]) => unknown;
  let captured: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  function getContext(this: HTMLCanvasElement, ...args: unknown[]) {
    const context = native.apply(this, args);
    const isWebGL =
      (typeof WebGLRenderingContext !== 'undefined' && context instanceof WebGLRenderingContext) ||
      (typeof WebGL2RenderingContext !== 'undefined' && context instanceof WebGL2RenderingContext);
    if (!captured && isWebGL) captured = context as WebGLRenderingContext | WebGL2RenderingContext;
    return context;
  }
  withPatched(HTMLCanvasElement.prototype, 'getContext', getContext, fn);
  return captured;
}

/** `listener`, called only for events that happen while `container` or one of its descendants has focus. */
function onlyWhileFocused(
  container: HTMLElement,
  listener: EventListenerOrEventListenerObject,
): EventListener {
  return (event) => {
    if (!container.contains(container.ownerDocument.activeElement)) return;
    if (typeof listener === 'function') listener.call(realmOf(container), event);
    else listener.handleEvent(event);
  };
}

/** The SDK's buttons are `<a href="#">` without `preventDefault`: each click would add `#` to the page URL. */
function preventHashNavigation(event: Event): void {
  const anchor = (event.target as Element | null)?.closest?.('a[href="#"]');
  if (anchor) event.preventDefault();
}

interface MaterializeGlobal {
  Tooltip?: { getInstance(el: Element): { destroy(): void } | undefined };
  Dropdown?: { getInstance(el: Element): { destroy(): void } | undefined };
  Modal?: { getInstance(el: Element): { destroy(): void } | undefined };
}

/**
 * Materialize puts each tooltip in `<body>` and each modal's overlay next to it; the SDK's dispose leaves them.
 * Destroying the widgets removes those nodes.
 */
function destroyMaterializeWidgets(realm: RealmWindow, container: Element): void {
  const M = (realm as unknown as { M?: MaterializeGlobal }).M;
  if (!M) return;
  const destroy = (selector: string, kind: MaterializeGlobal[keyof MaterializeGlobal]) => {
    for (const element of container.querySelectorAll(selector)) {
      try {
        kind?.getInstance(element)?.destroy();
      } catch {
        // A widget half set up by an older Materialize copy: nothing more to release.
      }
    }
  };
  destroy('.tooltipped', M.Tooltip);
  destroy('.dropdown-trigger', M.Dropdown);
  destroy('.modal', M.Modal);
}

/**
 * Runs `fn` while `document.fullscreenElement` is `element` and the window's inner size is `width × height`,
 * restoring all three afterwards. Returns false when the browser does not allow shadowing those properties
 * (or `fn` threw).
 */
function withViewport(
  realm: RealmWindow,
  element: Element,
  width: number,
  height: number,
  fn: () => void,
): boolean {
  try {
    withPatched(realm.document, 'fullscreenElement', element, () =>
      withPatched(realm, 'innerWidth', width, () => withPatched(realm, 'innerHeight', height, fn)),
    );
    return true;
  } catch {
    return false;
  }
}
