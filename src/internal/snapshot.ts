/**
 * `snapshot()`: the current view as an image file.
 *
 * The SDK creates its renderer with `preserveDrawingBuffer: true`, so the canvas keeps its last frame after the
 * browser composited it and `toBlob` reads the model as drawn (without that flag it would read a cleared,
 * transparent buffer). The image is the canvas's own size in device pixels.
 */
import { ViewerCallError, ViewerCallErrorCode } from './errors.js';

/** What `snapshot()` accepts. */
export interface SnapshotOptions {
  /** `png` (default) or `jpeg`; the MIME types `image/png` and `image/jpeg` are accepted too. */
  type?: 'png' | 'jpeg' | 'image/png' | 'image/jpeg';
  /** JPEG quality from 0 to 1 (default 0.92, the browsers' own); ignored for PNG. */
  quality?: number;
}

export interface SnapshotRequest {
  mime: 'image/png' | 'image/jpeg';
  quality: number | undefined;
}

/** Checks `snapshot()`'s options; throws a `ViewerCallError` with code `invalid-config`. */
export function parseSnapshotOptions(options: unknown): SnapshotRequest {
  if (options === undefined || options === null) return { mime: 'image/png', quality: undefined };
  if (typeof options !== 'object') {
    throw new ViewerCallError(ViewerCallErrorCode.InvalidConfig, 'snapshot() takes an options object.');
  }
  const { type = 'png', quality } = options as { type?: unknown; quality?: unknown };
  const mime =
    type === 'png' || type === 'image/png'
      ? 'image/png'
      : type === 'jpeg' || type === 'jpg' || type === 'image/jpeg'
        ? 'image/jpeg'
        : undefined;
  if (!mime) {
    throw new ViewerCallError(
      ViewerCallErrorCode.InvalidConfig,
      `snapshot() type must be 'png' or 'jpeg', not ${JSON.stringify(String(type)).slice(0, 40)}.`,
    );
  }
  if (quality !== undefined && (typeof quality !== 'number' || !(quality >= 0 && quality <= 1))) {
    throw new ViewerCallError(
      ViewerCallErrorCode.InvalidConfig,
      'snapshot() quality must be a number from 0 to 1.',
    );
  }
  return { mime, quality: mime === 'image/jpeg' ? (quality ?? 0.92) : undefined };
}

/**
 * Waits for the next animation frame (in which the SDK's render loop draws what was changed just before, such
 * as a viewpoint), but never longer than `maxWaitMs`: a hidden tab runs no frames, and a paused viewer's canvas
 * already holds its last frame.
 */
export function nextFrameOrTimeout(maxWaitMs = 100): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxWaitMs);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Encodes `canvas`; rejects with a `ViewerCallError` (`viewer`) when the browser cannot. */
export function canvasToBlob(canvas: HTMLCanvasElement, { mime, quality }: SnapshotRequest): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(
        new ViewerCallError(ViewerCallErrorCode.Viewer, `The view could not be encoded as ${mime}: ${why}`),
      );
    try {
      canvas.toBlob(
        (blob) => (blob && blob.size > 0 ? resolve(blob) : fail('the browser returned no image.')),
        mime,
        quality,
      );
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  });
}
