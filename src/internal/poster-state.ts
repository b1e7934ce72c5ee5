/**
 * What the poster layer shows, as a function of the element's state: the poster covers the viewer from the
 * start until the loaded model has been drawn, and again while the browser has taken the WebGL context; with
 * `reveal="interaction"` nothing loads until the visitor asks for the model.
 *
 * Pure module: no Lit, no DOM.
 */
import { ModelStatus } from '../types.js';

export const RevealMode = {
  /** Load as `loading` says (at once, or when near the viewport). */
  Auto: 'auto',
  /** Show the poster and a "View 3D model" button; load nothing until it is activated. */
  Interaction: 'interaction',
} as const;
export type RevealMode = (typeof RevealMode)[keyof typeof RevealMode];

/** Reads the `reveal` attribute: `interaction` (any case, trimmed), otherwise the default, `auto`. */
export function revealModeFromAttribute(value: string | null): RevealMode {
  return value?.trim().toLowerCase() === RevealMode.Interaction ? RevealMode.Interaction : RevealMode.Auto;
}

export interface PosterInputs {
  status: ModelStatus;
  /** The loaded model has been drawn at least once by the current viewer. */
  modelDrawn: boolean;
  contextLost: boolean;
}

/**
 * Whether the poster covers the viewer. Only a drawn model uncovers it: `loaded` comes before the first frame
 * that shows the model (and an off-screen viewer draws none), so hiding the poster on `loaded` alone would
 * show a blank canvas. An error keeps it: the error text is shown over it.
 */
export function posterCovers({ status, modelDrawn, contextLost }: PosterInputs): boolean {
  return !(status === ModelStatus.Loaded && modelDrawn && !contextLost);
}

/** Whether the element waits for the visitor before loading anything (`reveal="interaction"`, not yet asked). */
export function awaitsInteraction(reveal: RevealMode, revealed: boolean): boolean {
  return reveal === RevealMode.Interaction && !revealed;
}

/**
 * The accessible name of the model (the host's label, the poster's `aria-label`): the page's `alt` when it
 * has text, otherwise "3D model" followed by the model id. The id is no description, but it tells two embeds
 * of a page apart, which a bare "3D model" would not; pages should set `alt`.
 */
export function accessibleName(alt: string | null, modelId: string | null, fallback = '3D model'): string {
  const text = alt?.trim();
  if (text) return text;
  const id = modelId?.trim();
  return id ? `${fallback} ${id}` : fallback;
}
