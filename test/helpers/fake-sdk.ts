/**
 * A scriptable stand-in for the bimU.io Viewer SDK (`window.bimU`) and three.js (`window.THREE`), for fast,
 * deterministic unit tests of the element — in the spirit of stripe-elements' mock Stripe.
 *
 * It models the SDK behaviours the element has to absorb, as documented from the real bundle:
 * - `new Viewer({ domElementId })` finds its container with `document.getElementById` and checks THREE r113;
 * - `initialize()` appends a canvas, starts a render loop through `requestAnimationFrame` (which throws once
 *   the viewer is disposed), adds window `resize` and `keydown` listeners, appends the Materialize script, the
 *   icon-font stylesheet and an inline style to `<head>`, and builds a toolbar and a dialog with the SDK's
 *   GLOBAL ids; the script's `onload` binds the dialog to the FIRST `.modal` of the document;
 * - `loadModel` mutates the config it gets, throws synchronously on bad input, and reports progress as string
 *   percentages; how each load ends is up to the test (`FakeLoad`);
 * - `showDialog` writes with `innerHTML` into `document.getElementById('modal-title')` etc. and opens the
 *   Materialize modal, or polls every 500 ms until Materialize is there;
 * - `dispose()` empties the container and replaces it with a shallow clone, throws when no model was loaded,
 *   and leaves the render loop and the resize listener in place.
 *
 * Materialize itself is real (materialize-css from node_modules), so dialogs open and close as in a browser.
 */

export const FAKE_MATERIALIZE_SRC = '/node_modules/materialize-css/dist/js/materialize.min.js';
export const FAKE_ICON_FONT_HREF =
  '/node_modules/material-design-iconic-font/dist/css/material-design-iconic-font.min.css';

/** What the element passed to `loadModel`, as the SDK saw it (a snapshot, before the SDK's own mutations). */
export interface LoadRequest {
  modelId: string;
  baseUrl?: string;
  accessToken?: string;
  password?: string;
}

interface MaterializeModal {
  open(): void;
  close(): void;
  isOpen: boolean;
  options: { dismissible: boolean };
}

interface MaterializeGlobal {
  Tooltip: { init(els: NodeListOf<Element>): unknown };
  Dropdown: { init(els: NodeListOf<Element>, options: object): unknown };
  Modal: { init(els: NodeListOf<Element>, options: object): MaterializeModal[] };
}

export interface FakeSdkOptions {
  /** `THREE.REVISION` to install (default '113'). */
  threeRevision?: string;
  /** Make `initialize()` throw this, as without WebGL. */
  initializeError?: Error;
  /** Make `dispose()` throw even after a model loaded. */
  disposeAlwaysThrows?: boolean;
  /** The Materialize URL the fake's `initialize()` appends (default: the npm copy). */
  materializeSrc?: string;
  /** What happens to each new load; default: nothing (the test drives it). */
  onLoad?: (load: FakeLoad) => void;
}

/** One `loadModel` call, driven by the test. */
export class FakeLoad {
  readonly request: LoadRequest;
  settled = false;
  #viewer: FakeViewer;
  #onProgress: (event: unknown) => void;
  #onLoaded: (event: unknown) => void;
  #onError: (event: unknown) => void;
  #config: LoadRequest & { channelId?: string };

  constructor(
    viewer: FakeViewer,
    request: LoadRequest,
    onProgress: (event: unknown) => void,
    onLoaded: (event: unknown) => void,
    onError: (event: unknown) => void,
    config: LoadRequest & { channelId?: string },
  ) {
    this.#viewer = viewer;
    this.#config = config;
    this.request = request;
    this.#onProgress = onProgress;
    this.#onLoaded = onLoaded;
    this.#onError = onError;
  }

  get viewer(): FakeViewer {
    return this.#viewer;
  }

  /** Reports a download percentage as the SDK does: `{ type, progress: '25', target }`. */
  progress(percent: number | string): void {
    this.#onProgress({ type: 'onModelProgress', progress: String(percent), target: {} });
  }

