/**
 * Whether an element is on screen or near it, read synchronously from layout: the element's box, clipped by
 * every ancestor that clips its overflow (a scrolling container hides what lies below its fold), then compared
 * with the viewport grown by a margin, as an `IntersectionObserver` with `rootMargin` would see it.
 *
 * An observer answers only after the next rendering step; this answer is immediate, so an element on the
 * first screen starts in the same update as it always did, and only the others wait for the observer.
 *
 * No Lit, no `this`; it reads layout (getBoundingClientRect, getComputedStyle) when called, never on import.
 */

/** How far outside the viewport, in CSS pixels, an element counts as near (so it is ready when scrolled to). */
export const NEAR_VIEWPORT_MARGIN_PX = 200;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function intersect(a: Box, b: Box): Box {
  return {
    left: Math.max(a.left, b.left),
    top: Math.max(a.top, b.top),
    right: Math.min(a.right, b.right),
    bottom: Math.min(a.bottom, b.bottom),
  };
}

/** The element's parent in the flat tree as far as clipping goes: a shadow root's host stands for the root. */
function clippingParent(node: Element): Element | null {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

function clipsOverflow(element: Element): boolean {
  const style = getComputedStyle(element);
  return style.overflowX !== 'visible' || style.overflowY !== 'visible';
}

/**
 * Whether `element` has a box that, clipped by its overflow-clipping ancestors, lies within `margin` CSS
 * pixels of the viewport. An element without a box (`display: none`, or not in the document) is not near.
 */
export function isNearViewport(element: Element, margin = NEAR_VIEWPORT_MARGIN_PX): boolean {
  if (!element.isConnected) return false;
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 && rect.height === 0) return false;
  let box: Box = rect;
  for (let ancestor = clippingParent(element); ancestor; ancestor = clippingParent(ancestor)) {
    // The root scroller is the viewport itself, compared below with its margin.
    if (ancestor === document.documentElement || ancestor === document.body) break;
    if (clipsOverflow(ancestor)) box = intersect(box, ancestor.getBoundingClientRect());
    if (box.left > box.right || box.top > box.bottom) return false;
  }
  const viewport: Box = {
    left: -margin,
    top: -margin,
    right: document.documentElement.clientWidth + margin,
    bottom: document.documentElement.clientHeight + margin,
  };
  const seen = intersect(box, viewport);
  return seen.left <= seen.right && seen.top <= seen.bottom;
}
