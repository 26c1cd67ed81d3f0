import { describe, expect, it } from 'vitest';
import type { Supplier } from '../../../desktop/renderer/src/api/types';
import { planImport } from '../../../desktop/renderer/src/screens/products/import/rows';

const supplier = (supplierId: string, name: string, archived: boolean): Supplier => ({
  supplierId,
  name,
  email: null,
  phone: null,
  leadTimeDays: 5,
  minimumOrderQuantity: 1,
  packSize: 1,
  unitPrice: null,
  archived,
});

const [ACME, OLD, TWIN_OLD, TWIN] = ['a', 'b', 'c', 'd'].map(
  (n) => `00000000-0000-4000-8000-00000000000${n}`,
) as [string, string, string, string];

const suppliers = [
  supplier(ACME, 'Acme Fasteners', false),
  supplier(OLD, 'Old Parts Co', true),
  supplier(TWIN, 'Twin Supplies', false),
  supplier(TWIN_OLD, 'Twin Supplies', true),
];

const plan = (supplierCell: string) =>
  planImport(
    [
      ['sku', 'name', 'unitCost', 'supplier'],
      ['BOLT-1', 'Bolt', '0.25', supplierCell],
    ],
    suppliers,
  ).rows[0]!;

describe('a CSV row naming a preferred supplier', () => {
  it('prefers the supplier of that name, whatever its case', () => {
    const row = plan('acme fasteners');
    expect(row.problems).toEqual([]);
    expect(row.input).toMatchObject({ preferredSupplierId: ACME });
  });

  it('is refused before sending when the supplier is archived, saying so', () => {
    const row = plan('Old Parts Co');
    expect(row.input).toBeNull();
    expect(row.problems).toEqual([
      'supplier: Old Parts Co is archived; restore it before products can prefer it',
    ]);
  });

  it('takes the active supplier when an archived one has the same name', () => {
    expect(plan('Twin Supplies').input).toMatchObject({ preferredSupplierId: TWIN });
  });

  it('is refused before sending when no supplier has the name', () => {
    expect(plan('Nobody Ltd').problems).toEqual(['supplier: no supplier named “Nobody Ltd”']);
  });
});
