/**
 * The local platform's data: the demo account and the catalog of generated building models.
 *
 * Everything here is LOCAL-ONLY. The account name, API key and passwords below are published in the repository
 * on purpose so that anyone can try `<model-viewer-embed>` without a bimU.io account; they are not, and must never
 * become, credentials of the real bimU.io service.
 */
import type { BuildingSpec } from './models/building.js';

/** LOCAL-ONLY demo account name (the Basic username of the account-token flow). */
export const DEMO_ACCOUNT_NAME = 'demo-account';
/** LOCAL-ONLY demo API key (the Basic password of the account-token flow). */
export const DEMO_API_KEY = 'local-demo-api-key';
/** The demo account's only channel; every catalog model lives in it. */
export const DEMO_CHANNEL_ID = 'demo-channel';

/** The LOCAL-ONLY demo account in one object, for code that passes it around. */
export const DEMO_ACCOUNT = {
  accountName: DEMO_ACCOUNT_NAME,
  apiKey: DEMO_API_KEY,
  channelId: DEMO_CHANNEL_ID,
} as const;
export type DemoAccount = typeof DEMO_ACCOUNT;

/** Ids of the catalog models, as the element, the demo and the tests spell them. */
export const MODEL_IDS = {
  smallOffice: 'small-office',
  largeCampus: 'large-campus',
  protectedHouse: 'protected-house',
  openPavilion: 'open-pavilion',
  privateAnnex: 'private-annex',
} as const;
export type CatalogModelId = (typeof MODEL_IDS)[keyof typeof MODEL_IDS];

/** LOCAL-ONLY password of the shared model `protected-house`. */
export const PROTECTED_HOUSE_PASSWORD = 'local-demo-password';
/**
 * LOCAL-ONLY passwords of the two models the demo page shows through its token route. They are shared with a
 * password so that the demo's route can mint model-scoped tokens (the password flow) for them, as a real site
 * should; the visitor never sees them.
 */
export const SMALL_OFFICE_PASSWORD = 'local-demo-small-office-password';
export const LARGE_CAMPUS_PASSWORD = 'local-demo-large-campus-password';

/**
 * Models that misbehave on purpose. They exist only when the platform runs with `testControls`, are shared
 * without a password (so the password flow reaches them) and open with an account token too.
 */
export const FAULT_MODEL_IDS = {
  /** `POST /token` for this model waits `latencyMs` (default 30 s) before answering. */
  tokenLatency: 'fault-token-latency',
  /** `GET …/blob` for this model waits `latencyMs` before answering. */
  metadataLatency: 'fault-metadata-latency',
  /** `POST /token` for this model answers 500. */
  token500: 'fault-token-500',
  /** The blob metadata is fine, the part URL answers 404. */
  part404: 'fault-part-404',
  /** The part URL answers 200 with bytes that are not a bimU part. */
  partGarbage: 'fault-part-garbage',
  /** A valid part streamed without `Content-Length` (chunked), so the SDK reports no progress. */
  partNoLength: 'fault-part-no-length',
  /** The blob metadata lists no part at all (`urls: []`). */
  emptyUrls: 'fault-empty-urls',
} as const;
export type FaultModelId = (typeof FAULT_MODEL_IDS)[keyof typeof FAULT_MODEL_IDS];

/** Default wait of the latency faults; long enough that a test only ever sees it end by aborting. */
export const DEFAULT_FAULT_LATENCY_MS = 30_000;

/**
 * Who can open a model:
 * - `account-only`: not shared; only an account token of its channel opens it (a password attempt gets 401);
 * - `password`: shared with a password, which the password flow exchanges for a model token;
 * - `open`: shared without a password; the password flow accepts an empty password.
 */
export type Sharing = 'account-only' | 'password' | 'open';

/** A catalog entry: what the platform serves and what tests and the demo may list. */
export interface CatalogModel {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly sharing: Sharing;
  /** Present only for `sharing: 'password'`. LOCAL-ONLY. */
  readonly password?: string;
  /** File name reported by the file-properties endpoint. */
  readonly fileName: string;
  /** Global shift returned with the part URLs (the SDK logs it and offsets the model by it). */
  readonly shift: readonly [number, number, number];
  /** ISO timestamps reported by the file-properties endpoint. */
  readonly created: string;
  readonly updated: string;
  /** One entry per part; each part is one mesh in the SDK and holds one or more buildings. */
  readonly parts: readonly (readonly BuildingSpec[])[];
  /** Set only on fault models. */
  readonly fault?: FaultModelId;
}

const concreteFrame = { structure: 'Concrete', wall: 'Brick', roof: 'Roofing', frame: 'Aluminium' } as const;

