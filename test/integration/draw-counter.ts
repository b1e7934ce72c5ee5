/**
 * Counts the frames the SDK's render loop draws into each canvas of this page (importing it patches the page's
 * WebGL `clear`): shared by render-on-demand and render-visibility.
 */

/** `clear` calls per canvas: one per frame the SDK's loop renders (three.js clears at the start of each). */
const draws = new WeakMap<HTMLCanvasElement, number>();
for (const prototype of [WebGLRenderingContext.prototype, globalThis.WebGL2RenderingContext?.prototype]) {
  if (!prototype) continue;
  const nativeClear = prototype.clear;
  prototype.clear = function clear(this: WebGLRenderingContext, mask: number) {
    const canvas = this.canvas as HTMLCanvasElement;
    draws.set(canvas, (draws.get(canvas) ?? 0) + 1);
    return nativeClear.call(this, mask);
  };
}

/** The viewer's canvas in an element's light DOM (not in an isolation frame). */
export function canvasOf(el: Element): HTMLCanvasElement {
  const canvas = el.querySelector<HTMLCanvasElement>('[slot="viewer"] canvas');
  if (!canvas) throw new Error('no canvas');
  return canvas;
}

/** Frames drawn so far into an element's canvas. */
export const drawsOf = (el: Element) => draws.get(canvasOf(el)) ?? 0;