  /** Completes the load. Like the real SDK, throws when the viewer was disposed meanwhile. */
  loaded(): void {
    if (this.#viewer.disposed) throw new TypeError("Cannot read properties of null (reading 'cameraP')");
    this.settled = true;
    this.#viewer.modelLoaded = true;
    this.#onLoaded({ type: 'onModelLoaded' });
  }

  /** Fails the load with an Error (token/metadata step) or a string (part download). */
  fail(error: Error | string): void {
    this.settled = true;
    this.#onError({ type: 'onModelError', error, target: {} });
  }

  /** Fails like the SDK's metadata step: `Failed to fetch blob metadata. Status: . Status code: <n>.` */
  failMetadata(status: number): void {
    this.fail(new Error(`Failed to fetch blob metadata. Status: . Status code: ${status}.`));
  }

  /**
   * The password flow's token step succeeding: like the SDK, stores the token and its decoded `channelId` on
   * the config object it was given, inside its promise chain, whose `catch` hands any error to onError. Returns
   * whether the SDK would go on to request `/channels/{channelId}/…`.
   */
  issueToken(token: string): boolean {
    try {
      this.#config.accessToken = token;
      const payload = token.split('.')[1]!;
      this.#config.channelId = (
        JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { channelId: string }
      ).channelId;
      return true;
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
  }

  /** Fails like the SDK's password token step: `Failed to request access token. Status: . Status code: <n>.` */
  failToken(status: number): void {
    this.fail(new Error(`Failed to request access token. Status: . Status code: ${status}.`));
  }
}

export interface FakeViewpoint {
  camera: {
    cameraViewPoint: { x: number; y: number; z: number };
    cameraDirection: { x: number; y: number; z: number };
    cameraUpVector: { x: number; y: number; z: number };
    fieldOfView: number;
    viewToWorldScale: number;
  };
  clippingPlanes: { normal: { x: number; y: number; z: number }; constant: number }[];
  originatingSystem?: string;
}

/** The fitted view a load ends with. */
export function defaultViewpoint(): FakeViewpoint {
  return {
    camera: {
      cameraViewPoint: { x: 30, y: -30, z: 20 },
      cameraDirection: { x: -0.6, y: 0.6, z: -0.4 },
      cameraUpVector: { x: -0.3, y: 0.3, z: 0.9 },
      fieldOfView: 60,
      viewToWorldScale: 0,
    },
    clippingPlanes: [],
    originatingSystem: 'bimU.io Web Viewer',
  };
}

let viewerCount = 0;

export class FakeViewer {
  readonly id = ++viewerCount;
  readonly sdk: FakeSdk;
  readonly domElementId: string;
  container: HTMLElement;
  canvas: HTMLCanvasElement | undefined;
  initialized = false;
  disposed = false;
  modelLoaded = false;
  loads: FakeLoad[] = [];
  frames = 0;
  /** The sizes the SDK's resize handler set, latest last. */
  sizes: { width: number; height: number }[] = [];
  /** Titles and bodies passed to showDialog. */
  dialogs: { title: string; body: string }[] = [];
  /** The camera, BCF-style, as `getViewpoint()` reports it; tests move it with `moveCamera`. */
  viewpoint: FakeViewpoint = defaultViewpoint();
  /** Every `setViewpoint` argument and `alignToView` view, in call order. */
  viewpointCalls: unknown[] = [];
  alignedTo: string[] = [];
  /** Pending `getElementDataByIndex` calls; the test answers them. */
  elementRequests: { index: number; ok(data: unknown): void; fail(error: unknown): void }[] = [];
  /** Selected element indices, as the SDK keeps them. */
  selected: number[] = [];
  #listeners = new Map<string, Set<(event: unknown) => void>>();
  /** Every colour passed to setBackgroundColor, latest last. */
  backgrounds: number[] = [];
  /** The `buttonColor` the viewer was created with. */
  buttonColor: string | undefined;
  #controls: { update(): void } | null = { update() {} };
  #modal: MaterializeModal | undefined;

