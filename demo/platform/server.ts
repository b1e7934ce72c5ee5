/**
 * The platform as a standalone HTTP server: for `npm run platform`, and for test configs that need a second
 * origin (cross-origin tests) next to the page's own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlatform, type Platform, type PlatformOptions } from './index.js';

export interface PlatformServerOptions extends PlatformOptions {
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`: the platform's credentials are public, so it is never exposed. */
  host?: string;
}

export interface PlatformServer {
  /** Origin the server listens on, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  readonly url: string;
  /** `${url}/rest/api/v1`: what goes into the SDK's `baseUrl`. */
  readonly baseUrl: string;
  readonly port: number;
  readonly platform: Platform;
  /** Stops listening and drops open connections (keep-alive ones included), then resolves. */
  close(): Promise<void>;
}

export async function startPlatformServer(options: PlatformServerOptions = {}): Promise<PlatformServer> {
  const { port = 0, host = '127.0.0.1', ...platformOptions } = options;
  const platform = createPlatform(platformOptions);
  const server: Server = createServer(platform.middleware);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    baseUrl: `${url}/rest/api/v1`,
    port: address.port,
    platform,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Without this, idle keep-alive sockets (browsers keep them) would hold `close` open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
