/**
 * The bimU.io part container: a 30-byte ASCII preamble, the materials as an LZMA-alone stream of MTL text, then
 * the mesh as an OpenCTM file.
 *
 * The SDK finds the end of the materials from the preamble alone: it reads
 * `L = Number(text.substring(7, text.indexOf('created'))) - 5978` from `"bimU.io" + (L + 5978) + "created"`, so
 * the number must be written in decimal with nothing between it and `created`. The rest of the 30 bytes is
 * padding it never reads.
 *
 * The materials are compressed with the npm `lzma` package (LZMA-JS), whose `.lzma` ("LZMA-alone") output the
 * SDK's own decoder reads: props byte, 4-byte dictionary size, 8-byte uncompressed size. LZMA-JS writes the
 * known size, which is safe for non-empty text; an empty text would write size 0, which decoders read as
 * "unknown, wait for an end marker" and never finish, so empty material lists are refused.
 */
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { decodeOctm, encodeOctm, type OctmMesh } from './octm.js';
import type { MeshData } from './models/mesh-builder.js';

export const PREAMBLE_LENGTH = 30;
/** The constant the SDK subtracts from the preamble's number. */
export const PREAMBLE_OFFSET = 5978;

/** The part of LZMA-JS this module uses; the package ships no types. */
interface LzmaJs {
  compress(input: string | Uint8Array, mode: number): number[];
  decompress(input: Uint8Array | number[]): string | Int8Array | number[];
}

// LZMA-JS is CommonJS and picks its synchronous code path on Node (no Web Worker), which is what a server wants.
const lzma = createRequire(import.meta.url)('lzma') as LzmaJs;

/** LZMA mode 1–9; the MTL text is a few hundred bytes, so the fastest mode already compresses it well. */
const LZMA_MODE = 1;

export function compressMaterials(mtl: string): Uint8Array {
  if (mtl.length === 0) throw new Error('An empty material list would make the SDK wait forever.');
  if (!/^[\x20-\x7e\n]*$/.test(mtl)) throw new Error('Material text must be printable ASCII.');
  // LZMA-JS returns signed bytes (-128…127).
  return Uint8Array.from(lzma.compress(mtl, LZMA_MODE), (b) => b & 0xff);
}

export function decompressMaterials(bytes: Uint8Array): string {
  const result = lzma.decompress(bytes);
  if (typeof result === 'string') return result;
  return Buffer.from(Uint8Array.from(result, (b) => b & 0xff)).toString('latin1');
}

/** Builds the 30-byte preamble for a materials section of `materialsLength` bytes. */
export function encodePreamble(materialsLength: number): Uint8Array {
  const text = `bimU.io${materialsLength + PREAMBLE_OFFSET}created`;
  if (text.length > PREAMBLE_LENGTH) throw new Error('Materials section too large for the preamble.');
  return new TextEncoder().encode(text.padEnd(PREAMBLE_LENGTH, ' '));
}

/** Encodes one model part: preamble, LZMA materials, OpenCTM mesh. */
export function encodePart(mesh: MeshData, mtl: string, comment = ''): Uint8Array {
  const materials = compressMaterials(mtl);
  const out = encodeOctm(mesh, comment, PREAMBLE_LENGTH + materials.length);
  out.set(encodePreamble(materials.length), 0);
  out.set(materials, PREAMBLE_LENGTH);
  return out;
}

export interface DecodedPart {
  readonly preamble: string;
  readonly materialsLength: number;
  readonly mtl: string;
  readonly mesh: OctmMesh;
}

/**
 * Reads a part back the way the SDK does (same preamble arithmetic), decompressing the materials and parsing the
 * mesh. For tests and debugging.
 */
export function decodePart(bytes: Uint8Array): DecodedPart {
  if (bytes.length < PREAMBLE_LENGTH) throw new Error('Part shorter than its preamble.');
  const preamble = String.fromCharCode(...bytes.subarray(0, PREAMBLE_LENGTH));
  const created = preamble.indexOf('created');
  if (!preamble.startsWith('bimU.io') || created < 0) throw new Error('Not a bimU.io part.');
  const materialsLength = Number(preamble.substring(7, created)) - PREAMBLE_OFFSET;
  if (
    !Number.isInteger(materialsLength) ||
    materialsLength <= 0 ||
    PREAMBLE_LENGTH + materialsLength > bytes.length
  ) {
    throw new Error('Bad materials length in the preamble.');
  }
  const mtl = decompressMaterials(bytes.subarray(PREAMBLE_LENGTH, PREAMBLE_LENGTH + materialsLength));
  const mesh = decodeOctm(bytes.subarray(PREAMBLE_LENGTH + materialsLength));
  return { preamble, materialsLength, mtl, mesh };
}