/** The catalog proper: the models every platform instance serves. */
export const CATALOG_MODELS: readonly CatalogModel[] = [
  {
    id: MODEL_IDS.smallOffice,
    title: 'Small office',
    description:
      'A three-storey office: concrete slabs and columns, brick walls with glazed windows, a flat roof.',
    sharing: 'password',
    password: SMALL_OFFICE_PASSWORD,
    fileName: 'small-office.ifc',
    shift: [0, 0, 0],
    created: '2024-03-04T09:15:00.000Z',
    updated: '2024-05-20T14:02:00.000Z',
    parts: [
      [
        {
          name: 'Office',
          origin: [0, 0],
          bays: [4, 3],
          bay: [6, 5],
          storeys: 3,
          storeyHeight: 3.6,
          windowsPerBay: 2,
          facade: 'punched',
          roof: 'flat',
          beams: true,
          materials: concreteFrame,
        },
      ],
    ],
  },
  {
    id: MODEL_IDS.largeCampus,
    title: 'Large campus',
    description:
      'Five buildings, one per part, about 270,000 triangles in all: for progress and performance work.',
    sharing: 'password',
    password: LARGE_CAMPUS_PASSWORD,
    fileName: 'large-campus.ifc',
    shift: [0, 0, 0],
    created: '2023-11-12T08:00:00.000Z',
    updated: '2024-06-01T17:45:00.000Z',
    parts: [
      [
        {
          name: 'North Hall',
          origin: [0, 0],
          bays: [12, 6],
          bay: [7.5, 7],
          storeys: 6,
          storeyHeight: 3.8,
          windowsPerBay: 2,
          facade: 'punched',
          roof: 'flat',
          beams: true,
          materials: concreteFrame,
        },
      ],
      [
        {
          name: 'Library',
          origin: [110, 0],
          bays: [8, 8],
          bay: [8, 8],
          storeys: 5,
          storeyHeight: 4.2,
          windowsPerBay: 3,
          facade: 'curtain',
          roof: 'flat',
          beams: true,
          materials: { structure: 'Steel', wall: 'Plaster', roof: 'Roofing', frame: 'Aluminium' },
        },
      ],
      [
        {
          name: 'Laboratories',
          origin: [0, 70],
          bays: [14, 5],
          bay: [7, 7.5],
          storeys: 6,
          storeyHeight: 4,
          windowsPerBay: 2,
          facade: 'punched',
          roof: 'flat',
          beams: true,
          materials: { structure: 'Concrete', wall: 'Plaster', roof: 'Roofing', frame: 'Aluminium' },
        },
      ],
      [
        {
          name: 'Residence',
          origin: [120, 90],
          bays: [10, 3],
          bay: [6, 5.5],
          storeys: 10,
          storeyHeight: 3.1,
          windowsPerBay: 2,
          facade: 'punched',
          roof: 'pitched',
          beams: false,
          materials: { structure: 'Concrete', wall: 'Brick', roof: 'Roofing', frame: 'Timber' },
        },
      ],
      [
        {
          name: 'Sports Hall',
          origin: [20, 130],
          bays: [10, 6],
          bay: [6, 6],
          storeys: 2,
          storeyHeight: 6,
          windowsPerBay: 4,
          facade: 'curtain',
          roof: 'flat',
          beams: true,
          materials: { structure: 'Steel', wall: 'Plaster', roof: 'Roofing', frame: 'Aluminium' },
        },
      ],
    ],
  },
  {
    id: MODEL_IDS.protectedHouse,
    title: 'Protected house',
    description: 'A two-storey timber house with a pitched roof, shared with a password.',
    sharing: 'password',
    password: PROTECTED_HOUSE_PASSWORD,
    fileName: 'protected-house.ifc',
    shift: [0, 0, 0],
    created: '2024-01-22T10:30:00.000Z',
    updated: '2024-01-22T10:30:00.000Z',
    parts: [
      [
        {
          name: 'House',
          origin: [0, 0],
          bays: [3, 2],
          bay: [4, 4.5],
          storeys: 2,
          storeyHeight: 2.9,
          windowsPerBay: 1,
          facade: 'punched',
          roof: 'pitched',
          beams: false,
          materials: { structure: 'Timber', wall: 'Plaster', roof: 'Roofing', frame: 'Timber' },
        },
      ],
    ],
  },
  {
    id: MODEL_IDS.openPavilion,
    title: 'Open pavilion',
    description: 'A single-storey glass pavilion on steel columns, shared without a password.',
    sharing: 'open',
    fileName: 'open-pavilion.ifc',
    shift: [0, 0, 0],
    created: '2024-04-09T13:00:00.000Z',
    updated: '2024-04-11T09:20:00.000Z',
    parts: [
      [
        {
          name: 'Pavilion',
          origin: [0, 0],
          bays: [5, 3],
          bay: [5, 5],
          storeys: 1,
          storeyHeight: 4.5,
          windowsPerBay: 2,
          facade: 'curtain',
          roof: 'flat',
          beams: true,
          materials: { structure: 'Steel', wall: 'Plaster', roof: 'Roofing', frame: 'Aluminium' },
        },
      ],
    ],
  },
  {
    id: MODEL_IDS.privateAnnex,
    title: 'Private annex',
    description: 'A two-storey concrete annex that is not shared: only an account token opens it.',
    sharing: 'account-only',
    fileName: 'private-annex.ifc',
    shift: [0, 0, 0],
    created: '2024-02-14T16:40:00.000Z',
    updated: '2024-02-28T11:05:00.000Z',
    parts: [
      [
        {
          name: 'Annex',
          origin: [0, 0],
          bays: [3, 2],
          bay: [6, 6],
          storeys: 2,
          storeyHeight: 3.4,
          windowsPerBay: 2,
          facade: 'punched',
          roof: 'flat',
          beams: true,
          materials: { structure: 'Concrete', wall: 'Concrete', roof: 'Roofing', frame: 'Aluminium' },
        },
      ],
    ],
  },
];

