/**
 * Accumulates flat-shaded hexahedra (boxes and sloped plates) into the arrays an OpenCTM RAW mesh needs.
 *
 * The bimU.io SDK reads material and element per *vertex* (attribute map 0 = [materialIndex, elementIndex, 0, 0]),
 * so vertices can never be shared between faces of different elements or materials. Flat shading needs one
 * normal per face anyway, so every quad face gets its own four vertices: 24 vertices and 12 triangles per box.
 */

export type Vec3 = readonly [number, number, number];

/** The mesh of one part, ready for the OpenCTM encoder. */
export interface MeshData {
  /** x, y, z per vertex (Z up, metres). */
  readonly positions: Float32Array;
  /** Unit normal per vertex. */
  readonly normals: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  readonly indices: Int32Array;
  /** [materialIndex, elementIndex, 0, 0] per vertex. */
  readonly attributes: Float32Array;
}

/**
 * Corner order of a hexahedron: 0–3 the bottom face (x0y0, x1y0, x1y1, x0y1), 4–7 the top face above them.
 * Each face lists its corners counter-clockwise seen from outside, so (c1 − c0) × (c2 − c0) points outwards.
 */
const FACES: readonly (readonly [number, number, number, number])[] = [
  [0, 3, 2, 1], // bottom (−z)
  [4, 5, 6, 7], // top (+z)
  [0, 1, 5, 4], // front (−y)
  [1, 2, 6, 5], // right (+x)
  [2, 3, 7, 6], // back (+y)
  [3, 0, 4, 7], // left (−x)
];

/** Corner i of a box as (x, y, z) picks from (min, max): 0 = min, 1 = max; same order as above. */
const CORNER_BITS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
];

/** Outward normals of the faces of an axis-aligned box, in FACES order. */
const BOX_NORMALS: readonly Vec3[] = [
  [0, 0, -1],
  [0, 0, 1],
  [0, -1, 0],
  [1, 0, 0],
  [0, 1, 0],
  [-1, 0, 0],
];

/** A growable Float32Array/Int32Array: plain number arrays would cost four times the memory on the large model. */
class Growable<T extends Float32Array | Int32Array> {
  private data: T;
  length = 0;
  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }
  push4(a: number, b: number, c: number, d: number): void {
    this.reserve(4);
    const { data } = this;
    data[this.length++] = a;
    data[this.length++] = b;
    data[this.length++] = c;
    data[this.length++] = d;
  }
  push3(a: number, b: number, c: number): void {
    this.reserve(3);
    const { data } = this;
    data[this.length++] = a;
    data[this.length++] = b;
    data[this.length++] = c;
  }
  /** A view of the filled part, not a copy: the encoder copies it once into the part anyway. */
  finish(): T {
    return this.data.subarray(0, this.length) as T;
  }
  private reserve(count: number): void {
    if (this.length + count <= this.data.length) return;
    const bigger = this.make(Math.max(this.data.length * 2, this.length + count));
    bigger.set(this.data);
    this.data = bigger;
  }
}

export class MeshBuilder {
  private readonly positions = new Growable((n) => new Float32Array(n));
  private readonly normals = new Growable((n) => new Float32Array(n));
  private readonly attributes = new Growable((n) => new Float32Array(n));
  private readonly indices = new Growable((n) => new Int32Array(n));
  private vertexCount = 0;

  get triangleCount(): number {
    return this.indices.length / 3;
  }

  /**
   * Adds an axis-aligned box from `min` to `max`. Nearly every element is made of boxes, so this path writes
   * the 24 vertices straight from the corner coordinates with the six known normals, allocating nothing.
   */
  addBox(min: Vec3, max: Vec3, materialIndex: number, elementIndex: number): void {
    const xs = [min[0], max[0]];
    const ys = [min[1], max[1]];
    const zs = [min[2], max[2]];
    for (let f = 0; f < 6; f++) {
      const face = FACES[f]!;
      const normal = BOX_NORMALS[f]!;
      const base = this.vertexCount;
      for (let k = 0; k < 4; k++) {
        const c = face[k]!;
        this.positions.push3(xs[CORNER_BITS[c]![0]]!, ys[CORNER_BITS[c]![1]]!, zs[CORNER_BITS[c]![2]]!);
        this.normals.push3(normal[0], normal[1], normal[2]);
        this.attributes.push4(materialIndex, elementIndex, 0, 0);
      }
      this.vertexCount += 4;
      this.indices.push3(base, base + 1, base + 2);
      this.indices.push3(base, base + 2, base + 3);
    }
  }

  /**
   * Adds a hexahedron from its eight corners (see the corner order above). Corners may coincide (a gable is a
   * wedge whose top edge is two pairs of equal corners); faces that collapse to a line are skipped, because
   * their normal is undefined and they would draw nothing.
   */
  addHexahedron(corners: readonly Vec3[], materialIndex: number, elementIndex: number): void {
    for (const face of FACES) {
      const p = face.map((i) => corners[i]!) as [Vec3, Vec3, Vec3, Vec3];
      // The cross product of the diagonals is the normal of a planar quad, and stays valid when two adjacent
      // corners coincide (the quad is then a triangle).
      const d1 = sub(p[2], p[0]);
      const d2 = sub(p[3], p[1]);
      const n = cross(d1, d2);
      const length = Math.hypot(n[0], n[1], n[2]);
      if (length < 1e-9) continue;
      const base = this.vertexCount;
      for (const corner of p) {
        this.positions.push3(corner[0], corner[1], corner[2]);
        this.normals.push3(n[0] / length, n[1] / length, n[2] / length);
        this.attributes.push4(materialIndex, elementIndex, 0, 0);
      }
      this.vertexCount += 4;
      this.indices.push3(base, base + 1, base + 2);
      this.indices.push3(base, base + 2, base + 3);
    }
  }

  build(): MeshData {
    return {
      positions: this.positions.finish(),
      normals: this.normals.finish(),
      indices: this.indices.finish(),
      attributes: this.attributes.finish(),
    };
  }
}

function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}
