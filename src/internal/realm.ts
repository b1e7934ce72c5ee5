/**
 * The window and document the SDK runs in: the page's own, or (with `isolation="frame"`) those of a same-origin
 * frame the element owns.
 *
 * The SDK reaches everything through its realm's globals (`THREE`, `bimU`, `document.getElementById`,
 * `window.addEventListener`, `requestAnimationFrame`, `setInterval`, `HTMLCanvasElement.prototype`), so every
 * workaround that steers it by patching a global must patch the global of the realm the SDK was loaded into.
 * A node knows its realm: `ownerDocument.defaultView`, so modules that are handed the viewer's container derive
 * the realm from it, and the page's realm is the fallback for nodes outside any window.
 *
 * Pure module: no Lit, no DOM at module evaluation.
 */

/** A window with the constructors the element patches or compares against. */
export type RealmWindow = Window & typeof globalThis;

/** The window of `node`'s document; the page's own window for a node whose document has none. */
export function realmOf(node: Node): RealmWindow {
  const doc = node.ownerDocument ?? (node as Document);
  return (doc.defaultView ?? window) as RealmWindow;
}

/** The page's own window. */
export function pageWindow(): RealmWindow {
  return window as RealmWindow;
}

/**
 * Whether `value` is an Error or DOMException of any realm. `instanceof Error` is false for what the SDK throws
 * inside an isolation frame (the frame has its own `Error` and `DOMException`), so errors are recognised by
 * their brand or their shape instead.
 */
export function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  if (Object.prototype.toString.call(value) === '[object Error]') return true;
  return typeof (value as Error).name === 'string' && typeof (value as Error).message === 'string';
}
