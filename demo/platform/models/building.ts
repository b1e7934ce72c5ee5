/**
 * Generates the geometry and element data of a simple framed building from a few numbers: a grid of bays,
 * storeys, a façade type and a roof type. Z is up and units are metres, as in IFC exports (the SDK's camera
 * uses Z up).
 *
 * Every element is made of boxes or sloped plates added to a {@link MeshBuilder} under the element's index,
 * so the SDK can select and colour it, and an {@link ElementInfo} record feeds the data endpoints.
 */
import type { MeshBuilder, Vec3 } from './mesh-builder.js';
import { materialIndex, type MaterialName } from './materials.js';

export interface BuildingSpec {
  /** Used in element names and the `Building` property. */
  readonly name: string;
  /** South-west corner of the grid, metres. */
  readonly origin: readonly [number, number];
  /** Number of structural bays along x and y. */
  readonly bays: readonly [number, number];
  /** Bay size along x and y, metres. */
  readonly bay: readonly [number, number];
  readonly storeys: number;
  /** Floor-to-floor height, metres. */
  readonly storeyHeight: number;
  /** Windows in each façade bay of each storey. */
  readonly windowsPerBay: number;
  /** `punched`: walls with window openings; `curtain`: glazing between thin aluminium mullions. */
  readonly facade: 'punched' | 'curtain';
  readonly roof: 'flat' | 'pitched';
  /** Whether storeys have beams along the grid lines under each slab. */
  readonly beams: boolean;
  readonly materials: {
    readonly structure: MaterialName;
    readonly wall: MaterialName;
    readonly roof: MaterialName;
    readonly frame: MaterialName;
  };
}

export type IfcType =
  'IfcSlab' | 'IfcColumn' | 'IfcBeam' | 'IfcWall' | 'IfcCurtainWall' | 'IfcWindow' | 'IfcRoof';

const CATEGORY: Record<IfcType, string> = {
  IfcSlab: 'Floors',
  IfcColumn: 'Structural Columns',
  IfcBeam: 'Structural Framing',
  IfcWall: 'Walls',
  IfcCurtainWall: 'Curtain Walls',
  IfcWindow: 'Windows',
  IfcRoof: 'Roofs',
};

/** What the data endpoints know about one element. Dimensions are of its bounding box, rounded to millimetres. */
export interface ElementInfo {
  readonly name: string;
  readonly ifcType: IfcType;
  readonly category: string;
  readonly level: string;
  readonly building: string;
  /** The element's main material (a window's is its glass). */
  readonly material: MaterialName;
  readonly width: number;
  readonly depth: number;
  readonly height: number;
  readonly volume: number;
}

const SLAB = 0.25;
const WALL = 0.3;
const BEAM_DEPTH = 0.5;
const BEAM_WIDTH = 0.3;
const FRAME = 0.06;
const PARAPET = 0.9;
const OVERHANG = 0.4;
const ROOF_PITCH = Math.tan((32 * Math.PI) / 180);

/** Tracks one element's boxes: its bounding box and volume for the data endpoints. */
class ElementScope {
  private min: [number, number, number] = [Infinity, Infinity, Infinity];
  private max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  private volume = 0;
  constructor(
    private readonly mesh: MeshBuilder,
    readonly index: number,
  ) {}

