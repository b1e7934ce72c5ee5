/**
 * The SDK's UI assets: self-hosting, de-duplication and per-viewer Materialize set-up.
 *
 * With `showUI`, the SDK's `initialize()` appends to `<head>` (through `head.append`, with `src`/`href`
 * already set) Materialize 1.0.0's script and the Material Design Iconic Font 2.2.0 stylesheet from cdnjs, and
 * (through `head.appendChild`) a large inline `<style>`. It does so for every viewer, so fifty viewers leave
 * fifty copies, and offline or under a strict CSP the cdnjs URLs fail; then icons are blank and `showDialog`
 * silently never opens (it polls for Materialize every 500 ms, forever).
 *
 * The inline `<style>` is a Materialize subset with page-wide selectors (`nav`, `.btn`, `.card`, `.modal`, …)
 * that would restyle the host page; it is rewritten to apply only inside the element's containers.
 *
 * While `initialize()` runs, the element replaces `append`/`appendChild` on the `<head>` element itself (own
 * properties, removed afterwards) to rewrite the two URLs to a self-hosted base, scope the inline styles,
 * append each asset only once per page, and wrap the script's `onload` (the SDK's Materialize set-up) so that it runs once per viewer,
 * with only that viewer's dialog and menus visible to it (see dialog-isolation.ts).
 */
import { withExclusiveSdkUi } from './dialog-isolation.js';
import { scopeStylesheet } from './scope-stylesheet.js';
import { trustedScriptUrl } from './trusted-types.js';
import { mark, markedSelector } from './dom-marker.js';
import { snapshotProperties, withPatched } from './with-patched.js';
import { realmOf, type RealmWindow } from './realm.js';

