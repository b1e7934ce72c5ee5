/**
 * The element's language: a Lit reactive controller that resolves which texts (`internal/strings.ts`) the
 * element shows, and keeps them current when the page changes a `lang` attribute, `configure({ strings })` or
 * the element's `strings` property.
 *
 * The language is the element's own `lang`, else its closest ancestor's (through shadow roots, for an element
 * inside another component), else the document's. One observer per page watches `lang` attributes in the
 * document, since a page switching its language usually sets `<html lang>` and nothing on the element.
 *
 * The tables other than English are downloaded when an element first resolves to them. Until its table is in,
 * an element keeps the texts it had (English for a new element) and `pending` is true; then it updates. What
 * must not go out in the wrong language waits for `whenReady()`: the load flow does not open its password
 * prompt, nor end in `loaded` or `error` (the status read out then), before the table is in. The table is a
 * small chunk of this package, so that wait is a few milliseconds, while the SDK's download takes far longer; a
 * download that stalls is waited for `TABLE_WAIT_MS` at most.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  loadShippedTable,
  onPageStringsChange,
  pageStrings,
  resolveText,
  type ResolvedText,
  type UiStringOverrides,
} from '../internal/strings.js';

export interface LanguageHost extends ReactiveControllerHost, HTMLElement {
  strings: UiStringOverrides | null;
}

/**
 * How long a load waits for its language's table before it goes on with the texts it has. The table is a small
 * chunk served next to the element's own module and arrives in milliseconds; the bound matters only when its
 * download stalls (no answer and no error), which would otherwise hold the load's outcome until the browser's
 * network gives up.
 */
export const TABLE_WAIT_MS = 3_000;

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
  /** The download of the table the element waits for, if any; cleared once the element has it. */
  #waitingFor: { language: string; download: Promise<void> } | undefined;

  constructor(host: LanguageHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the element's language has a table still to be downloaded (its texts are the previous ones). */
  get pending(): boolean {
    return this.#waitingFor !== undefined;
  }

  /**
   * Resolves once the element shows its language's texts (at once when nothing is to be downloaded), or after
   * `timeoutMs` with the texts it has then.
   */
  async whenReady(timeoutMs = TABLE_WAIT_MS): Promise<void> {
    // The usual case (English, or a table already in): no download, so no timer either.
    if (!this.#waitingFor) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await Promise.race([this.#downloads(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #downloads(): Promise<void> {
    // The language may change again while a table downloads: wait for whatever is awaited now.
    while (this.#waitingFor) await this.#waitingFor.download;
  }

  hostConnected(): void {
    const refresh = () => this.#refresh();
    this.#unwatch = [watchLangAttributes(refresh), onPageStringsChange(refresh)];
    this.#adopt(this.#resolve());
  }

  hostDisconnected(): void {
    for (const unwatch of this.#unwatch) unwatch();
    this.#unwatch = [];
  }

  hostUpdate(): void {
    // The `strings` property is one of the element's reactive properties: every change comes through here.
    this.#adopt(this.#resolve());
  }

  #resolve(): ResolvedText {
    return resolveText(inheritedLang(this.#host), pageStrings(), this.#host.strings);
  }

  /** Takes `next` as the texts in use, or starts its table's download; true when `text` changed. */
  #adopt(next: ResolvedText): boolean {
    if (next.pending) {
      if (this.#waitingFor?.language !== next.language) this.#download(next.language);
      return false;
    }
    this.#waitingFor = undefined;
    if (JSON.stringify(next) === JSON.stringify(this.text)) return false;
    this.text = next;
    return true;
  }

  #download(language: string): void {
    const waitingFor = {
      language,
      // loadShippedTable never rejects: a table that failed resolves to English (or the page's table).
      download: loadShippedTable(language).then(() => {
        if (this.#waitingFor !== waitingFor) return;
        this.#waitingFor = undefined;
        this.#adopt(this.#resolve());
        // Also when the texts did not change (a failed download leaves English): `pending` did.
        this.#host.requestUpdate();
      }),
    };
    this.#waitingFor = waitingFor;
  }

  #refresh(): void {
    if (this.#adopt(this.#resolve())) this.#host.requestUpdate();
  }
}
