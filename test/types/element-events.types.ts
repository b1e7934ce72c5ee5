/**
 * Type-level test, checked by `tsc --noEmit` (never run): the element's events are typed for user code,
 * although `progress` and `error` already exist in `GlobalEventHandlersEventMap` with other types.
 */
import type { ModelErrorCode, ModelViewerEmbed, ModelStatus } from '../../src/index.js';
import '../../src/define.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_proof?: T): void {}

declare const element: ModelViewerEmbed;

element.addEventListener('error', (event) => {
  const code: ModelErrorCode = event.detail.code;
  const message: string = event.detail.message;
  const modelId: string = event.detail.modelId;
  assertType<Equal<typeof code, ModelErrorCode>>();
  void message;
  void modelId;
});

element.addEventListener('progress', (event) => {
  const progress: number = event.detail.progress;
  // @ts-expect-error `progress` is the element's event, not a ProgressEvent: it has no `loaded` byte count.
  void event.loaded;
  void progress;
});

element.addEventListener('loaded', (event) => {
  assertType<Equal<typeof event.detail.modelId, string>>();
});

// Native events keep their types.
element.addEventListener('click', (event) => {
  const mouse: MouseEvent = event;
  void mouse;
});
element.addEventListener('keydown', (event) => {
  assertType<Equal<typeof event, KeyboardEvent>>();
});

// The tag name maps to the class.
const found = document.querySelector('model-viewer-embed');
assertType<Equal<typeof found, ModelViewerEmbed | null>>();

// Status is a union of strings, the error is typed or null.
assertType<Equal<typeof element.status, ModelStatus>>();
assertType<Equal<ModelStatus, 'idle' | 'loading' | 'loaded' | 'error'>>();
if (element.error) {
  // @ts-expect-error detail fields are read-only.
  element.error.code = 'timeout';
}
// @ts-expect-error status is read-only.
element.status = 'loaded';
// @ts-expect-error password is a string property, not a number.
element.password = 42;

// Camera and selection (issue 11): typed events, methods and the viewpoint setting.
element.addEventListener('camera-change', (event) => {
  assertType<Equal<typeof event.detail.source, 'user' | 'api'>>();
  const settled: boolean = event.detail.settled;
  element.viewpoint = event.detail.viewpoint;
  element.setViewpoint(event.detail.viewpoint);
  void settled;
});
element.addEventListener('select', (event) => {
  const index: number | undefined = event.detail.element?.index;
  const properties = event.detail.element?.properties;
  assertType<Equal<typeof event.detail.selection, readonly number[]>>();
  if (properties) {
    const group: string = properties[0]!.group;
    void group;
  }
  void index;
});
element.viewpoint = 'top';
element.viewpoint = null;
// @ts-expect-error a viewpoint is a view name, JSON text or a viewpoint object, not a number.
element.viewpoint = 3;
const shown = element.getViewpoint();
assertType<Equal<typeof shown, import('../../src/index.js').Viewpoint | null>>();
void element.snapshot({ type: 'jpeg', quality: 0.8 }).then((blob: Blob) => blob.size);
// @ts-expect-error snapshot types are png and jpeg.
void element.snapshot({ type: 'gif' });
