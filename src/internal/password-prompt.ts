/**
 * Asking for a model's password through the SDK's own dialog.
 *
 * `viewer.showDialog(title, body, closeText, okText, onOk, dismissible)` writes every argument with
 * `innerHTML`, its OK button is an `<a href="#">` whose callback is the raw `onclick` (no `preventDefault`,
 * and the dialog stays open), and its Close button closes the dialog through Materialize without telling
 * anyone. This module turns that into `promptForPassword(): Promise<string | null>`: escaped text, a labelled
 * password field that receives focus, Enter and OK submit, Cancel resolves `null`, the dialog is closed after
 * either, and the typed value is cleared from the field the moment it is read.
 *
 * Only one prompt is open on the page at a time (a FIFO queue), so two password-protected embeds never
 * compete for focus or for the SDK's shared dialog ids.
 */
import { escapeHtml } from './escape-html.js';
import type { BimuViewer } from './sdk-types.js';
import { trustedHtml } from './trusted-types.js';
import { formatText, resolveText, type ResolvedText } from './strings.js';

export interface PasswordPromptOptions {
  viewer: Pick<BimuViewer, 'showDialog' | 'closeDialog'>;
  /** The viewer's container, holding the SDK's dialog; its id prefixes the field's id. */
  container: HTMLElement;
  /** Shown in the dialog, escaped. */
  modelLabel: string;
  /** Adds a "wrong password" line (after a refused attempt). */
  retry: boolean;
  /** The texts, language and direction of the element; English when absent. */
  text?: ResolvedText;
  signal: AbortSignal;
  /** Called when this prompt's turn in the page-wide queue comes, just before the dialog is requested. */
  onTurn?: () => void;
  /** Called once the dialog is actually open (the SDK may wait for Materialize first). */
  onOpen?: () => void;
}

let queue: Promise<void> = Promise.resolve();

/** Waits for the page-wide prompt slot; resolves with a function that frees it. */
function acquireSlot(): Promise<() => void> {
  let release!: () => void;
  const freed = new Promise<void>((resolve) => {
    release = resolve;
  });
  const acquired = queue.then(() => release);
  queue = queue.then(() => freed);
  return acquired;
}

/** How many prompts hold the page-wide slot (0 or 1); for tests. */
let openPrompts = 0;
export function openPromptCount(): number {
  return openPrompts;
}

/**
 * Shows the prompt once it is this element's turn. Resolves with the typed password, or `null` when the user
 * pressed Cancel. Rejects with an `AbortError` `DOMException` when `signal` aborts (the dialog is closed);
 * other exceptions (from `showDialog`) propagate.
 */
export async function promptForPassword(options: PasswordPromptOptions): Promise<string | null> {
  const { signal } = options;
  const release = await acquireSlot();
  if (signal.aborted) {
    release();
    throw signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError');
  }
  openPrompts += 1;
  try {
    options.onTurn?.();
    return await showPrompt(options);
  } finally {
    openPrompts -= 1;
    release();
  }
}

function showPrompt({
  viewer,
  container,
  modelLabel,
  retry,
  signal,
  onOpen,
  text = resolveText(''),
}: PasswordPromptOptions): Promise<string | null> {
  return new Promise<string | null>((resolve, reject) => {
    const { strings } = text;
    const fieldId = `${container.id}-password`;
    const errorId = `${fieldId}-error`;
    const body =
      `<form id="${escapeHtml(fieldId)}-form" novalidate autocomplete="on">` +
      `<p>${escapeHtml(formatText(strings.passwordIntro, { model: modelLabel }))}</p>` +
      (retry
        ? `<p id="${escapeHtml(errorId)}" role="alert" style="color:#b00020">${escapeHtml(strings.passwordRetry)}</p>`
        : '') +
      `<label for="${escapeHtml(fieldId)}">${escapeHtml(strings.passwordLabel)}</label>` +
      `<input id="${escapeHtml(fieldId)}" name="password" type="password" autocomplete="current-password"` +
      (retry ? ` aria-invalid="true" aria-describedby="${escapeHtml(errorId)}"` : '') +
      '>' +
      '</form>';

    let settled = false;
    let observer: MutationObserver | undefined;
    const cleanup = () => {
      observer?.disconnect();
      signal.removeEventListener('abort', onAbort);
      container.removeEventListener('click', onContainerClick, { capture: true });
      container.removeEventListener('keydown', onKeyDown, { capture: true });
      container.removeEventListener('submit', onSubmit, { capture: true });
    };
    const field = () => container.querySelector<HTMLInputElement>(`[id="${CSS.escape(fieldId)}"]`);
    const finish = (value: string | null, error?: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      try {
        viewer.closeDialog();
      } catch {
        // The dialog is gone with its viewer.
      }
      if (error === undefined) resolve(value);
      else reject(error);
    };
    const submit = () => {
      const input = field();
      const value = input?.value ?? '';
      // Clear the field right away: the typed password must not outlive the attempt that uses it.
      if (input) input.value = '';
      finish(value);
    };
    const onAbort = () => {
      if (settled) return;
      const input = field();
      if (input) input.value = '';
      finish(
        null,
        signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'),
      );
    };
    const onContainerClick = (event: Event) => {
      const target = event.target as Element | null;
      if (target?.closest?.('.modal-close')) {
        event.preventDefault();
        const input = field();
        if (input) input.value = '';
        finish(null);
      }
    };
    const onKeyDown = (event: Event) => {
      const key = (event as KeyboardEvent).key;
      if (key === 'Enter' && (event.target as Element | null)?.id === fieldId) {
        event.preventDefault();
        submit();
      }
    };
    const onSubmit = (event: Event) => {
      event.preventDefault();
      submit();
    };
    const onOk = (event?: Event) => {
      event?.preventDefault?.();
      submit();
    };

    signal.addEventListener('abort', onAbort, { once: true });
    container.addEventListener('click', onContainerClick, { capture: true });
    container.addEventListener('keydown', onKeyDown, { capture: true });
    container.addEventListener('submit', onSubmit, { capture: true });

    try {
      // The SDK assigns these with `innerHTML`: blessed by the element's own Trusted Types policy (the markup is
      // built from escaped text above), a page that enforces Trusted Types needs no default policy for them.
      viewer.showDialog(
        trustedHtml(escapeHtml(strings.passwordTitle)),
        trustedHtml(body),
        trustedHtml(escapeHtml(strings.passwordCancel)),
        trustedHtml(escapeHtml(strings.passwordOk)),
        onOk,
        false,
      );
    } catch (error) {
      settled = true;
      cleanup();
      reject(error);
      return;
    }

    // Materialize opens the dialog now, or — when its script is still loading — the SDK polls and opens it
    // later. Focus the field once the dialog is open (Materialize focuses the dialog itself on open).
    const modal = field()?.closest('.modal') ?? container.querySelector('.modal');
    // The SDK's dialog is outside the element's shadow root: it gets the element's language and direction
    // itself, so that screen readers pronounce it right and a right-to-left language lays out right to left.
    modal?.setAttribute('lang', text.language);
    modal?.setAttribute('dir', text.dir);
    const focusWhenOpen = () => {
      if (settled || !modal?.classList.contains('open')) return false;
      observer?.disconnect();
      onOpen?.();
      field()?.focus();
      return true;
    };
    if (!focusWhenOpen() && modal) {
      observer = new MutationObserver(() => {
        focusWhenOpen();
      });
      observer.observe(modal, { attributes: true, attributeFilter: ['class'] });
    }
  });
}
