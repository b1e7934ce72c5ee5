/**
 * Keeping several SDK viewers on one page from using each other's dialogs and menus.
 *
 * Every viewer with `showUI` builds its dialog and dropdown menus with the *same* un-namespaced ids
 * (`bimU-modal`, `modal-title`, `modal-body`, `modal-ok-button`, `modal-close-button` and three dropdown ids),
 * `showDialog` finds them with `document.getElementById` (the first in document order), and each viewer's
 * Materialize set-up binds its modal to `document.querySelectorAll('.modal')[0]` — another viewer's dialog, or
 * the host page's own Bootstrap modal — and re-initialises every tooltip and dropdown on the page. Left alone,
 * viewer B's password prompt is written into and opened in viewer A's dialog.
 *
 * Both lookups happen synchronously inside one call (`showDialog`, the Materialize `onload` callback), so for
 * the duration of that call only the viewer's own container may hold the global ids and the Materialize
 * classes: other elements' ids are parked in a data attribute and their classes removed, then everything is
 * put back in a `finally`. Nothing renders in between, so nothing flickers, and the page's own elements end
 * up exactly as they were.
 */

/** Ids every SDK viewer creates without a per-viewer prefix. */
export const SDK_GLOBAL_IDS = [
  'bimU-modal',
  'modal-title',
  'modal-body',
  'modal-ok-button',
  'modal-close-button',
  'rotate-view-dropdown',
  'measuring-tools-dropdown',
  'more-actions-dropdown',
] as const;

/** Classes whose page-wide `querySelectorAll` in the SDK's Materialize set-up must only see one viewer. */
const MATERIALIZE_CLASSES = ['modal', 'dropdown-trigger', 'tooltipped'] as const;

/**
 * Runs `fn` while `container` is the only holder of the SDK's global ids (and, with `classes`, of the
 * Materialize classes the SDK selects page-wide). Returns `fn`'s result; its exceptions propagate after the
 * page is restored.
 */
export function withExclusiveSdkUi<T>(container: Element, fn: () => T, { classes = false } = {}): T {
  const parkedIds: [Element, string][] = [];
  const removedClasses: [Element, string][] = [];
  const outside = (element: Element) => !container.contains(element);

  for (const id of SDK_GLOBAL_IDS) {
    for (const element of document.querySelectorAll(`[id="${id}"]`)) {
      if (outside(element)) {
        parkedIds.push([element, id]);
        element.removeAttribute('id');
      }
    }
  }
  if (classes) {
    for (const name of MATERIALIZE_CLASSES) {
      for (const element of document.getElementsByClassName(name)) {
        if (outside(element)) removedClasses.push([element, name]);
      }
    }
    for (const [element, name] of removedClasses) element.classList.remove(name);
  }
  try {
    return fn();
  } finally {
    for (const [element, name] of removedClasses) element.classList.add(name);
    for (const [element, id] of parkedIds) {
      // Only restore an id nobody took meanwhile, so a rename made inside `fn` is not undone.
      if (!element.hasAttribute('id')) element.setAttribute('id', id);
    }
  }
}
