/**
 * The demo page's script: defines the element, writes every event of the embeds to the log, and drives the
 * camera-and-selection section. Everything else is plain HTML in index.html.
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

// Camera, selection and snapshots: everything through the element, nothing through the SDK.
const cameraEmbed = document.querySelector<ModelViewerEmbed>('#camera-embed')!;
const cameraState = document.querySelector<HTMLParagraphElement>('#camera-state')!;
const restoreView = document.querySelector<HTMLButtonElement>('#restore-view')!;
const selectionRows = document.querySelector<HTMLTableSectionElement>('#selection-table tbody')!;
const selectionCaption = document.querySelector<HTMLTableCaptionElement>('#selection-caption')!;
const snapshotImage = document.querySelector<HTMLImageElement>('#snapshot-image')!;
let storedView: ReturnType<ModelViewerEmbed['getViewpoint']> = null;

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-view]')) {
  button.addEventListener('click', () => (cameraEmbed.viewpoint = button.dataset['view']!));
}
cameraEmbed.addEventListener('camera-change', (event) => {
  const { viewpoint, settled, source } = event.detail;
  const at = viewpoint.camera.cameraViewPoint;
  cameraState.textContent = `${settled ? 'Settled' : 'Moving'} (${source}): camera at ${[at.x, at.y, at.z]
    .map((value) => value.toFixed(1))
    .join(', ')}.`;
  if (settled) {
    storedView = viewpoint;
    restoreView.disabled = false;
    write('loaded', `camera-embed: camera-change settled (${source})`);
  }
});
restoreView.addEventListener('click', () => storedView && cameraEmbed.setViewpoint(storedView));
cameraEmbed.addEventListener('select', (event) => {
  const { element } = event.detail;
  selectionRows.replaceChildren();
  if (!element) {
    selectionCaption.textContent = 'Nothing selected.';
    write('progress', 'camera-embed: select — nothing');
    return;
  }
  selectionCaption.textContent = `Element ${element.index} (${element.id ?? 'no id'})`;
  for (const { group, name, value } of element.properties ?? []) {
    const row = selectionRows.insertRow();
    const header = document.createElement('th');
    header.scope = 'row';
    header.textContent = `${group} › ${name}`;
    row.append(header);
    row.insertCell().textContent = String(value);
  }
  write('loaded', `camera-embed: select element ${element.index}`);
});
document.querySelector('#take-snapshot')!.addEventListener('click', () => {
  cameraEmbed.snapshot({ type: 'png' }).then(
    (blob) => {
      if (snapshotImage.src) URL.revokeObjectURL(snapshotImage.src);
      snapshotImage.src = URL.createObjectURL(blob);
      snapshotImage.hidden = false;
      write('loaded', `camera-embed: snapshot ${Math.round(blob.size / 1024)} kB`);
    },
    (error: { code?: string; message?: string }) =>
      write('error', `camera-embed: snapshot failed ${error.code ?? ''} — ${error.message ?? ''}`),
  );
});
