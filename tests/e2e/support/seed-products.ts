/** The products of the seeded stockroom: a small workshop store, with daily demand where it sells. */

export interface SeedProduct {
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  readonly cost: number;
  readonly daily?: number;
  readonly minStock?: number;
  readonly maxStock?: number;
  readonly supplier?: number;
  readonly unit?: string;
}

export const catalogue: readonly SeedProduct[] = [
  {
    sku: 'BOLT-M8',
    name: 'Hex bolt M8 × 40',
    category: 'Fasteners',
    cost: 18,
    daily: 40,
    supplier: 0,
  },
  { sku: 'NUT-M8', name: 'Hex nut M8', category: 'Fasteners', cost: 6, daily: 55, supplier: 0 },
  {
    sku: 'WSH-M8',
    name: 'Washer M8, zinc',
    category: 'Fasteners',
    cost: 3,
    daily: 30,
    minStock: 600,
    maxStock: 2000,
    supplier: 0,
  },
  {
    sku: 'GLV-NIT-M',
    name: 'Nitrile gloves, M (box of 100)',
    category: 'Safety',
    cost: 890,
    daily: 6,
    supplier: 1,
    unit: 'box',
  },
  {
    sku: 'GLV-NIT-L',
    name: 'Nitrile gloves, L (box of 100)',
    category: 'Safety',
    cost: 890,
    daily: 4,
    minStock: 40,
    maxStock: 120,
    supplier: 1,
    unit: 'box',
  },
  {
    sku: 'EAR-PLUG',
    name: 'Ear plugs, foam (pair)',
    category: 'Safety',
    cost: 25,
    daily: 12,
    supplier: 1,
  },
  {
    sku: 'TAPE-ELEC',
    name: 'Insulation tape, black',
    category: 'Electrical',
    cost: 120,
    supplier: 2,
    minStock: 30,
    maxStock: 90,
  },
  {
    sku: 'CABLE-3G15',
    name: 'Cable 3G1.5 mm², 100 m',
    category: 'Electrical',
    cost: 6450,
    supplier: 2,
    minStock: 4,
    maxStock: 10,
    unit: 'roll',
  },
  {
    sku: 'FUSE-10A',
    name: 'Fuse 10 A, ceramic',
    category: 'Electrical',
    cost: 45,
    supplier: 2,
    minStock: 50,
    maxStock: 60,
  },
  {
    sku: 'CLN-DEGR',
    name: 'Degreaser, 5 l',
    category: 'Cleaning',
    cost: 1890,
    supplier: 1,
    unit: 'can',
    minStock: 6,
    maxStock: 20,
  },
  { sku: 'RAG-BOX', name: 'Cleaning rags, 10 kg', category: 'Cleaning', cost: 2400, unit: 'box' },
  { sku: 'LBL-100', name: 'Shelf labels, 100 sheets', category: 'Office', cost: 950 },
];
