/**
 * Attributing the SDK's uncaught errors to the load that caused them.
 *
 * Some failures never reach the SDK's `onError`: a part answered with a garbage body, for example, throws
 * inside the SDK's XHR handler ("Cannot read properties of undefined (reading 'split')") and the load then
 * hangs. The only trace is an `error` event on `window`. While loads are in flight, one page-wide listener
 * recognises errors thrown from the SDK's script and hands them to the load they belong to. The SDK gives no
 * way to tell which viewer threw, so an error is attributed only when exactly one load is in flight; with
 * several, each of them notes it and, should it then hang until its watchdog fires, reports `viewer` with that
 * message instead of a bare `timeout`.
 */

import { isErrorLike } from './realm.js';

export interface SdkErrorWatcher {
  /** Called with the error's message when it is attributed to this load alone. */
  onAttributed(message: string): void;
  /** Called when the error could belong to this load or to another one in flight. */
  onAmbiguous(message: string): void;
}

/**
 * The loads in flight, each with its recogniser of the SDK's script. Nothing else is kept at module scope: a
 * recogniser is a closure of the load that registered it, and through its scope it can reach that load's
 * credentials, so it must go when the load's watcher goes (a module-wide "last recogniser" would keep the last
 * load's password or token alive for the lifetime of the page).
 */
const watchers = new Map<SdkErrorWatcher, (url: string) => boolean>();
/** The windows the listener is on, with how many watchers need it there: the page's, and isolation frames'. */
const listenedWindows = new Map<Window, number>();

function fromSdk(event: ErrorEvent): boolean {
  const stack = isErrorLike(event.error) ? (event.error.stack ?? '') : '';
  const isSdkScript = (url: string) => [...watchers.values()].some((recognises) => recognises(url));
  if (event.filename && isSdkScript(event.filename)) return true;
  if (stack.split('\n').some((line) => isSdkScript(line))) return true;
  // A cross-origin script loaded without CORS reports "Script error." with no details at all: during a load it
  // is most likely the SDK's.
  return event.filename === '' && /^Script error\.?$/.test(event.message);
}

/**
 * The page-wide listener. Exported for unit tests, which cannot dispatch an uncaught-looking error on `window`
 * without the test runner reporting it as a failure first.
 */
export function onWindowError(event: ErrorEvent): void {
  if (watchers.size === 0 || !fromSdk(event)) return;
  const message = isErrorLike(event.error) ? event.error.message : event.message;
  // The element reports the error as an `error` event on itself. The browser's "Uncaught …" report and the
  // page's own error trackers would see it a second time, as an exception the page did not throw. The listener
  // is a capture listener, so it runs before bubble listeners on window in Firefox and WebKit and stops them
  // there; Chromium runs window's listeners in registration order whatever the phase, so there a handler the
  // page registered before the first embed loaded still sees the error (measured in the integration suite).
  event.preventDefault();
  event.stopImmediatePropagation();
  if (watchers.size === 1) {
    for (const watcher of watchers.keys()) watcher.onAttributed(message);
  } else {
    for (const watcher of watchers.keys()) watcher.onAmbiguous(message);
  }
}

/**
 * Registers a load's watcher until the returned function is called. `sdkScript` recognises the SDK's script
 * URL in an error's file name or stack; it is dropped with the watcher.
 */
export function watchSdkErrors(
  watcher: SdkErrorWatcher,
  sdkScript: (url: string) => boolean,
  realm: Window = window,
): () => void {
  // The SDK's uncaught errors reach the window it runs in: the page's, or an isolation frame's.
  const users = listenedWindows.get(realm) ?? 0;
  if (users === 0) realm.addEventListener('error', onWindowError, { capture: true });
  listenedWindows.set(realm, users + 1);
  watchers.set(watcher, sdkScript);
  return () => {
    if (!watchers.delete(watcher)) return;
    const left = (listenedWindows.get(realm) ?? 1) - 1;
    if (left > 0) {
      listenedWindows.set(realm, left);
      return;
    }
    listenedWindows.delete(realm);
    realm.removeEventListener('error', onWindowError, { capture: true });
  };
}
