/**
 * Serves the built pages with Vite's `preview()`, with the local bimU.io platform and the vendor files mounted
 * on the same origin (demo/local-backend.ts), and talks to that platform from Node: tokens, warming the models,
 * weighing the vendor files.
 */
import type { Plugin } from 'vite';
import { createLocalBackend } from '../demo/local-backend.js';
import { weigh, type Bytes } from './build.js';
import { LOAD_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, THROTTLE } from './options.js';

/** Mounts the local platform and vendor files on the preview server, with the bench's own throttle setting. */
export function localBackendPlugin(): Plugin {
  return {
    name: 'bench-local-backend',
    configurePreviewServer(server) {
      const backend = createLocalBackend({ testControls: true, partThrottleBytesPerSecond: THROTTLE });
      server.middlewares.use(backend.middleware as never);
    },
  };
}

export async function mintToken(origin: string, modelId: string): Promise<string> {
  const response = await fetch(new URL('/__platform/token', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ modelId, expiresIn: 4 * 3600 }),
    signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`minting a token for ${modelId}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Fetches a model's parts once from Node, so that the platform generates the model (on first use, in
 * memory) before any timed sample rather than inside the first one.
 */
export async function warmPlatform(origin: string, modelId: string, token: string): Promise<void> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    channelId: string;
  };
  const blob = await fetch(
    new URL(`/rest/api/v1/channels/${payload.channelId}/models/${modelId}/blob`, origin),
    {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(LOAD_TIMEOUT_MS),
    },
  );
  if (!blob.ok) throw new Error(`warming ${modelId}: blob metadata HTTP ${blob.status}`);
  const { urls } = (await blob.json()) as { urls: string[] };
  for (const url of urls) {
    const part = await fetch(url, { signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
    await part.arrayBuffer();
  }
}

export async function fetchBytes(origin: string, path: string): Promise<Bytes> {
  const response = await fetch(new URL(path, origin), { signal: AbortSignal.timeout(NAVIGATION_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return weigh([new Uint8Array(await response.arrayBuffer())]);
}
