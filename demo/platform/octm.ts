/**
 * OpenCTM file writer and reader, RAW method only.
 *
 * The bimU.io SDK parses the mesh section of a part in a Web Worker with an OpenCTM loader that accepts RAW, MG1
 * and MG2. RAW is the only one simple enough to write without a compression library, and the part is small
 * enough on a local link that MG2's size advantage does not matter. The reader exists for tests and debugging:
 * it checks what the writer produced the way the SDK's loader reads it.
 *
 * Layout (little-endian int32/float32; a string is an int32 length and Latin-1 bytes):
 * `OCTM`, version 5, method `RAW\0`, vertexCount, triangleCount, uvMapCount, attrMapCount, flags (bit 0: normals),
 * comment; then `INDX` + indices, `VERT` + positions, `NORM` + normals (if flagged), one `TEXC` per UV map and one
 * `ATTR` + name + 4 floats per vertex per attribute map.
 */
import type { MeshData } from './models/mesh-builder.js';

export const OCTM_MAGIC = 'OCTM';
export const OCTM_VERSION = 5;
/** `"RAW\0"` read as a little-endian int32. */
export const OCTM_METHOD_RAW = 0x00574152;
/** Name of attribute map 0 (material index, element index). The SDK reads the map by position, not by name. */
export const ATTRIBUTE_MAP_NAME = 'attributeData';
const FLAG_NORMALS = 1;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export interface OctmMesh extends MeshData {
  readonly comment: string;
  readonly attributeMapName: string;
}

/**
 * Encodes a mesh as an OpenCTM RAW file with normals and one attribute map.
 *
 * `headroom` bytes are left free before the file, so a container (the bimU part) can write its header there
 * instead of copying the whole mesh once more: on the large model that copy is tens of megabytes.
 */
export function encodeOctm(mesh: MeshData, comment = '', headroom = 0): Uint8Array {
  const vertexCount = mesh.positions.length / 3;
  const triangleCount = mesh.indices.length / 3;
  if (!Number.isInteger(vertexCount) || !Number.isInteger(triangleCount)) {
    throw new Error('Positions and indices must come in triples.');
  }
  if (mesh.normals.length !== mesh.positions.length || mesh.attributes.length !== vertexCount * 4) {
    throw new Error('Normals and attributes must match the vertex count.');
  }
  // The SDK's loader throws (uncaught, in its worker) on a mesh without attribute maps and then never finishes
  // loading, so there is always exactly one.
  const commentBytes = latin1(comment);
  const nameBytes = latin1(ATTRIBUTE_MAP_NAME);
  const size =
    4 * 8 + // magic … flags
    4 +
    commentBytes.length +
    4 +
    mesh.indices.length * 4 +
    4 +
    mesh.positions.length * 4 +
    4 +
    mesh.normals.length * 4 +
    4 +
    4 +
    nameBytes.length +
    mesh.attributes.length * 4;
  const bytes = new Uint8Array(headroom + size);
  const view = new DataView(bytes.buffer);
  let offset = headroom;
  const tag = (text: string) => {
    bytes.set(latin1(text), offset);
    offset += 4;
  };
  const int = (value: number) => {
    view.setInt32(offset, value, true);
    offset += 4;
  };
  const string = (encoded: Uint8Array) => {
    int(encoded.length);
    bytes.set(encoded, offset);
    offset += encoded.length;
  };
  // Typed arrays are in the host's byte order; on a little-endian host (every platform Node runs on in
  // practice) they are copied as they are, which is an order of magnitude faster than DataView per value.
  const raw = (values: Float32Array | Int32Array, write: (i: number) => void) => {
    if (LITTLE_ENDIAN_HOST) {
      bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
      offset += values.byteLength;
    } else {
      for (let i = 0; i < values.length; i++, offset += 4) write(i);
    }
  };
  const floats = (values: Float32Array) => raw(values, (i) => view.setFloat32(offset, values[i]!, true));

  tag(OCTM_MAGIC);
  int(OCTM_VERSION);
  int(OCTM_METHOD_RAW);
  int(vertexCount);
  int(triangleCount);
  int(0); // UV maps
  int(1); // attribute maps
  int(FLAG_NORMALS);
  string(commentBytes);
  tag('INDX');
  raw(mesh.indices, (i) => view.setInt32(offset, mesh.indices[i]!, true));
  tag('VERT');
  floats(mesh.positions);
  tag('NORM');
  floats(mesh.normals);
  tag('ATTR');
  string(nameBytes);
  floats(mesh.attributes);
  if (offset !== headroom + size)
    throw new Error(`OpenCTM size mismatch: wrote ${offset - headroom} of ${size} bytes.`);
  return bytes;
}

/** Reads an OpenCTM RAW file back. Throws on anything the SDK's loader would choke on. */
export function decodeOctm(bytes: Uint8Array): OctmMesh {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const need = (count: number) => {
    if (offset + count > bytes.length) throw new Error(`OpenCTM truncated at byte ${offset}.`);
  };
  const tag = (expected: string) => {
    need(4);
    const found = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    if (found !== expected)
      throw new Error(`Expected ${expected} at byte ${offset}, found ${JSON.stringify(found)}.`);
    offset += 4;
  };
  const int = () => {
    need(4);
    const value = view.getInt32(offset, true);
    offset += 4;
    return value;
  };
  const string = () => {
    const length = int();
    need(length);
    const text = String.fromCharCode(...bytes.subarray(offset, offset + length));
    offset += length;
    return text;
  };
  const floats = (count: number) => {
    need(count * 4);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  };

  tag(OCTM_MAGIC);
  const version = int();
  if (version !== OCTM_VERSION) throw new Error(`Unsupported OpenCTM version ${version}.`);
  const method = int();
  if (method !== OCTM_METHOD_RAW) throw new Error(`Unsupported OpenCTM method 0x${method.toString(16)}.`);
  const vertexCount = int();
  const triangleCount = int();
  const uvMapCount = int();
  const attrMapCount = int();
  const flags = int();
  if (uvMapCount !== 0) throw new Error('UV maps are not expected in platform parts.');
  if (attrMapCount < 1) throw new Error('The SDK needs at least one attribute map.');
  const comment = string();
  tag('INDX');
  need(triangleCount * 12);
  const indices = new Int32Array(triangleCount * 3);
  for (let i = 0; i < indices.length; i++, offset += 4) indices[i] = view.getInt32(offset, true);
  tag('VERT');
  const positions = floats(vertexCount * 3);
  let normals = new Float32Array(0);
  if (flags & FLAG_NORMALS) {
    tag('NORM');
    normals = floats(vertexCount * 3);
  }
  tag('ATTR');
  const attributeMapName = string();
  const attributes = floats(vertexCount * 4);
  for (let m = 1; m < attrMapCount; m++) {
    tag('ATTR');
    string();
    floats(vertexCount * 4);
  }
  if (offset !== bytes.length)
    throw new Error(`${bytes.length - offset} trailing bytes after the OpenCTM mesh.`);
  return { comment, positions, normals, indices, attributes, attributeMapName };
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error('OpenCTM strings are Latin-1.');
    out[i] = code;
  }
  return out;
}
