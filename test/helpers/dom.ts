/** Small DOM helpers shared by unit and integration tests. */

/** Resolves after `count` animation frames. */
export async function frames(count = 1): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects uncaught errors and unhandled rejections on `window` until `stop()`. */
export function collectWindowErrors(): { errors: string[]; stop(): void } {
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(`error: ${event.message}`);
  const onRejection = (event: PromiseRejectionEvent) =>
    errors.push(`unhandledrejection: ${String(event.reason)}`);
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return {
    errors,
    stop() {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    },
  };
}

let containerCount = 0;

/** A light-DOM container with a unique id, attached to `parent` (default: body), sized `width × height`. */
export function makeContainer(parent: Element = document.body, width = 400, height = 300): HTMLDivElement {
  const container = document.createElement('div');
  container.id = `test-container-${++containerCount}`;
  container.style.cssText = `width:${width}px;height:${height}px;position:relative`;
  parent.append(container);
  return container;
}

/** The fields of a primary-button press at `at`, for the pointer and mouse events of a drag. */
export function primaryPress(at: { clientX: number; clientY: number }) {
  return { ...at, bubbles: true, cancelable: true, button: 0, buttons: 1, pointerId: 1, isPrimary: true };
}
