/**
 * Who gets a wheel or touch gesture over the viewer: the page (it scrolls) or the viewer (the SDK's
 * OrbitControls zoom, rotate or pan the camera).
 *
 * In `cooperative` mode, as embedded maps do, a viewer in the middle of an article must not trap the reader's
 * scrolling: a plain wheel scrolls the page unless the viewer has focus, Ctrl or ⌘ (and a trackpad pinch, which
 * browsers report as a wheel with `ctrlKey`) zoom the model, one finger scrolls the page and two fingers move
 * the model. `greedy` hands every gesture to the SDK, as it does on its own, for viewers that fill the page.
 *
 * Pure module: no Lit, no DOM.
 */

export const GestureMode = {
  Cooperative: 'cooperative',
  Greedy: 'greedy',
} as const;
export type GestureMode = (typeof GestureMode)[keyof typeof GestureMode];

/** Who handles a gesture. */
export type GestureTarget = 'page' | 'viewer';

/** Reads the `gestures` attribute: `greedy` (any case, trimmed), otherwise the default, `cooperative`. */
export function gestureModeFromAttribute(value: string | null): GestureMode {
  return value?.trim().toLowerCase() === GestureMode.Greedy ? GestureMode.Greedy : GestureMode.Cooperative;
}

export interface WheelContext {
  mode: GestureMode;
  ctrlKey: boolean;
  metaKey: boolean;
  /** Whether the viewer (or something inside it) has focus. */
  focused: boolean;
}

export function wheelTarget({ mode, ctrlKey, metaKey, focused }: WheelContext): GestureTarget {
  return mode === GestureMode.Greedy || ctrlKey || metaKey || focused ? 'viewer' : 'page';
}

/** `touches`: how many fingers are on the screen (a TouchEvent's `touches.length`). */
export function touchTarget(mode: GestureMode, touches: number): GestureTarget {
  return mode === GestureMode.Greedy || touches >= 2 ? 'viewer' : 'page';
}

/**
 * Which hint to show when a plain wheel was left to the page (its text is in the language table, strings.ts):
 * ⌘ on Apple platforms, Ctrl elsewhere. `platform` is `navigator.platform` or similar.
 */
export function zoomHintKey(platform: string): 'zoomHint' | 'zoomHintMac' {
  return /mac|iphone|ipad/i.test(platform) ? 'zoomHintMac' : 'zoomHint';
}
