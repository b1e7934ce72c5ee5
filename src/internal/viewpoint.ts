/**
 * Viewpoints: what the `viewpoint` attribute and `setViewpoint()` accept, checked before the SDK sees them.
 *
 * The SDK's `setViewpoint` takes a BCF-style object and trusts it: a missing `cameraDirection` throws deep in
 * three.js, a zero direction or up vector makes the camera's quaternion NaN and the canvas goes blank for good,
 * with no error. So every input is parsed here into either one of the SDK's named views (`alignToView`) or a
 * complete, finite BCF viewpoint, and anything else is refused with a message naming what is wrong.
 *
 * Pure module: no Lit, no DOM.
 */

/** The orthogonal views the SDK's `alignToView` knows (its toolbar's "Rotate View" menu). */
export const VIEW_NAMES = ['top', 'bottom', 'front', 'back', 'left', 'right'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

export interface ViewpointXYZ {
  x: number;
  y: number;
  z: number;
}

/** A BCF camera, as the SDK's `getViewpoint()` returns it (coordinates in the model's own system). */
export interface ViewpointCamera {
  cameraViewPoint: ViewpointXYZ;
  cameraDirection: ViewpointXYZ;
  cameraUpVector: ViewpointXYZ;
  /** Degrees; greater than 0 for a perspective camera, 0 for an orthographic one. */
  fieldOfView: number;
  /** The orthographic camera's view height in model units; 0 for a perspective camera. */
  viewToWorldScale: number;
}

/** A BCF clipping plane: its normal and its signed distance from the origin, in model coordinates. */
export interface ViewpointClippingPlane {
  normal: ViewpointXYZ;
  constant: number;
}

/** A BCF-style viewpoint: `getViewpoint()`'s result and `setViewpoint()`'s argument. */
export interface Viewpoint {
  camera: ViewpointCamera;
  clippingPlanes: ViewpointClippingPlane[];
  originatingSystem?: string;
}

/** What a parsed input asks for. */
export type ViewpointRequest = { kind: 'named'; view: ViewName } | { kind: 'bcf'; viewpoint: Viewpoint };

/** A malformed viewpoint; `message` says what is wrong. */
export class ViewpointSyntaxError extends TypeError {
  override readonly name = 'ViewpointSyntaxError';
}

/** Longest attribute text accepted: a viewpoint with a dozen clipping planes is well under 4 kB. */
export const MAX_VIEWPOINT_TEXT = 16_384;

/**
 * Parses `viewpoint`'s value: a named view (`top`, `front`…, any case, surrounding spaces ignored), a BCF
 * viewpoint as JSON text, or a BCF viewpoint object. Throws a `ViewpointSyntaxError` for anything else.
 */
export function parseViewpoint(input: unknown): ViewpointRequest {
  if (typeof input === 'string') {
    const text = input.trim();
    const named = text.toLowerCase();
    if ((VIEW_NAMES as readonly string[]).includes(named)) return { kind: 'named', view: named as ViewName };
    if (text.length > MAX_VIEWPOINT_TEXT) {
      throw new ViewpointSyntaxError(`viewpoint is longer than ${MAX_VIEWPOINT_TEXT} characters.`);
    }
    if (!text.startsWith('{')) {
      throw new ViewpointSyntaxError(
        `viewpoint must be one of ${VIEW_NAMES.join(', ')} or a BCF viewpoint as JSON ({"camera": {…}}).`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ViewpointSyntaxError('viewpoint is not valid JSON.');
    }
    return { kind: 'bcf', viewpoint: checkViewpoint(parsed) };
  }
  if (typeof input === 'object' && input !== null) return { kind: 'bcf', viewpoint: checkViewpoint(input) };
  throw new ViewpointSyntaxError('viewpoint must be a view name, a JSON text or a viewpoint object.');
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ViewpointSyntaxError(`${what} must be an object.`);
  }
  return value as Record<string, unknown>;
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ViewpointSyntaxError(`${what} must be a finite number.`);
  }
  return value;
}

function xyz(value: unknown, what: string, nonZero = false): ViewpointXYZ {
  const object = record(value, what);
  const point = {
    x: finite(object['x'], `${what}.x`),
    y: finite(object['y'], `${what}.y`),
    z: finite(object['z'], `${what}.z`),
  };
  // A zero vector cannot be normalised: the SDK's camera would get NaN coordinates and draw nothing, ever.
  if (nonZero && Math.hypot(point.x, point.y, point.z) < 1e-9) {
    throw new ViewpointSyntaxError(`${what} must not be a zero vector.`);
  }
  return point;
}

/** Checks a BCF viewpoint and returns a clean copy (only the fields the SDK reads). */
export function checkViewpoint(value: unknown): Viewpoint {
  const root = record(value, 'viewpoint');
  const camera = record(root['camera'], 'viewpoint.camera');
  const fieldOfView =
    camera['fieldOfView'] === undefined ? 0 : finite(camera['fieldOfView'], 'camera.fieldOfView');
  const viewToWorldScale =
    camera['viewToWorldScale'] === undefined
      ? 0
      : finite(camera['viewToWorldScale'], 'camera.viewToWorldScale');
  // The SDK picks the projection from fieldOfView > 0, else orthographic with viewToWorldScale.
  if (fieldOfView > 0 ? fieldOfView >= 180 : viewToWorldScale <= 0) {
    throw new ViewpointSyntaxError(
      'camera needs fieldOfView between 0 and 180 degrees (perspective) or a positive viewToWorldScale (orthographic).',
    );
  }
  const planes = root['clippingPlanes'] ?? [];
  if (!Array.isArray(planes)) throw new ViewpointSyntaxError('viewpoint.clippingPlanes must be an array.');
  if (planes.length > 64) throw new ViewpointSyntaxError('viewpoint.clippingPlanes has more than 64 planes.');
  const viewpoint: Viewpoint = {
    camera: {
      cameraViewPoint: xyz(camera['cameraViewPoint'], 'camera.cameraViewPoint'),
      cameraDirection: xyz(camera['cameraDirection'], 'camera.cameraDirection', true),
      cameraUpVector: xyz(camera['cameraUpVector'], 'camera.cameraUpVector', true),
      fieldOfView,
      viewToWorldScale,
    },
    clippingPlanes: planes.map((plane: unknown, i) => {
      const object = record(plane, `clippingPlanes[${i}]`);
      return {
        normal: xyz(object['normal'], `clippingPlanes[${i}].normal`, true),
        constant: finite(object['constant'], `clippingPlanes[${i}].constant`),
      };
    }),
  };
  if (typeof root['originatingSystem'] === 'string') viewpoint.originatingSystem = root['originatingSystem'];
  return viewpoint;
}

/** A key that is equal for two viewpoints exactly when the SDK would show the same view. */
export function viewpointKey(viewpoint: Viewpoint | null): string {
  return JSON.stringify(viewpoint ? [viewpoint.camera, viewpoint.clippingPlanes] : null);
}
