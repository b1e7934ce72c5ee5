/**
 * What the SDK's `getElementDataByIndex` passes to its success callback, turned into the `select` event's
 * element. The SDK maps bimU.io's `{eId, uId, p: [{g, n, v}]}` to `{elementId, uniqueId, properties: [{group,
 * name, value}]}` without checking anything, so a malformed answer is normalised here rather than handed to
 * the page as it came.
 *
 * Pure module: no Lit, no DOM.
 */
import type { ModelElementProperty, ModelSelectedElement } from '../events.js';

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function propertyValue(value: unknown): ModelElementProperty['value'] {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** The selected element at `index`, from the SDK's element data (or only its index when there is none). */
export function selectedElement(index: number, data: unknown): ModelSelectedElement {
  if (typeof data !== 'object' || data === null) {
    return Object.freeze({ index, id: null, uniqueId: null, properties: null });
  }
  const { elementId, uniqueId, properties } = data as Record<string, unknown>;
  // Copied first: with isolation="frame" the SDK's array belongs to the frame, and so would what filter/map make.
  const list = Array.isArray(properties)
    ? [...(properties as unknown[])]
        .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
        .map((entry) =>
          Object.freeze({
            group: text(entry['group']) ?? '',
            name: text(entry['name']) ?? '',
            value: propertyValue(entry['value']),
          }),
        )
    : null;
  return Object.freeze({
    index,
    id: text(elementId),
    uniqueId: text(uniqueId),
    properties: list ? Object.freeze(list) : null,
  });
}
