/**
 * The material library shared by every generated model, and its MTL text.
 *
 * The SDK numbers materials by the order of `newmtl` lines, and the mesh refers to them by that number, so this
 * list's order is part of the data format: append, never reorder. Names are words, never integer-like, because
 * the SDK's MTL loader keys materials by name.
 */

export interface MaterialDefinition {
  readonly name: string;
  /** Diffuse colour, 0–1. */
  readonly color: readonly [number, number, number];
  /** Opacity; below 1 the SDK makes the material transparent. */
  readonly opacity: number;
}

export const MATERIALS = [
  { name: 'Concrete', color: [0.72, 0.71, 0.68], opacity: 1 },
  { name: 'Steel', color: [0.42, 0.47, 0.53], opacity: 1 },
  { name: 'Brick', color: [0.66, 0.34, 0.25], opacity: 1 },
  { name: 'Glass', color: [0.55, 0.76, 0.88], opacity: 0.35 },
  { name: 'Aluminium', color: [0.82, 0.83, 0.85], opacity: 1 },
  { name: 'Roofing', color: [0.3, 0.31, 0.34], opacity: 1 },
  { name: 'Timber', color: [0.62, 0.46, 0.3], opacity: 1 },
  { name: 'Plaster', color: [0.93, 0.91, 0.86], opacity: 1 },
] as const satisfies readonly MaterialDefinition[];

export type MaterialName = (typeof MATERIALS)[number]['name'];

const INDEX_BY_NAME = new Map<string, number>(MATERIALS.map((m, i) => [m.name, i]));

export function materialIndex(name: MaterialName): number {
  return INDEX_BY_NAME.get(name)!;
}

/**
 * The MTL subset the SDK understands: `newmtl`, `Kd` (diffuse), `Ks`/`Ns` (parsed and ignored, written because
 * every MTL exporter writes them) and `d` (opacity). No texture maps: the SDK would load them from a bogus URL.
 */
export function toMtl(materials: readonly MaterialDefinition[] = MATERIALS): string {
  return materials
    .map((m) =>
      [
        `newmtl ${m.name}`,
        `Kd ${m.color.map(format).join(' ')}`,
        'Ks 0.1 0.1 0.1',
        'Ns 30',
        `d ${format(m.opacity)}`,
        '',
      ].join('\n'),
    )
    .join('\n');
}

function format(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