  constructor(sdk: FakeSdk, config: { domElementId: string; showUI?: boolean; buttonColor?: string }) {
    this.sdk = sdk;
    this.buttonColor = config.buttonColor;
    const three = (window as unknown as { THREE?: { REVISION: string } }).THREE;
    if (!three) throw new Error('Three.js must be loaded in global scope.');
    if (three.REVISION !== '113') throw new Error('Please use a compatible Three.js version.');
    if (config.domElementId == null) throw new Error('DOM element ID cannot be null.');
    const container = document.getElementById(config.domElementId);
    if (!container) throw new Error('The specified DOM element ID does not exist.');
    this.domElementId = config.domElementId;
    this.container = container;
    sdk.viewers.push(this);
    // The SDK assigns its methods as own properties in the constructor; the element relies on being able to
    // wrap `showDialog` on the instance.
    this.showDialog = this.showDialog.bind(this);
  }

  initialize(): void {
    if (this.sdk.options.initializeError) throw this.sdk.options.initializeError;
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(this.container.clientWidth, 300);
    canvas.height = Math.max(this.container.clientHeight, 300);
    this.canvas = canvas;
    this.container.appendChild(canvas);
    // The real renderer creates its context now; the element captures it to release it on dispose.
    canvas.getContext('webgl');
    const head = document.getElementsByTagName('head')[0]!;
    const style = document.createElement('style');
    // Like the SDK's inline Materialize subset: a closed dialog is not displayed.
    style.innerText = '.modal { display: none; } .modal.open { display: block; }';
    head.appendChild(style);
    this.container.insertAdjacentHTML(
      'beforeend',
      `<div id="${this.domElementId}-toolbar"><a id="${this.domElementId}-help" href="#" class="btn-floating tooltipped" data-tooltip="Help" title="Help">?</a>` +
        '<a href="#" class="dropdown-trigger btn-floating" data-target="more-actions-dropdown">⋮</a>' +
        '<ul id="more-actions-dropdown" class="dropdown-content"><li><a href="#">Fullscreen</a></li></ul></div>' +
        '<div id="bimU-modal" class="modal" style="position: absolute;"><div class="modal-content">' +
        '<h4 id="modal-title"></h4><div id="modal-body"></div></div><div class="modal-footer">' +
        '<a id="modal-ok-button" href="#" class="btn-flat"></a>' +
        '<a id="modal-close-button" href="#" class="modal-close btn-flat"></a></div></div>',
    );
    const link = document.createElement('link');
    link.href = FAKE_ICON_FONT_HREF_CDN;
    link.rel = 'stylesheet';
    head.append(link);
    const script = document.createElement('script');
    script.onload = () => {
      const M = (window as unknown as { M: MaterializeGlobal }).M;
      M.Tooltip.init(document.querySelectorAll('.tooltipped'));
      M.Dropdown.init(document.querySelectorAll('.dropdown-trigger'), {
        alignment: 'right',
        constrainWidth: false,
      });
      this.#modal = M.Modal.init(document.querySelectorAll('.modal'), { opacity: 0 })[0];
      this.sdk.materializeSetUps.push(this);
    };
    script.src = this.sdk.options.materializeSrc ?? FAKE_MATERIALIZE_SRC;
    script.type = 'text/javascript';
    head.append(script);
    window.addEventListener('resize', this.#onResize, false);
    window.addEventListener('keydown', this.#onKeyDown, false);
    const render = () => {
      requestAnimationFrame(render);
      this.frames += 1;
      // The real loop calls `controls.update()`, which dispose() nulls: every frame after it throws.
      this.#controls!.update();
    };
    render();
    this.initialized = true;
  }

  #onResize = () => {
    const fullScreen = document.fullscreenElement != null;
    const width = fullScreen ? window.innerWidth : this.container.clientWidth;
    const height = fullScreen ? window.innerHeight : width / 2;
    if (this.disposed) throw new TypeError("Cannot read properties of null (reading 'setSize')");
    this.sizes.push({ width, height });
    if (this.canvas) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
  };

  #onKeyDown = () => {
    this.sdk.keydowns += 1;
  };

