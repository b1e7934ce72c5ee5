/**
 * CSS colours for `button-color` and `background`: checking them, and turning them into the number the SDK's
 * `setBackgroundColor(0xRRGGBB)` takes.
 *
 * Pure module apart from the browser's own CSS parser (`CSS.supports`, a 2D canvas); never called on a server.
 */

// `var()`, `env()` and `attr()` pass `CSS.supports` whatever they hold, and the canvas cannot resolve them.
const SUBSTITUTION = /\b(?:var|env|attr)\s*\(/i;

/** Whether `value` is a colour the browser understands (`#1e1e1e`, `rgb(30 30 30)`, `navy`, `oklch(…)`). */
export function isCssColor(value: string): boolean {
  if (typeof CSS === 'undefined' || typeof CSS.supports !== 'function') return false;
  return value.trim() !== '' && !SUBSTITUTION.test(value) && CSS.supports('color', value);
}

let probe: CanvasRenderingContext2D | null | undefined;

/**
 * `value` as `0xRRGGBB` in sRGB, or null when it is not a colour. Painted on a 1×1 canvas and read back, so
 * every syntax the browser knows (named colours, `hsl`, `lab`, `color-mix`) comes out the same way; alpha is
 * dropped, since the SDK clears its canvas opaquely.
 */
export function cssColorToHex(value: string): number | null {
  if (!isCssColor(value)) return null;
  if (probe === undefined) {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    probe = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!probe) return null;
  probe.clearRect(0, 0, 1, 1);
  probe.fillStyle = '#000';
  probe.fillStyle = value;
  probe.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0] = probe.getImageData(0, 0, 1, 1).data;
  return (r << 16) | (g << 8) | b;
}