/** The small building every fault model serves when it serves anything at all. */
const faultBuilding: BuildingSpec = {
  name: 'Test Block',
  origin: [0, 0],
  bays: [2, 2],
  bay: [4, 4],
  storeys: 1,
  storeyHeight: 3,
  windowsPerBay: 1,
  facade: 'punched',
  roof: 'flat',
  beams: false,
  materials: concreteFrame,
};

const FAULT_DESCRIPTIONS: Record<FaultModelId, string> = {
  'fault-token-latency': 'POST /token waits latencyMs before answering.',
  'fault-metadata-latency': 'The blob metadata waits latencyMs before answering.',
  'fault-token-500': 'POST /token answers 500.',
  'fault-part-404': 'The part URL answers 404.',
  'fault-part-garbage': 'The part URL answers 200 with garbage.',
  'fault-part-no-length': 'The part is streamed without Content-Length.',
  'fault-empty-urls': 'The blob metadata lists no part (urls: []).',
};

/** Fault models: served only when the platform runs with `testControls`. */
export const FAULT_MODELS: readonly CatalogModel[] = Object.values(FAULT_MODEL_IDS).map((id) => ({
  id,
  title: `Fault: ${id}`,
  description: FAULT_DESCRIPTIONS[id],
  sharing: 'open' as const,
  fileName: `${id}.ifc`,
  shift: [0, 0, 0] as const,
  created: '2024-01-01T00:00:00.000Z',
  updated: '2024-01-01T00:00:00.000Z',
  parts: [[faultBuilding]],
  fault: id,
}));

/**
 * Five small models that the demo's token route serves in model scope besides the demo page's two, so that a
 * test page can embed five distinct models in one page (the catalog's other small models are not in the route
 * on purpose: the tests check that it refuses them). Served only when the platform runs with `testControls`,
 * like the fault models; about 100 kB each, so that many can load at once with software WebGL.
 */
export const SCOPE_MODEL_IDS = {
  kiosk: 'scope-kiosk',
  cabin: 'scope-cabin',
  shed: 'scope-shed',
  booth: 'scope-booth',
  gatehouse: 'scope-gatehouse',
} as const;
export type ScopeModelId = (typeof SCOPE_MODEL_IDS)[keyof typeof SCOPE_MODEL_IDS];

/**
 * LOCAL-ONLY passwords of the password-shared scope models; `''` for the two shared without a password (the
 * password flow then takes an empty password).
 */
export const SCOPE_MODEL_PASSWORDS: Readonly<Record<ScopeModelId, string>> = {
  'scope-kiosk': 'local-demo-scope-kiosk-password',
  'scope-cabin': 'local-demo-scope-cabin-password',
  'scope-shed': 'local-demo-scope-shed-password',
  'scope-booth': '',
  'scope-gatehouse': '',
};

/** Test-only small models for model-scope tests: served only when the platform runs with `testControls`. */
export const SCOPE_MODELS: readonly CatalogModel[] = Object.values(SCOPE_MODEL_IDS).map((id, index) => {
  const password = SCOPE_MODEL_PASSWORDS[id];
  return {
    id,
    title: `Scope test: ${id}`,
    description: 'A one-storey block for model-scope tests.',
    ...(password === '' ? { sharing: 'open' as const } : { sharing: 'password' as const, password }),
    fileName: `${id}.ifc`,
    shift: [0, 0, 0] as const,
    created: '2024-01-01T00:00:00.000Z',
    updated: '2024-01-01T00:00:00.000Z',
    // Each block a little longer than the last, so that the five differ when looked at.
    parts: [[{ ...faultBuilding, name: id, bays: [2 + index, 2] as const }]],
  };
});

/** What `Platform.catalog` exposes: the demo account and the models this instance serves. */
export interface PlatformCatalog {
  readonly account: DemoAccount;
  readonly models: readonly CatalogModel[];
  /**
   * Looks a model up by id; `undefined` for unknown ids, and for fault and scope test models when test controls
   * are off.
   */
  get(modelId: string): CatalogModel | undefined;
}

export function createCatalog(includeTestModels: boolean): PlatformCatalog {
  const models = includeTestModels
    ? [...CATALOG_MODELS, ...FAULT_MODELS, ...SCOPE_MODELS]
    : [...CATALOG_MODELS];
  const byId = new Map(models.map((model) => [model.id, model]));
  return {
    account: DEMO_ACCOUNT,
    models,
    get: (modelId) => byId.get(modelId),
  };
}
