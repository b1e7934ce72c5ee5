/**
 * Behaviour of the fault models (ids in `catalog.ts`), which exist only when the platform runs with
 * `testControls`, and of the platform's tokens in tests. The settings are mutable at run time through
 * `POST /__platform/faults`, so one browser test can make the token latency 300 ms and the next one 30 s without
 * restarting the server.
 */
import { DEFAULT_FAULT_LATENCY_MS } from './catalog.js';

export interface FaultSettings {
  /** Wait of `fault-token-latency` (on `POST /token`) and `fault-metadata-latency` (on the blob metadata). */
  latencyMs: number;
  /**
   * Lifetime of the tokens `POST /token` issues from now on, seconds, instead of the platform's
   * `tokenLifetimeSeconds`; `null` restores that. For tests of what a back-end does with a token near its expiry.
   */
  tokenLifetimeSeconds: number | null;
}

export const MAX_FAULT_LATENCY_MS = 10 * 60_000;

export function defaultFaultSettings(): FaultSettings {
  return { latencyMs: DEFAULT_FAULT_LATENCY_MS, tokenLifetimeSeconds: null };
}

/**
 * The body of `fault-part-garbage`: bytes that are not a bimU part (no `bimU.io…created` preamble, no OpenCTM),
 * deterministic so failures reproduce.
 */
export function garbagePart(length = 4096): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    // xorshift32: cheap, deterministic noise.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  bytes.set(new TextEncoder().encode('this is not a bimU.io model part'), 0);
  return bytes;
}

/** Chunk size of `fault-part-no-length`, streamed without `Content-Length`. */
export const NO_LENGTH_CHUNK_BYTES = 16 * 1024;
