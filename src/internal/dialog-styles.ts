/**
 * Making the SDK's dialog fit inside an embed.
 *
 * The SDK's dialog is a Materialize modal (`.modal`, `max-height: 70%`, `overflow-y: auto`, 24px of padding,
 * a 56px footer holding OK and Cancel) placed inside the viewer's container. In an embed a few hundred pixels
 * high, the password prompt with its "wrong password" line is taller than 70% of the container, so the modal
 * scrolls and its footer, with the only buttons, ends up below the visible part. The container lives in the
 * light DOM (the SDK finds it with `document.getElementById`), which the element's shadow styles cannot
 * reach, so one page-wide stylesheet, scoped to the element's containers, lays the open dialog out as a column
 * whose content scrolls while the footer always stays in view, with compact spacing and a wider box.
 */

import { mark, markedSelector } from './dom-marker.js';

const CONTAINER = markedSelector('container');

/** Scoped to the element's containers: the page's own `.modal`s (Bootstrap, Materialize) are untouched. */
export const DIALOG_CSS = /* css */ `
${CONTAINER} .modal.open {
  /* Materialize writes display: block inline when it opens the dialog. */
  display: flex !important;
  flex-direction: column;
  width: min(90%, 460px);
  max-height: 80%;
  overflow: hidden;
}
${CONTAINER} .modal.open > .modal-content {
  flex: 1 1 auto;
  min-height: 0;
  overflow-y: auto;
  padding: 16px 20px 4px;
}
${CONTAINER} .modal.open > .modal-content h4 {
  font-size: 1.25rem;
  line-height: 1.3;
  margin: 0 0 8px;
}
${CONTAINER} .modal.open > .modal-content p {
  margin: 0 0 8px;
}
${CONTAINER} .modal.open > .modal-footer {
  flex: none;
  height: auto;
  padding: 2px 8px 6px;
  /* Materialize aligns the buttons right; in a right-to-left dialog they belong on the left. */
  text-align: end;
}
/*
 * The toolbar and its buttons follow custom properties the element sets in its shadow root (they inherit into
 * the slotted container): the toolbar is hidden without recreating the viewer, whose UI the password dialog
 * needs, and the button colour (the SDK writes its own inline, once) changes live and never passes through
 * the SDK's HTML.
 */
${CONTAINER} > [id$="-toolbar"] {
  display: var(--model-viewer-embed-toolbar-display, block) !important;
}
${CONTAINER} > [id$="-toolbar"] > a.btn-floating {
  background: var(--model-viewer-embed-button-color, #1565c0) !important;
}
`;

const installed = new WeakSet<Document>();

/**
 * Adds the stylesheet to `document` (the page's, or an isolation frame's) once. A constructed stylesheet is used where the browser supports
 * adopting one, since a strict Content-Security-Policy without `style-src 'unsafe-inline'` blocks `<style>`
 * elements but not adopted sheets.
 */
export function ensureDialogStyles(document: Document | undefined = globalThis.document): void {
  if (!document || installed.has(document)) return;
  installed.add(document);
  // A document adopts only stylesheets constructed in its own realm.
  const { CSSStyleSheet, Document } = (document.defaultView ?? window) as Window & typeof globalThis;
  if (
    'adoptedStyleSheets' in Document.prototype &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(DIALOG_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return;
  }
  const style = document.createElement('style');
  mark(style, 'dialog-css');
  style.textContent = DIALOG_CSS;
  document.head.append(style);
}
