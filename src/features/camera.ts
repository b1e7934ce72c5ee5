/**
 * The camera: the `viewpoint` setting (the view a load opens on, and any later change of it), `getViewpoint()`
 * / `setViewpoint()`, and the throttled `camera-change` event.
 *
 * The SDK dispatches nothing when its camera moves (its OrbitControls' `change` events stay inside it), so the
 * controller watches the camera itself, but only while something can move it: from the reader's first pointer,
 * wheel, touch or key event over the element (seen in the capture phase, before the SDK's own handlers) or a
 * programmatic change, it compares `getViewpoint()` once per animation frame until the camera has been still for
 * a moment, then stops. An idle viewer costs nothing.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ModelCameraChangeEvent, ModelErrorEvent } from '../events.js';
import { ChangeThrottle } from '../internal/change-throttle.js';
import { ModelErrorCode, ViewerCallError, ViewerCallErrorCode } from '../internal/errors.js';
import type { BimuViewer } from '../internal/sdk-types.js';
import {
  parseViewpoint,
  viewpointKey,
  ViewpointSyntaxError,
  type Viewpoint,
  type ViewpointRequest,
} from '../internal/viewpoint.js';

/**
 * Input that can move the SDK's camera: its OrbitControls (three.js r113) listen to mouse, wheel, touch and key
 * events, not pointer events. A mouse move counts only with a button down (a drag).
 */
const INPUT_EVENTS = ['mousedown', 'mousemove', 'wheel', 'keydown', 'touchstart', 'touchmove'] as const;
/** How long after the last input the camera is still watched: the SDK acts on some input a little later. */
const INPUT_GRACE_MS = 600;

export interface CameraHooks {
  /** The viewer showing a loaded model, or null (not loaded, or paused after the WebGL context was lost). */
  loadedViewer(): BimuViewer | null;
  /** The model id, for an `error` event's detail. */
  modelId(): string;
  /** Asks for a redraw after the camera was changed through the API. */
  requestRender(): void;
}

