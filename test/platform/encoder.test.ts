/**
 * The part encoder and the model generator: every part is decoded back the way the SDK reads it (preamble
 * arithmetic, LZMA-alone materials decoded with the `lzma` package, OpenCTM header and sections).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { CATALOG_MODELS, FAULT_MODELS, MODEL_IDS } from '../../demo/platform/catalog.js';
import { generateModel } from '../../demo/platform/models/generate.js';
import { MATERIALS, materialIndex, toMtl } from '../../demo/platform/models/materials.js';
import { MeshBuilder } from '../../demo/platform/models/mesh-builder.js';
import { decodeOctm, encodeOctm, OCTM_METHOD_RAW } from '../../demo/platform/octm.js';
import {
  compressMaterials,
  decodePart,
  encodePart,
  encodePreamble,
  PREAMBLE_LENGTH,
  PREAMBLE_OFFSET,
} from '../../demo/platform/part-encoder.js';

// Decoded independently of the encoder module, straight with the npm package the SDK's format comes from.
const lzma = createRequire(import.meta.url)('lzma') as { decompress(bytes: Uint8Array): string | number[] };

const MTL = toMtl();

function oneBox() {
  const mesh = new MeshBuilder();
  mesh.addBox([0, 0, 0], [1, 2, 3], 2, 7);
  return mesh.build();
}

/** What the SDK does with the first 30 bytes: `Number(text.substring(7, text.indexOf('created'))) - 5978`. */
function sdkMaterialsLength(part: Uint8Array): number {
  const text = String.fromCharCode(...part.subarray(0, 30));
  return Number(text.substring(7, text.indexOf('created'))) - 5978;
}

describe('MeshBuilder', () => {
  it('writes a box as 6 flat faces of 4 own vertices (24 vertices, 12 triangles)', () => {
    const mesh = oneBox();
    assert.equal(mesh.positions.length / 3, 24);
    assert.equal(mesh.indices.length / 3, 12);
    assert.equal(mesh.attributes.length, 24 * 4);
  });

  it('tags every vertex with [materialIndex, elementIndex, 0, 0]', () => {
    const { attributes } = oneBox();
    for (let v = 0; v < 24; v++) assert.deepEqual([...attributes.subarray(v * 4, v * 4 + 4)], [2, 7, 0, 0]);
  });

  it('gives unit normals that point out of the box, and counter-clockwise triangles agreeing with them', () => {
    const { positions, normals, indices } = oneBox();
    const centre = [0.5, 1, 1.5];
    for (let t = 0; t < indices.length; t += 3) {
      const [a, b, c] = [indices[t]!, indices[t + 1]!, indices[t + 2]!];
      const p = (i: number) => [positions[i * 3]!, positions[i * 3 + 1]!, positions[i * 3 + 2]!];
      const n = [normals[a * 3]!, normals[a * 3 + 1]!, normals[a * 3 + 2]!];
      assert.ok(Math.abs(Math.hypot(n[0]!, n[1]!, n[2]!) - 1) < 1e-6);
      const [pa, pb, pc] = [p(a), p(b), p(c)];
      const u = pb.map((x, i) => x - pa[i]!);
      const w = pc.map((x, i) => x - pa[i]!);
      const cross = [
        u[1]! * w[2]! - u[2]! * w[1]!,
        u[2]! * w[0]! - u[0]! * w[2]!,
        u[0]! * w[1]! - u[1]! * w[0]!,
      ];
      const outward = pa.map((x, i) => x - centre[i]!);
      assert.ok(cross.reduce((s, x, i) => s + x * n[i]!, 0) > 0, 'winding agrees with the normal');
      assert.ok(outward.reduce((s, x, i) => s + x * n[i]!, 0) > 0, 'normal points outwards');
    }
  });

  it('skips faces that collapse to a line (the top of a gable wedge)', () => {
    const mesh = new MeshBuilder();
    mesh.addHexahedron(
      [
        [0, 0, 0],
        [1, 0, 0],
        [1, 4, 0],
        [0, 4, 0],
        [0, 2, 2],
        [1, 2, 2],
        [1, 2, 2],
        [0, 2, 2],
      ],
      0,
      0,
    );
    assert.equal(mesh.triangleCount, 10);
    assert.ok(mesh.build().normals.every((x) => Number.isFinite(x)));
  });
});