  loadModel(
    config: LoadRequest & { channelId?: string },
    onProgress: (event: unknown) => void,
    onLoaded: (event: unknown) => void,
    onError: (event: unknown) => void,
  ): void {
    if (!this.initialized) throw new TypeError("Cannot read properties of null (reading 'add')");
    if (config == null) throw new Error('Model configuration cannot be null.');
    if (config.modelId == null) throw new Error('Model ID cannot be null.');
    if (config.accessToken == null && config.password == null) {
      throw new Error('Either Access token or password must be used for authentication.');
    }
    const request: LoadRequest = { ...config };
    config.baseUrl = config.baseUrl || 'https://viewer.bimu.io/rest/api/v1';
    if (config.password != null) {
      btoa(`${config.modelId}:${config.password}`);
    } else {
      const payload = config.accessToken!.split('.')[1]!;
      config.channelId = (
        JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { channelId: string }
      ).channelId;
    }
    const load = new FakeLoad(this, request, onProgress, onLoaded, onError, config);
    // The SDK keeps the very object it was given.
    this.sdk.configObjects.push(config);
    this.loads.push(load);
    this.sdk.loads.push(load);
    this.sdk.options.onLoad?.(load);
    this.sdk.notifyLoad(load);
  }

  showDialog(
    title: string,
    body: string,
    closeText: string | null,
    okText: string | null,
    onOk?: (event?: Event) => void,
    dismissible?: boolean,
  ): void {
    if (!document.getElementById(`${this.domElementId}-toolbar`))
      throw new Error('Viewer UI was not enabled.');
    if (closeText == null && okText == null)
      throw new Error('Either closeButtonText or okButtonText must be present.');
    // String(): the element passes TrustedHTML objects where the browser has Trusted Types.
    this.dialogs.push({ title: String(title), body: String(body) });
    document.getElementById('modal-title')!.innerHTML = title || '';
    document.getElementById('modal-body')!.innerHTML = body || '';
    const close = document.getElementById('modal-close-button')!;
    if (closeText != null) {
      close.innerHTML = closeText;
      close.style.display = 'inline-block';
    } else close.style.display = 'none';
    const ok = document.getElementById('modal-ok-button')!;
    if (okText != null) {
      ok.innerHTML = okText;
      ok.onclick = (onOk ?? null) as ((this: GlobalEventHandlers, ev: MouseEvent) => unknown) | null;
      ok.style.display = 'inline-block';
    } else ok.style.display = 'none';
    const open = () => {
      this.#modal!.options.dismissible = dismissible === undefined || dismissible;
      this.#modal!.open();
    };
    if (this.#modal) open();
    else {
      const poll = setInterval(() => {
        if (this.#modal) {
          open();
          clearInterval(poll);
        }
      }, 500);
    }
  }

  closeDialog(): void {
    this.#modal?.close();
  }

  getViewpoint(): FakeViewpoint {
    if (!this.modelLoaded || this.disposed)
      throw new TypeError("Cannot read properties of null (reading 'globalShiftVector')");
    return structuredClone(this.viewpoint);
  }

  setViewpoint(viewpoint: FakeViewpoint): void {
    this.viewpointCalls.push(viewpoint);
    this.viewpoint = { ...structuredClone(viewpoint), originatingSystem: 'bimU.io Web Viewer' };
  }

  alignToView(view: string): void {
    const directions: Record<string, [number, number, number]> = {
      top: [0, 0, -1],
      bottom: [0, 0, 1],
      front: [0, 1, 0],
      back: [0, -1, 0],
      left: [1, 0, 0],
      right: [-1, 0, 0],
    };
    const [x, y, z] = directions[view]!;
    this.alignedTo.push(view);
    this.viewpoint = defaultViewpoint();
    this.viewpoint.camera.cameraDirection = { x, y, z };
    this.viewpoint.camera.cameraViewPoint = { x: -20 * x, y: -20 * y, z: -20 * z };
  }

  /** Moves the camera, as a drag or a wheel would. */
  moveCamera(dx = 1): void {
    this.viewpoint.camera.cameraViewPoint.x += dx;
  }

  getElementDataByIndex(index: number, ok: (data: unknown) => void, fail: (error: unknown) => void): void {
    this.elementRequests.push({ index, ok, fail });
  }

  addEventListener(type: string, listener: (event: unknown) => void): void {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: (event: unknown) => void): void {
    this.#listeners.get(type)?.delete(listener);
  }

  listenerCount(type: string): number {
    return this.#listeners.get(type)?.size ?? 0;
  }

  /**
   * A click as the SDK's picking handles it: on an element (`index`) it toggles that element (Ctrl keeps the
   * others), on empty space (`null`) it clears the selection; then `onSelectionChanged`.
   */
  click(index: number | null, { ctrlKey = false } = {}): void {
    if (index === null) this.selected = [];
    else if (this.selected.includes(index)) this.selected = this.selected.filter((i) => i !== index);
    else this.selected = ctrlKey ? [...this.selected, index] : [index];
    const event = {
      type: 'onSelectionChanged',
      isClickedElementSelected: index !== null && this.selected.includes(index),
      clickedElementIndex: index,
      selectedElementIndices: [...this.selected],
    };
    for (const listener of this.#listeners.get('onSelectionChanged') ?? []) listener(event);
  }

  setBackgroundColor(color: number): void {
    this.backgrounds.push(color);
  }

  dispose(): void {
    if (this.sdk.options.disposeAlwaysThrows) {
      this.disposed = true;
      throw new Error('dispose failed');
    }
    while (this.container.lastChild) this.container.removeChild(this.container.lastChild);
    const clone = this.container.cloneNode(false) as HTMLElement;
    this.container.parentNode!.replaceChild(clone, this.container);
    this.disposed = true;
    if (!this.modelLoaded) throw new TypeError("Cannot read properties of null (reading 'meshGroup')");
    this.#controls = null;
    window.removeEventListener('keydown', this.#onKeyDown, false);
  }
}

/** The icon font URL the fake's `initialize()` appends, as the real SDK does (cdnjs). */
export const FAKE_ICON_FONT_HREF_CDN =
  'https://cdnjs.cloudflare.com/ajax/libs/material-design-iconic-font/2.2.0/css/material-design-iconic-font.min.css';

export class FakeSdk {
  readonly options: FakeSdkOptions;
  viewers: FakeViewer[] = [];
  loads: FakeLoad[] = [];
  configObjects: (LoadRequest & { channelId?: string })[] = [];
  materializeSetUps: FakeViewer[] = [];
  keydowns = 0;
  #waiters: ((load: FakeLoad) => void)[] = [];

  constructor(options: FakeSdkOptions = {}) {
    this.options = options;
  }

  /** Installs `window.bimU` and `window.THREE`. */
  install(): this {
    const win = window as unknown as Record<string, unknown>;
    win['THREE'] = { REVISION: this.options.threeRevision ?? '113' };
    const create = (config: { domElementId: string }) => new FakeViewer(this, config);
    win['bimU'] = {
      // Called with `new`, like the SDK's class, so a function rather than an arrow; it returns the fake.
      Viewer: function Viewer(config: { domElementId: string }) {
        return create(config);
      },
    };
    return this;
  }

  /** Removes the globals again. */
  uninstall(): void {
    const win = window as unknown as Record<string, unknown>;
    delete win['THREE'];
    delete win['bimU'];
  }

  /** Resolves with the next `loadModel` call (or the one already made, when `index` is given). */
  nextLoad(index?: number): Promise<FakeLoad> {
    if (index !== undefined && this.loads[index]) return Promise.resolve(this.loads[index]!);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** @internal */
  notifyLoad(load: FakeLoad): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(load);
  }

  get lastViewer(): FakeViewer | undefined {
    return this.viewers[this.viewers.length - 1];
  }
}
