/**
 * Progress normalisation.
 *
 * The SDK reports progress as a *string* percentage ('0'–'100') averaged over the model's parts, only while
 * part files download and only when their `Content-Length` is known. '100' means "bytes downloaded", not
 * "ready": parsing and meshing follow, and an error can still come after it. The element promises a number
 * from 0 to 1 that never decreases within one load and reaches 1 only when the model is ready, so downloads
 * are mapped into [0, DOWNLOAD_SHARE] and the last step to 1 is taken by `complete()`.
 */

/** The part of the progress range that downloading covers; the rest is parsing and meshing. */
export const DOWNLOAD_SHARE = 0.9;

/**
 * Reads the SDK's progress payload (`{ progress: '25' }`, a bare string or a number) as a download fraction
 * from 0 to 1, or `undefined` when it holds no usable number.
 */
export function parseSdkProgress(raw: unknown): number | undefined {
  const value =
    typeof raw === 'object' && raw !== null && 'progress' in raw
      ? (raw as { progress: unknown }).progress
      : raw;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  const percent = Number(value);
  if (!Number.isFinite(percent)) return undefined;
  return Math.min(Math.max(percent, 0), 100) / 100;
}

/** Tracks one load's progress: monotonic, below 1 until `complete()`. */
export class ProgressTracker {
  #value = 0;

  get value(): number {
    return this.#value;
  }

  /**
   * Records an SDK progress payload. Returns the new overall progress when it increased, or `undefined`
   * when the payload was unusable or would not move progress forward (parts can report out of order, and a
   * retried attempt starts its percentages from zero again).
   */
  update(raw: unknown): number | undefined {
    const fraction = parseSdkProgress(raw);
    if (fraction === undefined) return undefined;
    const next = Math.round(fraction * DOWNLOAD_SHARE * 10_000) / 10_000;
    if (next <= this.#value) return undefined;
    this.#value = next;
    return next;
  }

  /** Marks the model as ready; returns 1. */
  complete(): number {
    this.#value = 1;
    return 1;
  }
}
