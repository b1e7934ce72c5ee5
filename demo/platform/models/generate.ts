/**
 * Turns a catalog entry into what the platform serves: encoded parts and the element table.
 *
 * Generation is deterministic (same catalog, same bytes), so ids, part sizes and test expectations are stable
 * across runs and machines.
 */
import { createHash } from 'node:crypto';
import type { CatalogModel } from '../catalog.js';
import { encodePart } from '../part-encoder.js';
import { addBuilding, type ElementInfo } from './building.js';
import { MATERIALS, toMtl } from './materials.js';
import { MeshBuilder } from './mesh-builder.js';

/** One element as the data endpoints serve it. */
export interface ModelElement extends ElementInfo {
  /** Global element index: the value in the mesh's attribute map and the `{index}` of `/elements/{index}`. */
  readonly index: number;
  /** IFC GlobalId style id (22 characters). */
  readonly elementId: string;
  /** Revit UniqueId style id. */
  readonly uniqueId: string;
  /** Index of the part whose mesh holds this element. */
  readonly part: number;
}

export interface GeneratedModel {
  readonly parts: readonly Uint8Array[];
  readonly elements: readonly ModelElement[];
  readonly triangles: number;
  readonly vertices: number;
  readonly partTriangles: readonly number[];
  /** Wall-clock generation and encoding time. */
  readonly generationMs: number;
}

const MTL = toMtl(MATERIALS);

export function generateModel(model: CatalogModel): GeneratedModel {
  const started = performance.now();
  const infos: ElementInfo[] = [];
  const partOf: number[] = [];
  const parts: Uint8Array[] = [];
  const partTriangles: number[] = [];
  let vertices = 0;

  model.parts.forEach((buildings, partIndex) => {
    const mesh = new MeshBuilder();
    for (const building of buildings) addBuilding(building, mesh, infos);
    while (partOf.length < infos.length) partOf.push(partIndex);
    const data = mesh.build();
    vertices += data.positions.length / 3;
    partTriangles.push(mesh.triangleCount);
    parts.push(encodePart(data, MTL, `${model.id} part ${partIndex + 1} of ${model.parts.length}`));
  });

  const elements = infos.map((info, index): ModelElement => ({
    ...info,
    index,
    ...identity(model.id, index),
    part: partOf[index]!,
  }));
  return {
    parts,
    elements,
    triangles: partTriangles.reduce((a, b) => a + b, 0),
    vertices,
    partTriangles,
    generationMs: performance.now() - started,
  };
}

const IFC_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';

/** Stable ids derived from the model id and element index, shaped like IFC GlobalIds and Revit UniqueIds. */
function identity(modelId: string, index: number): { elementId: string; uniqueId: string } {
  const digest = createHash('sha256').update(`${modelId}#${index}`).digest();
  let elementId = '';
  for (let i = 0; i < 22; i++) elementId += IFC_ALPHABET[digest[i]! & 63];
  const hex = digest.subarray(0, 16).toString('hex');
  const uniqueId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}-${index.toString(16).padStart(8, '0')}`;
  return { elementId, uniqueId };
}
