/**
 * HTML escaping for text that the bimU.io SDK writes with `innerHTML`.
 *
 * The SDK's `showDialog(title, body, closeText, okText)` assigns every argument to `innerHTML`, so any text we
 * interpolate there (a model id from an attribute, a label) could otherwise inject markup or script into the
 * page. Escaping the five significant characters makes the text safe both as element content and inside
 * quoted attribute values.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Returns `value` as a string in which `& < > " '` are replaced by character references. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}
