/**
 * The attribute that marks every node the element puts into the page outside its own shadow root: the SDK's
 * script, the viewer containers, the SDK's UI assets in `<head>`, Materialize's tooltips in `<body>` and the
 * dialog stylesheet. The scoped stylesheets select the containers by it, the `<head>` de-duplication finds
 * earlier copies by it, and a page author can tell these nodes from their own.
 *
 * Pure module: no Lit, no `this`.
 */

export const MARKER_ATTRIBUTE = 'data-model-viewer-embed';

/** What a marked node is: the marker attribute's value. */
export type MarkedNode =
  'sdk' | 'frame' | 'container' | 'tooltip' | 'ui-script' | 'ui-style' | 'ui-css' | 'dialog-css';

/** Marks `node` as one of the element's nodes of kind `kind`. */
export function mark(node: Element, kind: MarkedNode): void {
  node.setAttribute(MARKER_ATTRIBUTE, kind);
}

/** An attribute selector for the element's nodes of kind `kind`, e.g. `[data-model-viewer-embed="container"]`. */
export function markedSelector(kind: MarkedNode): string {
  return `[${MARKER_ATTRIBUTE}="${kind}"]`;
}