describe('materials', () => {
  it('lists named materials in a fixed order, exactly one of them transparent (glass)', () => {
    const mtl = toMtl();
    const names = [...mtl.matchAll(/^newmtl (.+)$/gm)].map((m) => m[1]);
    assert.deepEqual(
      names,
      MATERIALS.map((m) => m.name),
    );
    assert.ok(
      names.every((name) => !/^\d+$/.test(name!)),
      'no integer-like names',
    );
    const opacities = [...mtl.matchAll(/^d (.+)$/gm)].map((m) => Number(m[1]));
    assert.deepEqual(opacities.filter((d) => d < 1).length, 1);
    assert.ok(opacities[materialIndex('Glass')]! < 1);
    assert.doesNotMatch(mtl, /map_|bump/);
  });
});

describe('OpenCTM RAW', () => {
  it('writes the header the SDK expects and reads back every section', () => {
    const mesh = oneBox();
    const bytes = encodeOctm(mesh, 'a comment');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.equal(String.fromCharCode(...bytes.subarray(0, 4)), 'OCTM');
    assert.equal(view.getInt32(4, true), 5, 'file format 5');
    assert.equal(view.getInt32(8, true), OCTM_METHOD_RAW);
    assert.equal(String.fromCharCode(...bytes.subarray(8, 12)), 'RAW\0');
    assert.equal(view.getInt32(12, true), 24, 'vertex count');
    assert.equal(view.getInt32(16, true), 12, 'triangle count');
    assert.equal(view.getInt32(20, true), 0, 'UV maps');
    assert.equal(view.getInt32(24, true), 1, 'attribute maps (0 would hang the SDK)');
    assert.equal(view.getInt32(28, true), 1, 'flags: has normals');
    const decoded = decodeOctm(bytes);
    assert.equal(decoded.comment, 'a comment');
    assert.equal(decoded.attributeMapName, 'attributeData');
    assert.deepEqual(decoded.indices, mesh.indices);
    assert.deepEqual(decoded.positions, mesh.positions);
    assert.deepEqual(decoded.normals, mesh.normals);
    assert.deepEqual(decoded.attributes, mesh.attributes);
  });

  it('refuses inconsistent meshes and truncated files', () => {
    const mesh = oneBox();
    assert.throws(() => encodeOctm({ ...mesh, attributes: new Float32Array(3) }));
    assert.throws(() => decodeOctm(encodeOctm(mesh).subarray(0, 100)), /truncated/);
  });
});

describe('part container', () => {
  it('writes a 30-byte preamble whose number is the materials length + 5978', () => {
    const preamble = new TextDecoder().decode(encodePreamble(62));
    assert.equal(preamble.length, PREAMBLE_LENGTH);
    assert.match(preamble, /^bimU\.io6040created +$/);
  });

  it('encodes materials as LZMA-alone that the lzma package decodes to the MTL text', () => {
    const bytes = compressMaterials(MTL);
    assert.equal(bytes[0], 0x5d, 'props byte lc=3 lp=0 pb=2');
    const size = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(5, true);
    assert.ok(
      size === BigInt(MTL.length) || size === 0xffffffffffffffffn,
      'known size or unknown with end marker',
    );
    assert.equal(lzma.decompress(bytes), MTL);
  });

  it('refuses an empty material list (size 0 reads as unknown and never ends)', () => {
    assert.throws(() => compressMaterials(''));
  });

  it('round-trips a part: preamble → LZMA materials → OpenCTM mesh', () => {
    const mesh = oneBox();
    const part = encodePart(mesh, MTL, 'test');
    const length = sdkMaterialsLength(part);
    assert.equal(lzma.decompress(part.subarray(PREAMBLE_LENGTH, PREAMBLE_LENGTH + length)), MTL);
    const octm = decodeOctm(part.subarray(PREAMBLE_LENGTH + length));
    assert.deepEqual(octm.positions, mesh.positions);
    const decoded = decodePart(part);
    assert.equal(decoded.materialsLength, length);
    assert.equal(decoded.mtl, MTL);
    assert.equal(PREAMBLE_OFFSET, 5978);
  });

  it("encodes the SDK notes' smallest part: 253 bytes without normals, plus the NORM section we always write", () => {
    const part = encodePart(
      {
        positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]),
        normals: new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]),
        indices: new Int32Array([0, 1, 2]),
        attributes: new Float32Array([0, 7, 0, 0, 0, 7, 0, 0, 0, 7, 0, 0]),
      },
      'newmtl M0\nKd 1 0 0\nKs 0.1 0.1 0.1\nNs 30\nd 1\n',
    );
    const decoded = decodePart(part);
    // 253 = 30 preamble + 62 LZMA (xz writes an end marker; LZMA-JS writes the known size instead, 59 bytes)
    // + 161 OpenCTM. Our mesh adds "NORM" and 9 normal floats.
    assert.ok(decoded.materialsLength > 0 && decoded.materialsLength <= 62);
    assert.equal(part.length - PREAMBLE_LENGTH - decoded.materialsLength, 161 + 4 + 9 * 4);
  });
});

