/**
 * Selection: the SDK's `onSelectionChanged` (dispatched on the viewer, a three.js EventDispatcher) becomes the
 * element's `select` event, with the element's id, unique id and properties fetched from bimU.io, so no page
 * code has to touch the SDK for "what did the reader click?".
 *
 * Only the latest selection is reported: a quick second click (or a click on empty space) while the first
 * element's properties are still downloading supersedes it, and the first answer is dropped.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ModelSelectEvent, type ModelSelectedElement } from '../events.js';
import { selectedElement } from '../internal/element-data.js';
import type { BimuSelectionChangedEvent, BimuViewer } from '../internal/sdk-types.js';

/** The SDK's `EventsEnum.ON_SELECTION_CHANGED`. */
const SELECTION_CHANGED = 'onSelectionChanged';

export class SelectionController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  #viewer: BimuViewer | null = null;
  #listening = false;
  /** Incremented by every selection change; an answer for an older one is dropped. */
  #run = 0;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** A viewer has loaded its model: listen to it (and no longer to an earlier one). */
  viewerReady(viewer: BimuViewer): void {
    this.#stopListening();
    this.#viewer = viewer;
    this.#run += 1;
    if (this.#host.isConnected) this.#listen();
  }

  /** The element released its viewer (see `LoadingHooks.onViewerReleased`): forget it. */
  viewerReleased(): void {
    this.#stopListening();
    this.#viewer = null;
    // An answer still on its way belongs to the released viewer.
    this.#run += 1;
  }

  hostConnected(): void {
    this.#host.addEventListener('select', this.#onForeignSelect, { capture: true });
    // A moved element keeps its viewer: listen again.
    if (this.#viewer) this.#listen();
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('select', this.#onForeignSelect, { capture: true });
    // The SDK keeps its viewer (and its listeners) reachable after dispose(): a listener left there would keep
    // this element alive after removal.
    this.#stopListening();
    this.#run += 1;
  }

  #listen(): void {
    if (this.#listening || !this.#viewer) return;
    this.#viewer.addEventListener(SELECTION_CHANGED, this.#onSelectionChanged);
    this.#listening = true;
  }

  #stopListening(): void {
    if (this.#listening && this.#viewer) {
      try {
        this.#viewer.removeEventListener(SELECTION_CHANGED, this.#onSelectionChanged);
      } catch {
        // A disposed viewer: nothing is dispatched on it any more.
      }
    }
    this.#listening = false;
  }

  /**
   * The browser's own `select` event (text selected in an input) bubbles: selecting the text in the SDK's
   * password field would reach the element's `select` listeners as an Event without `detail`, and a page reading
   * `event.detail.element` would throw. Only the element's own `select` (dispatched on the element itself)
   * passes. Nothing in the viewer's light DOM listens for the browser's event.
   */
  #onForeignSelect = (event: Event): void => {
    if (event.target !== this.#host) event.stopPropagation();
  };

  #onSelectionChanged = (raw: unknown): void => {
    const viewer = this.#viewer;
    if (!viewer) return;
    const event = raw as Partial<BimuSelectionChangedEvent>;
    const run = ++this.#run;
    const selection = (
      Array.isArray(event.selectedElementIndices) ? [...(event.selectedElementIndices as unknown[])] : []
    )
      .map(Number)
      .filter(Number.isInteger);
    const index = event.clickedElementIndex;
    const report = (element: ModelSelectedElement | null) => {
      // If this is still the latest selection, and the element still shows this viewer, report it.
      if (run !== this.#run || this.#viewer !== viewer || !this.#host.isConnected) return;
      this.#host.dispatchEvent(new ModelSelectEvent({ element, selection }));
    };
    if (!event.isClickedElementSelected || typeof index !== 'number' || !Number.isInteger(index)) {
      report(null);
      return;
    }
    try {
      viewer.getElementDataByIndex(
        index,
        (data) => report(selectedElement(index, data)),
        () => report(selectedElement(index, null)),
      );
    } catch {
      // The SDK throws synchronously when it has no token yet ("Call this function when model is fully loaded").
      report(selectedElement(index, null));
    }
  };
}
