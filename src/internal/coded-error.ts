/**
 * The one shape of a failure with a stable code, shared by the element's load path and the server module.
 *
 * Each family names its codes (the element's `ModelErrorCode`, the token source's subset of them, the server's
 * upstream codes) and its class, so that `instanceof` and `name` still tell them apart in logs; the body is
 * this one. Messages are for people and never contain a secret: the element redacts them once, where an
 * error becomes an `error` event.
 */
export class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** The HTTP status behind the failure, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}
