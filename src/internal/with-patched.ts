/**
 * Temporarily replacing a property of a page object, for the SDK calls that the element can only steer by
 * what they find on the page while they run (`window.addEventListener` during `initialize()`, the canvas's
 * `getContext`, the viewport's size, `setInterval`, `document.head.append`, jQuery's plugins).
 *
 * What was there is put back exactly: the object's own property descriptor when it had one, otherwise no own
 * property at all, so that an inherited one shows through again (assigning the old value back would leave an
 * own copy that shadows later changes to the prototype, and would fail on accessors).
 */

/**
 * Records the own properties `names` of `object`; the returned function puts each back as it was (deleting
 * one that was not an own property).
 */
export function snapshotProperties(object: object, names: readonly PropertyKey[]): () => void {
  const saved = names.map((name) => [name, Object.getOwnPropertyDescriptor(object, name)] as const);
  return () => {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(object, name, descriptor);
      else delete (object as Record<PropertyKey, unknown>)[name];
    }
  };
}

/**
 * Runs `fn` while `object[name]` is `replacement` (an own, writable, configurable data property), then
 * restores the property whether `fn` returns or throws. Throws a `TypeError`, without running `fn`, when
 * `object` has a non-configurable own `name`.
 */
export function withPatched<R>(object: object, name: PropertyKey, replacement: unknown, fn: () => R): R {
  const restore = snapshotProperties(object, [name]);
  Object.defineProperty(object, name, { configurable: true, writable: true, value: replacement });
  try {
    return fn();
  } finally {
    restore();
  }
}