export class CameraController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #hooks: CameraHooks;
  readonly #throttle = new ChangeThrottle();
  /** The viewer whose camera `#lastKey` describes. */
  #viewer: BimuViewer | null = null;
  #lastKey = '';
  /** The last view read, to show it again in the viewer that replaces one whose WebGL context was lost. */
  #lastViewpoint: Viewpoint | null = null;
  /** The `viewpoint` setting, parsed; null when unset or invalid. */
  #setting: ViewpointRequest | null = null;
  #frame = 0;
  #watchUntil = 0;
  #source: 'user' | 'api' = 'user';

  constructor(host: ReactiveControllerHost & HTMLElement, hooks: CameraHooks) {
    this.#host = host;
    this.#hooks = hooks;
    host.addController(this);
  }

  hostConnected(): void {
    for (const type of INPUT_EVENTS) {
      this.#host.addEventListener(type, this.#onInput, { capture: true, passive: true });
    }
  }

  hostDisconnected(): void {
    for (const type of INPUT_EVENTS) this.#host.removeEventListener(type, this.#onInput, { capture: true });
    this.#stopWatching();
  }

  /**
   * A viewer has drawn its model and `loaded` (or `context-restored`) is about to fire: it opens on the
   * `viewpoint` setting, or, replacing a viewer whose context was lost, on the view the reader had.
   */
  viewerReady(viewer: BimuViewer, reason: 'load' | 'restore'): void {
    this.#stopWatching();
    const previous = reason === 'restore' ? this.#lastViewpoint : null;
    this.#viewer = viewer;
    try {
      if (previous) viewer.setViewpoint(structuredClone(previous));
      else if (this.#setting) this.#show(viewer, this.#setting);
    } catch {
      // The SDK threw on a viewpoint the parser accepted: the model keeps the view the SDK fitted.
    }
    this.#remember(viewer);
  }

  /** The element released its viewer (see `LoadingHooks.onViewerReleased`): forget it and its view. */
  viewerReleased(): void {
    this.#stopWatching();
    this.#viewer = null;
    this.#lastViewpoint = null;
    this.#lastKey = '';
  }

  /** The `viewpoint` property changed (the element calls this from `willUpdate`). */
  settingChanged(value: unknown): void {
    if (value === null || value === undefined || value === '') {
      // Removing the setting keeps the view the reader has: there is no "no viewpoint" to go back to.
      this.#setting = null;
      return;
    }
    let request: ViewpointRequest;
    try {
      request = parseViewpoint(value);
    } catch (error) {
      this.#setting = null;
      const message = error instanceof ViewpointSyntaxError ? error.message : 'viewpoint is malformed.';
      // In a new task, as every event of the element: never from inside the update that saw the change.
      setTimeout(() => {
        if (!this.#host.isConnected) return;
        this.#host.dispatchEvent(
          new ModelErrorEvent({
            code: ModelErrorCode.InvalidConfig,
            message: `${message} The model keeps its current view.`,
            modelId: this.#hooks.modelId(),
          }),
        );
      }, 0);
      return;
    }
    this.#setting = request;
    const viewer = this.#hooks.loadedViewer();
    if (viewer) this.#change(viewer, request);
  }

  /** The current view, or null when no model is shown. */
  get(): Viewpoint | null {
    const viewer = this.#hooks.loadedViewer();
    if (!viewer) return null;
    return readViewpoint(viewer);
  }

  /** Shows `input` (a view name, BCF JSON text or object); throws a `ViewerCallError`. */
  set(input: unknown): void {
    let request: ViewpointRequest;
    try {
      request = parseViewpoint(input);
    } catch (error) {
      throw new ViewerCallError(
        ViewerCallErrorCode.InvalidConfig,
        error instanceof Error ? error.message : 'viewpoint is malformed.',
      );
    }
    const viewer = this.#hooks.loadedViewer();
    if (!viewer) {
      throw new ViewerCallError(
        ViewerCallErrorCode.NotLoaded,
        'setViewpoint() needs a loaded model: wait for `loaded`, or set the `viewpoint` property instead.',
      );
    }
    this.#change(viewer, request);
  }

  #change(viewer: BimuViewer, request: ViewpointRequest): void {
    if (viewer !== this.#viewer) this.#remember(viewer);
    try {
      this.#show(viewer, request);
    } catch (error) {
      throw new ViewerCallError(
        ViewerCallErrorCode.Viewer,
        `The viewer refused the viewpoint: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // The SDK draws on its own loop, which may be waiting for a reason to draw.
    this.#hooks.requestRender();
    this.#watch('api');
  }

  #show(viewer: BimuViewer, request: ViewpointRequest): void {
    // A copy: the request is kept and shown again by the next load.
    if (request.kind === 'named') viewer.alignToView(request.view);
    else viewer.setViewpoint(structuredClone(request.viewpoint));
  }

  #remember(viewer: BimuViewer): void {
    this.#viewer = viewer;
    this.#throttle.reset();
    try {
      const viewpoint = readViewpoint(viewer);
      this.#lastViewpoint = viewpoint;
      this.#lastKey = viewpointKey(viewpoint);
    } catch {
      this.#lastKey = '';
    }
  }

  #onInput = (event: Event): void => {
    if (event.type === 'mousemove' && (event as MouseEvent).buttons === 0) return;
    const viewer = this.#hooks.loadedViewer();
    if (!viewer) return;
    if (viewer !== this.#viewer) this.#remember(viewer);
    this.#watch('user');
  };

  #watch(source: 'user' | 'api'): void {
    this.#source = source;
    this.#watchUntil = performance.now() + INPUT_GRACE_MS;
    if (!this.#frame) this.#frame = requestAnimationFrame(this.#onFrame);
  }

  #stopWatching(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#throttle.reset();
  }

  #onFrame = (): void => {
    this.#frame = 0;
    const viewer = this.#hooks.loadedViewer();
    if (!viewer || viewer !== this.#viewer) {
      this.#throttle.reset();
      return;
    }
    let viewpoint: Viewpoint;
    try {
      viewpoint = readViewpoint(viewer);
    } catch {
      return;
    }
    const key = viewpointKey(viewpoint);
    const changed = key !== this.#lastKey;
    this.#lastKey = key;
    this.#lastViewpoint = viewpoint;
    const now = performance.now();
    const decision = this.#throttle.tick(now, changed);
    // Scheduled before dispatching: a listener that calls setViewpoint() finds the watch running.
    if (this.#throttle.moving || now < this.#watchUntil) this.#frame = requestAnimationFrame(this.#onFrame);
    if (decision) {
      this.#host.dispatchEvent(
        new ModelCameraChangeEvent({ viewpoint, settled: decision === 'settled', source: this.#source }),
      );
      this.#throttle.reportDelivered(performance.now());
    }
  };
}

/**
 * The viewer's view as a plain object of the page's own realm. With `isolation="frame"` the SDK's object belongs
 * to the frame: a page that kept it (from an event or `getViewpoint()`) would keep the whole frame in memory
 * after the element is gone, and `instanceof Object` would be false for it.
 */
function readViewpoint(viewer: BimuViewer): Viewpoint {
  return structuredClone(viewer.getViewpoint());
}
