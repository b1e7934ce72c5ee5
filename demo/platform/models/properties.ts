/**
 * The property sets of an element, in the `{ g, n, v }` (group, name, value) shape of the element-data
 * endpoint, and the column names the query endpoint derives from them (`"Group:Name"`).
 */
import type { ModelElement } from './generate.js';

export interface Property {
  readonly g: string;
  readonly n: string;
  readonly v: string | number;
}

export function elementProperties(element: ModelElement): Property[] {
  return [
    { g: 'Element', n: 'Name', v: element.name },
    { g: 'Element', n: 'Category', v: element.category },
    { g: 'IFC', n: 'Type', v: element.ifcType },
    { g: 'IFC', n: 'GlobalId', v: element.elementId },
    { g: 'Constraints', n: 'Level', v: element.level },
    { g: 'Constraints', n: 'Building', v: element.building },
    { g: 'Materials', n: 'Material', v: element.material },
    { g: 'Dimensions', n: 'Width', v: element.width },
    { g: 'Dimensions', n: 'Depth', v: element.depth },
    { g: 'Dimensions', n: 'Height', v: element.height },
    { g: 'Dimensions', n: 'Volume', v: element.volume },
  ];
}

/** Every `"Group:Name"` column, in property order. */
export const PROPERTY_COLUMNS = [
  'Element:Name',
  'Element:Category',
  'IFC:Type',
  'IFC:GlobalId',
  'Constraints:Level',
  'Constraints:Building',
  'Materials:Material',
  'Dimensions:Width',
  'Dimensions:Depth',
  'Dimensions:Height',
  'Dimensions:Volume',
] as const;

/** Columns every row has besides its properties. */
export const BUILTIN_COLUMNS = ['ElementIndex', 'ElementId', 'UniqueId'] as const;
