/**
 * Helpers for `isolation="frame"` tests: the element's frame, and a scene drawn with the page's own three.js.
 */
import { expect } from '@open-wc/testing';
import type { ModelViewerEmbed } from '../../src/model-viewer-embed.js';

/** The element's isolation frame, or null. */
export function isolationFrame(el: ModelViewerEmbed): HTMLIFrameElement | null {
  return el.querySelector<HTMLIFrameElement>('iframe[data-model-viewer-embed="frame"]');
}

/** The document of the element's isolation frame; fails the test when there is none. */
export function frameDocument(el: ModelViewerEmbed): Document {
  const doc = isolationFrame(el)?.contentDocument;
  if (!doc) throw new Error('the element has no isolation frame');
  return doc;
}

/** Loads a classic script into the page and resolves once it has run. */
export function loadPageScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`${src} did not load`)), { once: true });
    document.head.append(script);
  });
}

/** The slice of three.js (r160 and later) the page scene uses. */
interface PageThree {
  REVISION: string;
  WebGLRenderer: new (options: { canvas: HTMLCanvasElement; preserveDrawingBuffer: boolean }) => {
    setSize(width: number, height: number, updateStyle: boolean): void;
    render(scene: unknown, camera: unknown): void;
    getContext(): WebGLRenderingContext;
    dispose(): void;
  };
  Scene: new () => { background: unknown };
  Color: new (color: number) => unknown;
  PerspectiveCamera: new () => unknown;
}

/**
 * A scene drawn with the page's own global three.js: `draw(color)` renders one frame whose background is
 * `color` and returns the centre pixel's RGB, read back from the page's WebGL context.
 */
export function pageScene(THREE: PageThree): { draw(color: number): number[]; dispose(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 16;
  document.body.append(canvas);
  const renderer = new THREE.WebGLRenderer({ canvas, preserveDrawingBuffer: true });
  renderer.setSize(16, 16, false);
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera();
  return {
    draw(color: number): number[] {
      scene.background = new THREE.Color(color);
      renderer.render(scene, camera);
      const gl = renderer.getContext();
      const pixel = new Uint8Array(4);
      gl.readPixels(8, 8, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      return [...pixel.slice(0, 3)];
    },
    dispose(): void {
      renderer.dispose();
      canvas.remove();
    },
  };
}

/** Asserts that nothing of the SDK reached the page's own window and document. */
export function expectPageUntouched(): void {
  const win = window as unknown as Record<string, unknown>;
  expect('bimU' in win, 'no global bimU on the page').to.equal(false);
  expect('M' in win, "no Materialize global on the page (it is the frame's)").to.equal(false);
  expect(
    document.querySelectorAll(
      '[data-model-viewer-embed="ui-script"], [data-model-viewer-embed="ui-style"], [data-model-viewer-embed="ui-css"], [data-model-viewer-embed="sdk"]',
    ).length,
    "none of the SDK's scripts and styles in the page's document",
  ).to.equal(0);
  expect(document.getElementById('bimU-modal') === null, "the SDK's global ids stay in the frame").to.equal(
    true,
  );
}

/** The WebGL context of the viewer's canvas in the element's frame (the one three.js created). */
export function frameContext(el: ModelViewerEmbed): WebGLRenderingContext {
  const canvas = frameDocument(el).querySelector('canvas');
  if (!canvas) throw new Error('no canvas in the frame');
  const context = (canvas.getContext('webgl') ??
    canvas.getContext('experimental-webgl')) as WebGLRenderingContext | null;
  if (!context) throw new Error("no WebGL context on the frame's canvas");
  return context;
}