  box(min: Vec3, max: Vec3, material: MaterialName): void {
    const lo: Vec3 = [Math.min(min[0], max[0]), Math.min(min[1], max[1]), Math.min(min[2], max[2])];
    const hi: Vec3 = [Math.max(min[0], max[0]), Math.max(min[1], max[1]), Math.max(min[2], max[2])];
    if (hi[0] - lo[0] < 1e-6 || hi[1] - lo[1] < 1e-6 || hi[2] - lo[2] < 1e-6) return;
    this.mesh.addBox(lo, hi, materialIndex(material), this.index);
    this.extend(lo);
    this.extend(hi);
    this.volume += (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
  }

  /** A sloped or wedge-shaped solid; `volume` is supplied by the caller, who knows the shape. */
  hexahedron(corners: readonly Vec3[], material: MaterialName, volume: number): void {
    this.mesh.addHexahedron(corners, materialIndex(material), this.index);
    for (const corner of corners) this.extend(corner);
    this.volume += volume;
  }

  dimensions(): Pick<ElementInfo, 'width' | 'depth' | 'height' | 'volume'> {
    return {
      width: round(this.max[0] - this.min[0]),
      depth: round(this.max[1] - this.min[1]),
      height: round(this.max[2] - this.min[2]),
      volume: round(this.volume),
    };
  }

  private extend(p: Vec3): void {
    for (let i = 0; i < 3; i++) {
      this.min[i] = Math.min(this.min[i]!, p[i]!);
      this.max[i] = Math.max(this.max[i]!, p[i]!);
    }
  }
}

/**
 * Adds one building to `mesh`, appending its elements to `elements`. Element indices continue from
 * `elements.length`, so several buildings and several parts share one index space, as the SDK's
 * `/elements/{index}` endpoint expects.
 */
export function addBuilding(spec: BuildingSpec, mesh: MeshBuilder, elements: ElementInfo[]): void {
  const [ox, oy] = spec.origin;
  const [nx, ny] = spec.bays;
  const [bx, by] = spec.bay;
  const width = nx * bx;
  const depth = ny * by;
  const H = spec.storeyHeight;
  const column = spec.materials.structure === 'Steel' ? 0.3 : 0.4;
  const counters = new Map<string, number>();

  const element = (
    ifcType: IfcType,
    level: string,
    material: MaterialName,
    draw: (scope: ElementScope) => void,
  ): void => {
    const scope = new ElementScope(mesh, elements.length);
    draw(scope);
    const short = ifcType.slice(3);
    const sequence = (counters.get(`${short}/${level}`) ?? 0) + 1;
    counters.set(`${short}/${level}`, sequence);
    const levelTag = level === 'Roof' ? 'R' : `L${level.slice('Level '.length)}`;
    elements.push({
      name: `${spec.name} ${short} ${levelTag}-${String(sequence).padStart(2, '0')}`,
      ifcType,
      category: CATEGORY[ifcType],
      level,
      building: spec.name,
      material,
      ...scope.dimensions(),
    });
  };

  for (let s = 0; s < spec.storeys; s++) {
    const level = `Level ${s}`;
    const z0 = s * H;
    const ceiling = z0 + H - SLAB;

    // Floor slabs, one per bay, their top at the storey's base.
    for (let i = 0; i < nx; i++) {
      for (let j = 0; j < ny; j++) {
        element('IfcSlab', level, spec.materials.structure, (e) =>
          e.box(
            [ox + i * bx, oy + j * by, z0 - SLAB],
            [ox + (i + 1) * bx, oy + (j + 1) * by, z0],
            spec.materials.structure,
          ),
        );
      }
    }

    // Columns at every grid node, from the floor to the underside of the next slab.
    for (let i = 0; i <= nx; i++) {
      for (let j = 0; j <= ny; j++) {
        const cx = ox + i * bx;
        const cy = oy + j * by;
        element('IfcColumn', level, spec.materials.structure, (e) =>
          e.box(
            [cx - column / 2, cy - column / 2, z0],
            [cx + column / 2, cy + column / 2, ceiling],
            spec.materials.structure,
          ),
        );
      }
    }

    if (spec.beams) {
      const zb = ceiling - BEAM_DEPTH;
      for (let j = 0; j <= ny; j++) {
        for (let i = 0; i < nx; i++) {
          const y = oy + j * by;
          element('IfcBeam', level, spec.materials.structure, (e) =>
            e.box(
              [ox + i * bx + column / 2, y - BEAM_WIDTH / 2, zb],
              [ox + (i + 1) * bx - column / 2, y + BEAM_WIDTH / 2, ceiling],
              spec.materials.structure,
            ),
          );
        }
      }
      for (let i = 0; i <= nx; i++) {
        for (let j = 0; j < ny; j++) {
          const x = ox + i * bx;
          element('IfcBeam', level, spec.materials.structure, (e) =>
            e.box(
              [x - BEAM_WIDTH / 2, oy + j * by + column / 2, zb],
              [x + BEAM_WIDTH / 2, oy + (j + 1) * by - column / 2, ceiling],
              spec.materials.structure,
            ),
          );
        }
      }
    }

    // Façade bays on the four sides: the wall (or curtain-wall frame) and its windows.
    const facadeTop = spec.beams ? ceiling - BEAM_DEPTH : ceiling;
    const sides: { start: [number, number]; along: 'x' | 'y'; count: number; size: number }[] = [
      { start: [ox, oy], along: 'x', count: nx, size: bx },
      { start: [ox, oy + depth], along: 'x', count: nx, size: bx },
      { start: [ox, oy], along: 'y', count: ny, size: by },
      { start: [ox + width, oy], along: 'y', count: ny, size: by },
    ];
    for (const side of sides) {
      for (let k = 0; k < side.count; k++) {
        const a = k * side.size + column / 2;
        const b = (k + 1) * side.size - column / 2;
        addFacadeBay(spec, side.start, side.along, a, b, z0, ceiling, facadeTop, level, element);
      }
    }
  }

  addRoof(spec, ox, oy, width, depth, element);
}

type ElementFactory = (
  ifcType: IfcType,
  level: string,
  material: MaterialName,
  draw: (scope: ElementScope) => void,
) => void;

/**
 * A box in façade coordinates: `a0..a1` along the façade line, `t0..t1` across it (0 = on the grid line),
 * `z0..z1` up. Façades run along x or y only, so this maps straight to an axis-aligned box.
 */
function facadeBox(
  start: readonly [number, number],
  along: 'x' | 'y',
  a0: number,
  a1: number,
  t0: number,
  t1: number,
  z0: number,
  z1: number,
): [Vec3, Vec3] {
  const [sx, sy] = start;
  return along === 'x'
    ? [
        [sx + a0, sy + t0, z0],
        [sx + a1, sy + t1, z1],
      ]
    : [
        [sx + t0, sy + a0, z0],
        [sx + t1, sy + a1, z1],
      ];
}

function addFacadeBay(
  spec: BuildingSpec,
  start: readonly [number, number],
  along: 'x' | 'y',
  a: number,
  b: number,
  z0: number,
  ceiling: number,
  facadeTop: number,
  level: string,
  element: ElementFactory,
): void {
  const curtain = spec.facade === 'curtain';
  const n = spec.windowsPerBay;
  const length = b - a;
  const sill = z0 + (curtain ? 0.1 : 0.9);
  const head = curtain ? facadeTop - 0.1 : Math.min(z0 + 2.3, facadeTop - 0.3);
  const pier = curtain ? 0.08 : Math.max(0.5, (length - n * 1.5) / (n + 1));
  const windowWidth = n > 0 ? (length - (n + 1) * pier) / n : 0;
  const wallType: IfcType = curtain ? 'IfcCurtainWall' : 'IfcWall';
  const wallMaterial = curtain ? spec.materials.frame : spec.materials.wall;
  const half = curtain ? 0.05 : WALL / 2;

  element(wallType, level, wallMaterial, (e) => {
    const add = (a0: number, a1: number, zLo: number, zHi: number) => {
      const [min, max] = facadeBox(start, along, a0, a1, -half, half, zLo, zHi);
      e.box(min, max, wallMaterial);
    };
    if (n === 0 || windowWidth <= 0.2) {
      add(a, b, z0, ceiling);
      return;
    }
    add(a, b, z0, sill);
    add(a, b, head, ceiling);
    for (let k = 0; k <= n; k++) {
      const p0 = a + k * (windowWidth + pier);
      add(p0, p0 + pier, sill, head);
    }
  });

  if (n === 0 || windowWidth <= 0.2) return;
  for (let k = 0; k < n; k++) {
    const w0 = a + pier + k * (windowWidth + pier);
    const w1 = w0 + windowWidth;
    element('IfcWindow', level, 'Glass', (e) => {
      const frame = (a0: number, a1: number, zLo: number, zHi: number) => {
        const [min, max] = facadeBox(start, along, a0, a1, -0.05, 0.05, zLo, zHi);
        e.box(min, max, spec.materials.frame);
      };
      frame(w0, w1, sill, sill + FRAME);
      frame(w0, w1, head - FRAME, head);
      frame(w0, w0 + FRAME, sill + FRAME, head - FRAME);
      frame(w1 - FRAME, w1, sill + FRAME, head - FRAME);
      const [min, max] = facadeBox(
        start,
        along,
        w0 + FRAME,
        w1 - FRAME,
        -0.01,
        0.01,
        sill + FRAME,
        head - FRAME,
      );
      e.box(min, max, 'Glass');
    });
  }
}

function addRoof(
  spec: BuildingSpec,
  ox: number,
  oy: number,
  width: number,
  depth: number,
  element: ElementFactory,
): void {
  const top = spec.storeys * spec.storeyHeight;
  const { structure, roof, wall } = spec.materials;

  if (spec.roof === 'flat') {
    // One roof element: the roof slab with a small overhang and a parapet around it.
    element('IfcRoof', 'Roof', roof, (e) => {
      e.box(
        [ox - OVERHANG, oy - OVERHANG, top - SLAB],
        [ox + width + OVERHANG, oy + depth + OVERHANG, top],
        roof,
      );
      const x0 = ox - OVERHANG;
      const x1 = ox + width + OVERHANG;
      const y0 = oy - OVERHANG;
      const y1 = oy + depth + OVERHANG;
      const t = 0.2;
      e.box([x0, y0, top], [x1, y0 + t, top + PARAPET], structure);
      e.box([x0, y1 - t, top], [x1, y1, top + PARAPET], structure);
      e.box([x0, y0 + t, top], [x0 + t, y1 - t, top + PARAPET], structure);
      e.box([x1 - t, y0 + t, top], [x1, y1 - t, top + PARAPET], structure);
    });
    return;
  }

  // Pitched roof: a ceiling slab over the top storey, two sloped plates meeting at a ridge along x, and two
  // gable walls (wedges) closing the ends.
  element('IfcSlab', 'Roof', structure, (e) =>
    e.box([ox, oy, top - SLAB], [ox + width, oy + depth, top], structure),
  );
  const ym = oy + depth / 2;
  const rise = (depth / 2) * ROOF_PITCH;
  const ridge = top + rise;
  const thickness = 0.2;
  const xa = ox - OVERHANG;
  const xb = ox + width + OVERHANG;
  const eaveDrop = OVERHANG * ROOF_PITCH;
  const plateVolume = (xb - xa) * Math.hypot(depth / 2 + OVERHANG, rise + eaveDrop) * thickness;
  element('IfcRoof', 'Roof', roof, (e) => {
    const south: Vec3[] = [
      [xa, oy - OVERHANG, top - eaveDrop],
      [xb, oy - OVERHANG, top - eaveDrop],
      [xb, ym, ridge],
      [xa, ym, ridge],
    ];
    const north: Vec3[] = [
      [xa, ym, ridge],
      [xb, ym, ridge],
      [xb, oy + depth + OVERHANG, top - eaveDrop],
      [xa, oy + depth + OVERHANG, top - eaveDrop],
    ];
    for (const plate of [south, north]) {
      const raised = plate.map(([x, y, z]): Vec3 => [x, y, z + thickness]);
      e.hexahedron([...plate, ...raised], roof, plateVolume);
    }
  });
  for (const x of [ox, ox + width]) {
    element('IfcWall', 'Roof', wall, (e) => {
      const x0 = x - WALL / 2;
      const x1 = x + WALL / 2;
      e.hexahedron(
        [
          [x0, oy, top],
          [x1, oy, top],
          [x1, oy + depth, top],
          [x0, oy + depth, top],
          [x0, ym, ridge],
          [x1, ym, ridge],
          [x1, ym, ridge],
          [x0, ym, ridge],
        ],
        wall,
        (WALL * depth * rise) / 2,
      );
    });
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
