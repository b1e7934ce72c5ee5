/**
 * The demo page's script: defines the element and writes every event of the embeds to the log.
 * Everything else is plain HTML in index.html.
 */
import '../src/define.js';
import type { ModelViewerEmbed } from '../src/index.js';

const log = document.querySelector<HTMLOListElement>('#event-log')!;
const largeProgress = document.querySelector<HTMLProgressElement>('#large-progress')!;

function write(kind: string, text: string): void {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.append(item);
  log.scrollTop = log.scrollHeight;
}

for (const embed of document.querySelectorAll<ModelViewerEmbed>('model-viewer-embed')) {
  const name = embed.id;
  // Progress arrives many times a second during a download; the log keeps each quarter.
  let lastQuarter = -1;
  embed.addEventListener('progress', (event) => {
    const { progress } = event.detail;
    if (embed.id === 'large-embed') largeProgress.value = progress;
    const quarter = Math.floor(progress * 4);
    if (quarter !== lastQuarter) {
      lastQuarter = quarter;
      write('progress', `${name}: progress ${Math.round(progress * 100)} %`);
    }
  });
  embed.addEventListener('loaded', (event) => {
    lastQuarter = -1;
    write('loaded', `${name}: loaded ${event.detail.modelId}`);
  });
  embed.addEventListener('error', (event) => {
    lastQuarter = -1;
    write('error', `${name}: error ${event.detail.code} — ${event.detail.message}`);
  });
}

document.querySelector('#password-reload')!.addEventListener('click', () => {
  document.querySelector<ModelViewerEmbed>('#password-embed')!.reload();
});
// The appearance and language sections: every control changes the element live, without reloading the model.
const embedById = (id: string) => document.getElementById(id) as ModelViewerEmbed;
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
input('clean-toolbar').addEventListener('change', (event) => {
  embedById('clean-embed').toolbar = (event.target as HTMLInputElement).checked ? 'on' : 'off';
});
input('branded-background').addEventListener('input', (event) => {
  embedById('branded-embed').background = (event.target as HTMLInputElement).value;
});
input('branded-buttons').addEventListener('input', (event) => {
  embedById('branded-embed').buttonColor = (event.target as HTMLInputElement).value;
});
document.getElementById('language-select')!.addEventListener('change', (event) => {
  embedById('language-embed').lang = (event.target as HTMLSelectElement).value;
});

document.querySelector('#clear-log')!.addEventListener('click', () => log.replaceChildren());
