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
 * classes: every element outside it — other viewers' and the host page's own (a Bootstrap `.modal` before the
 * viewer, the page's `.tooltipped` and `.dropdown-trigger` elements) — has those ids and classes removed, and
 * its original `id` and `class` attributes are put back verbatim in a `finally`. Nothing renders in between,
 * so nothing flickers, and the page's own elements end up exactly as they were (same attribute strings, so
 * a framework comparing `className` sees no change).
 *
 * `showDialog` itself only looks elements up by id and opens the modal instance bound at set-up, so it only
 * needs the ids parked; the classes are parked for the Materialize set-up.
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
  // Each parked element with its original `id` and `class` attributes (null: it had none).
  const parked = new Map<Element, { id: string | null; className: string | null }>();
  const park = (element: Element) => {
    if (!parked.has(element)) {
      parked.set(element, { id: element.getAttribute('id'), className: element.getAttribute('class') });
    }
  };
  const outside = (element: Element) => !container.contains(element);
  // The document the SDK looks its ids up in: the page's, or an isolation frame's.
  const document = container.ownerDocument;

  const ids: Element[] = [];
  for (const id of SDK_GLOBAL_IDS) {
    for (const element of document.querySelectorAll(`[id="${id}"]`)) if (outside(element)) ids.push(element);
  }
  const classed: [Element, string][] = [];
  if (classes) {
    for (const name of MATERIALIZE_CLASSES) {
      for (const element of document.getElementsByClassName(name))
        if (outside(element)) classed.push([element, name]);
    }
  }
  // Record everything before changing anything: the class collections above are live.
  for (const element of ids) park(element);
  for (const [element] of classed) park(element);
  for (const element of ids) element.removeAttribute('id');
  const reclassed = new Set(classed.map(([element]) => element));
  for (const [element, name] of classed) element.classList.remove(name);
  try {
    return fn();
  } finally {
    for (const [element, original] of parked) {
      // Only restore an id nobody took meanwhile, so a rename made inside `fn` is not undone.
      if (original.id !== null && !element.hasAttribute('id')) element.setAttribute('id', original.id);
      if (reclassed.has(element) && original.className !== null)
        element.setAttribute('class', original.className);
    }
  }
}
