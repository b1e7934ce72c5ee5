/**
 * Recording what an element tells the page: its events in order, and anything written to the console.
 */
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';

export interface RecordedEvent {
  type: string;
  detail: unknown;
  bubbles: boolean;
}

/** Records `progress`, `loaded` and `error` events of `element` from now on. */
export function recordEvents(element: ModelViewerEmbed): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const type of ['progress', 'loaded', 'error'] as const) {
    element.addEventListener(type, (event: Event) => {
      events.push({ type, detail: (event as CustomEvent).detail, bubbles: event.bubbles });
    });
  }
  return events;
}

/** Types of the recorded events, e.g. `['progress', 'progress', 'loaded']`. */
export function types(events: readonly RecordedEvent[]): string[] {
  return events.map((event) => event.type);
}

/** Only the terminal events (`loaded` and `error`). */
export function terminal(events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.filter((event) => event.type !== 'progress');
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Captures console output (while still printing it) until `stop()` is called. Use it to prove that secrets
 * never reach the console.
 */
export function captureConsole(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const [method, original] of originals) {
    console[method] = (...args: unknown[]) => {
      lines.push(
        args
          .map((arg) =>
            arg instanceof Error ? `${arg.name}: ${arg.message}\n${arg.stack ?? ''}` : safeString(arg),
          )
          .join(' '),
      );
      original.apply(console, args);
    };
  }
  return {
    lines,
    stop() {
      for (const [method, original] of originals) console[method] = original;
    },
  };
}

function safeString(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Asserts that none of `secrets` appears in the element's events, attributes, outerHTML (light and shadow)
 * or the captured console lines. Returns the places it was found (empty when clean).
 */
export function findSecrets(
  element: Element,
  events: readonly RecordedEvent[],
  consoleLines: readonly string[],
  secrets: readonly string[],
): string[] {
  const places: string[] = [];
  const haystacks: [string, string][] = [
    ['events', JSON.stringify(events)],
    ['outerHTML', element.outerHTML],
    ['shadowRoot', element.shadowRoot?.innerHTML ?? ''],
    [
      'attributes',
      element
        .getAttributeNames()
        .map((name) => `${name}=${element.getAttribute(name) ?? ''}`)
        .join(' '),
    ],
    ['console', consoleLines.join('\n')],
    ['document', document.documentElement.outerHTML],
  ];
  for (const secret of secrets) {
    for (const [place, text] of haystacks) if (secret && text.includes(secret)) places.push(place);
  }
  return places;
}