describe('generated models', () => {
  it('decodes every part of every model, with element indices and materials in range', () => {
    for (const entry of [...CATALOG_MODELS, ...FAULT_MODELS.slice(0, 1)]) {
      const model = generateModel(entry);
      assert.equal(model.parts.length, entry.parts.length, entry.id);
      let triangles = 0;
      const seen = new Set<number>();
      model.parts.forEach((bytes, partIndex) => {
        const { mesh, mtl } = decodePart(bytes);
        assert.equal(mtl, MTL);
        triangles += mesh.indices.length / 3;
        for (let v = 0; v < mesh.attributes.length; v += 4) {
          const [material, element] = [mesh.attributes[v]!, mesh.attributes[v + 1]!];
          assert.ok(material >= 0 && material < MATERIALS.length);
          assert.equal(
            model.elements[element]?.part,
            partIndex,
            `${entry.id}: element ${element} in part ${partIndex}`,
          );
          seen.add(element);
        }
        const vertexCount = mesh.positions.length / 3;
        assert.ok(mesh.indices.every((i) => i >= 0 && i < vertexCount));
      });
      assert.equal(triangles, model.triangles);
      assert.equal(seen.size, model.elements.length, `${entry.id}: every element has geometry`);
    }
  });

  it('has a small office with slabs, columns, walls, windows and a roof, glass among its materials', () => {
    const model = generateModel(CATALOG_MODELS.find((m) => m.id === MODEL_IDS.smallOffice)!);
    const types = new Set(model.elements.map((e) => e.ifcType));
    for (const type of ['IfcSlab', 'IfcColumn', 'IfcWall', 'IfcWindow', 'IfcRoof'])
      assert.ok(types.has(type as never), type);
    assert.ok(new Set(model.elements.map((e) => e.material)).size >= 3);
    assert.ok(model.elements.some((e) => e.material === 'Glass'));
    const levels = new Set(model.elements.map((e) => e.level));
    assert.ok(levels.has('Level 0') && levels.has('Roof'));
  });

  it('has a large campus of at least 200,000 triangles in several parts', () => {
    const model = generateModel(CATALOG_MODELS.find((m) => m.id === MODEL_IDS.largeCampus)!);
    assert.ok(model.triangles >= 200_000, `${model.triangles} triangles`);
    assert.ok(model.parts.length >= 4 && model.parts.length <= 6);
  });

  it('is deterministic: the same catalog gives the same bytes and ids', () => {
    const entry = CATALOG_MODELS.find((m) => m.id === MODEL_IDS.protectedHouse)!;
    const a = generateModel(entry);
    const b = generateModel(entry);
    assert.deepEqual(a.parts[0], b.parts[0]);
    assert.deepEqual(a.elements[5], b.elements[5]);
    assert.match(a.elements[0]!.elementId, /^[0-9A-Za-z_$]{22}$/);
    assert.equal(new Set(a.elements.map((e) => e.elementId)).size, a.elements.length);
  });
});