const MATERIALIZE_PATTERN = /\/materialize(?:\.min)?\.js(?:[?#].*)?$/;
const ICON_FONT_PATTERN = /\/material-design-iconic-font(?:\.min)?\.css(?:[?#].*)?$/;

/** Paths under `ui-assets-base`, as documented on the element. */
export const MATERIALIZE_PATH = 'materialize/materialize.min.js';
export const ICON_FONT_PATH = 'material-design-iconic-font/css/material-design-iconic-font.min.css';

/** The element's viewer containers: the only place the SDK's Materialize styles apply. */
export const SDK_CSS_SCOPE = markedSelector('container');
/** Put on the tooltips of the element's viewers, which Materialize appends to `<body>`, outside the scope. */
export const TOOLTIP_MARKER = markedSelector('tooltip');

/**
 * The last SDK stylesheet scoped, and the result. Every viewer's `initialize()` appends the same 10 kB of CSS;
 * parsing and rewriting its rules took 1-6 ms per viewer (Chromium, Firefox and WebKit here), on the main thread
 * while the viewer is set up. Done once per page, the later viewers pay a string comparison.
 */
let lastScoped: { cssText: string; scoped: string } | undefined;

/** The SDK's inline Materialize subset, confined to the element's containers and tooltips. */
export function scopeSdkCss(cssText: string): string {
  if (lastScoped?.cssText !== cssText) {
    const scoped = scopeStylesheet(cssText, {
      scope: SDK_CSS_SCOPE,
      detached: { 'material-tooltip': TOOLTIP_MARKER },
    });
    lastScoped = { cssText, scoped };
  }
  return lastScoped.scoped;
}

interface TooltipGlobal {
  M?: { Tooltip?: { getInstance(el: Element): { tooltipEl?: Element } | undefined } };
}

/**
 * Marks the tooltips of `container`'s toolbar buttons. Materialize appends each tooltip to `<body>`, where the
 * scoped stylesheet cannot reach it by ancestry; without the marker a tooltip would show as bare text.
 * (The modal's overlay and the dropdown menus stay inside the container: Materialize inserts them next to
 * the modal and the trigger.)
 */
function markDetachedWidgets(container: Element): void {
  const tooltip = (realmOf(container) as unknown as TooltipGlobal).M?.Tooltip;
  if (!tooltip) return;
  for (const trigger of container.querySelectorAll('.tooltipped')) {
    try {
      const tooltipEl = tooltip.getInstance(trigger)?.tooltipEl;
      if (tooltipEl) mark(tooltipEl, 'tooltip');
    } catch {
      // Another Materialize copy without getInstance: the tooltip stays unstyled, the viewer works.
    }
  }
}

/** Page-wide state of the Materialize script: one load, shared by every viewer of a document. */
interface ScriptState {
  loaded: Promise<void>;
  failed: boolean;
}
/** The Materialize scripts of each document: the page's own, and each isolation frame's. */
let scriptsByDocument = new WeakMap<Document, Map<string, ScriptState>>();

function scriptsOf(doc: Document): Map<string, ScriptState> {
  let scripts = scriptsByDocument.get(doc);
  if (!scripts) {
    scripts = new Map();
    scriptsByDocument.set(doc, scripts);
  }
  return scripts;
}

/** Joins a base URL (with or without a trailing slash) and a relative path, resolved against the document. */
export function assetUrl(base: string, path: string): string {
  return new URL(path, new URL(base.endsWith('/') ? base : `${base}/`, document.baseURI)).href;
}

/** The Materialize URL the page uses: under `uiAssetsBase`, or the SDK's own when no base is set. */
export function rewriteUrl(url: string, uiAssetsBase: string | null): string {
  if (uiAssetsBase === null) return url;
  if (MATERIALIZE_PATTERN.test(url)) return assetUrl(uiAssetsBase, MATERIALIZE_PATH);
  if (ICON_FONT_PATTERN.test(url)) return assetUrl(uiAssetsBase, ICON_FONT_PATH);
  return url;
}

/**
 * Whether a Materialize script the element appended to `doc` (the page's document unless an isolation frame's
 * is given) failed to load, so that a dialog would never open.
 */
export function materializeFailed(doc: Document = document): string | undefined {
  for (const [url, state] of scriptsOf(doc)) if (state.failed) return url;
  return undefined;
}

/** The jQuery plugins Materialize 1.0.0 defines (`M.initializeJqueryWrapper`) when it finds `window.jQuery`. */
const MATERIALIZE_JQUERY_PLUGINS = [
  'autocomplete',
  'carousel',
  'characterCounter',
  'chips',
  'collapsible',
  'datepicker',
  'dropdown',
  'floatingActionButton',
  'formSelect',
  'materialbox',
  'modal',
  'parallax',
  'pushpin',
  'range',
  'scrollSpy',
  'sidenav',
  'slider',
  'tabs',
  'tapTarget',
  'timepicker',
  'tooltip',
] as const;

/**
 * Materialize, on a page that has jQuery, overwrites `jQuery.fn.modal`, `.tooltip`, `.dropdown`, … with its
 * own: on a Bootstrap 4 page, `$('#x').modal('show')` would then call Materialize. The SDK never uses those
 * wrappers, so the page's own plugins are put back (and Materialize's additions removed) as soon as the
 * script has run. Returns the function that does so.
 */
function protectJQueryPlugins(realm: RealmWindow): () => void {
  const fn = (realm as unknown as { jQuery?: { fn?: Record<string, unknown> } }).jQuery?.fn;
  if (!fn) return () => {};
  return snapshotProperties(fn, MATERIALIZE_JQUERY_PLUGINS);
}

/**
 * Runs `initialize` (the SDK's `viewer.initialize()`) with the `<head>` interception described above.
 * `container` is the viewer's container: its Materialize set-up only sees the dialog and menus inside it, and
 * is skipped when the container has left the document (the viewer was disposed before the script loaded).
 */
export function interceptUiAssets(
  container: Element,
  uiAssetsBase: string | null,
  initialize: () => void,
): void {
  // The document the SDK runs in: the page's, or an isolation frame's, whose nodes are of that frame's classes.
  const realm = realmOf(container);
  const document = realm.document;
  const scripts = scriptsOf(document);
  const head = document.head;
  const nativeAppend = head.append;
  const nativeAppendChild = head.appendChild;

  const handle = (node: Node | string): boolean => {
    if (node instanceof realm.HTMLScriptElement && node.src) {
      const url = rewriteUrl(node.src, uiAssetsBase);
      const setUp = node.onload;
      node.onload = null;
      const runSetUp = () => {
        if (!container.isConnected || typeof setUp !== 'function') return;
        withExclusiveSdkUi(container, () => setUp.call(node, new Event('load')), { classes: true });
        markDetachedWidgets(container);
      };
      let state = scripts.get(url);
      if (!state) {
        // Through the element's own Trusted Types policy; a refusal ends the load with `viewer`, explained.
        node.src = trustedScriptUrl(url) as string;
        mark(node, 'ui-script');
        const created: ScriptState = { failed: false, loaded: Promise.resolve() };
        // Runs right after the script has executed, in the same task, before any page code can call a plugin.
        node.addEventListener('load', protectJQueryPlugins(realm), { once: true });
        created.loaded = new Promise<void>((resolve) => {
          node.addEventListener('load', () => resolve(), { once: true });
          node.addEventListener(
            'error',
            () => {
              created.failed = true;
            },
            { once: true },
          );
        });
        state = created;
        scripts.set(url, state);
        nativeAppend.call(head, node);
      }
      // Asynchronously, as the SDK expects from an onload callback, also when the script is already there.
      void state.loaded.then(runSetUp);
      return true;
    }
    if (node instanceof realm.HTMLLinkElement && node.href) {
      const url = rewriteUrl(node.href, uiAssetsBase);
      if (!document.querySelector(`link${markedSelector('ui-style')}[href="${CSS.escape(url)}"]`)) {
        node.href = url;
        mark(node, 'ui-style');
        nativeAppend.call(head, node);
      }
      return true;
    }
    if (node instanceof realm.HTMLStyleElement) {
      // The SDK's Materialize subset styles `nav`, `.btn`, `.card`, `.modal`, … page-wide: confine it to the
      // viewers. (The SDK fills it with `innerText`, which turns line breaks into `<br>` elements; replacing
      // the content with the scoped text drops those too.)
      const text = scopeSdkCss(node.textContent ?? '');
      node.textContent = text;
      const existing = [...head.querySelectorAll<HTMLStyleElement>(`style${markedSelector('ui-css')}`)];
      if (!existing.some((style) => style.textContent === text)) {
        mark(node, 'ui-css');
        nativeAppendChild.call(head, node);
      }
      return true;
    }
    return false;
  };

  function append(...nodes: (Node | string)[]): void {
    const rest = nodes.filter((node) => !handle(node));
    if (rest.length > 0) nativeAppend.apply(head, rest);
  }
  function appendChild<T extends Node>(node: T): T {
    if (!handle(node)) nativeAppendChild.call(head, node);
    return node;
  }
  withPatched(head, 'append', append, () => withPatched(head, 'appendChild', appendChild, initialize));
}

/** Forgets loaded scripts; for tests. */
export function resetUiAssetsForTests(): void {
  scriptsByDocument = new WeakMap();
}
