/**
 * The baseline: what a developer writes with the raw SDK, following the vendor docs — a container with an
 * id, `new bimU.Viewer({ domElementId, showUI: true })`, `initialize()`, `loadModel(config, onProgress,
 * onLoaded, onError)`, and `dispose()` to tear down. Nothing here works around the SDK's leaks: measuring
 * them is the point.
 */
import { run, type Mount } from './page-common.js';

/** The few SDK calls the baseline makes (the package's own types need a global THREE namespace). */
interface RawViewer {
  initialize(): void;
  loadModel(
    config: { modelId: string; accessToken: string; baseUrl: string },
    onProgress: (event: { progress?: string }) => void,
    onLoaded: (event: unknown) => void,
    onError: (event: { error?: unknown }) => void,
  ): void;
  dispose(): void;
}
declare const bimU: { Viewer: new (config: { domElementId: string; showUI: boolean }) => RawViewer };

let counter = 0;

const mount: Mount = (slot, scenario, onProgress) => {
  const container = document.createElement('div');
  container.id = `bimu-viewer-${++counter}`;
  slot.append(container);
  const viewer = new bimU.Viewer({ domElementId: container.id, showUI: true });
  viewer.initialize();
  return new Promise((resolve, reject) => {
    viewer.loadModel(
      { modelId: scenario.modelId, accessToken: scenario.accessToken, baseUrl: scenario.baseUrl },
      // The SDK reports a string percentage.
      (event) => onProgress(Number(event.progress) / 100, String(event.progress)),
      () => resolve(() => viewer.dispose()),
      (event) => reject(new Error(`onError: ${String(event.error)}`)),
    );
  });
};

void run(mount);
