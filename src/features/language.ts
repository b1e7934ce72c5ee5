/**
 * The element's language: a Lit reactive controller that resolves which texts (`internal/strings.ts`) the
 * element shows, and keeps them current when the page changes a `lang` attribute, `configure({ strings })` or
 * the element's `strings` property.
 *
 * The language is the element's own `lang`, else its closest ancestor's (through shadow roots, for an element
 * inside another component), else the document's. One observer per page watches `lang` attributes in the
 * document, since a page switching its language usually sets `<html lang>` and nothing on the element.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  onPageStringsChange,
  pageStrings,
  resolveText,
  type ResolvedText,
  type UiStringOverrides,
} from '../internal/strings.js';

export interface LanguageHost extends ReactiveControllerHost, HTMLElement {
  strings: UiStringOverrides | null;
}

const watchers = new Set<() => void>();
let langObserver: MutationObserver | undefined;

function watchLangAttributes(onChange: () => void): () => void {
  watchers.add(onChange);
  if (!langObserver && typeof MutationObserver === 'function') {
    langObserver = new MutationObserver(() => {
      for (const watcher of watchers) watcher();
    });
    langObserver.observe(document.documentElement, {
      subtree: true,
      attributes: true,
      attributeFilter: ['lang'],
    });
  }
  return () => {
    watchers.delete(onChange);
    if (watchers.size === 0) {
      langObserver?.disconnect();
      langObserver = undefined;
    }
  };
}

/** The `lang` that applies to `element`: its own, its closest ancestor's across shadow roots, or ''. */
export function inheritedLang(element: Element): string {
  let node: Element | null = element;
  while (node) {
    const lang = node.getAttribute('lang');
    if (lang !== null) return lang;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
  }
  return '';
}

export class LanguageController implements ReactiveController {
  /** The texts in use, their language and writing direction. */
  text: ResolvedText = resolveText('');

  readonly #host: LanguageHost;
  #unwatch: (() => void)[] = [];

  constructor(host: LanguageHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    const refresh = () => this.#refresh();
    this.#unwatch = [watchLangAttributes(refresh), onPageStringsChange(refresh)];
    this.text = this.#resolve();
  }

  hostDisconnected(): void {
    for (const unwatch of this.#unwatch) unwatch();
    this.#unwatch = [];
  }

  hostUpdate(): void {
    // The `strings` property is one of the element's reactive properties: every change comes through here.
    this.text = this.#resolve();
  }

  #resolve(): ResolvedText {
    return resolveText(inheritedLang(this.#host), pageStrings(), this.#host.strings);
  }

  #refresh(): void {
    const next = this.#resolve();
    if (JSON.stringify(next) === JSON.stringify(this.text)) return;
    this.text = next;
    this.#host.requestUpdate();
  }
}
