/**
 * The idle-embeds page (bench/idle-render.ts): `visible` embeds on the first screen (320×240 each, four per
 * row) and `offscreen` more 4000 px below, all eager, all the same model and token (from the query string).
 * Reports in `window.__idle` once every embed has settled.
 */
import '@element/define.js';

interface IdleState {
  loaded: number;
  errors: string[];
  done: boolean;
}

const params = new URLSearchParams(location.search);
const visible = Number(params.get('visible') ?? 1);
const offscreen = Number(params.get('offscreen') ?? 0);
const state: IdleState = { loaded: 0, errors: [], done: false };
(window as unknown as { __idle: IdleState }).__idle = state;

function add(parent: Element): void {
  const element = document.createElement('model-viewer-embed');
  element.setAttribute('model-id', params.get('model') ?? 'small-office');
  element.setAttribute('access-token', params.get('token') ?? '');
  element.setAttribute('loading', 'eager');
  element.style.display = 'block';
  element.style.width = '100%';
  element.style.height = '100%';
  const settle = () => {
    if (state.loaded + state.errors.length === visible + offscreen) state.done = true;
  };
  element.addEventListener('loaded', () => {
    state.loaded++;
    settle();
  });
  element.addEventListener('error', (event) => {
    state.errors.push(String((event as CustomEvent<{ code: string }>).detail.code));
    settle();
  });
  parent.append(element);
}

for (let i = 0; i < visible; i++) add(document.querySelector('.screen')!);
for (let i = 0; i < offscreen; i++) add(document.querySelector('.below')!);
