import type { SupplierCommand, SupplierState } from '../../../shared';
import { createSupplierInput, decideSupplier, streams, updateSupplierInput } from '../../../shared';
import type { Loaded } from '../../db/load';
import { operation } from '../operation';

const state = (loaded: Loaded, supplierId: string): SupplierState => {
  const row = loaded.rows.get('suppliers', supplierId);
  if (row === undefined) return { supplier: null };
  const { createdAt: _c, updatedAt: _u, unitPriceMinor, currency, ...details } = row;
  const unitPrice =
    unitPriceMinor === null || currency === null ? null : { amountMinor: unitPriceMinor, currency };
  return { supplier: { ...details, unitPrice } };
};

const decide = (c: SupplierCommand, loaded: Loaded) =>
  decideSupplier(c, state(loaded, c.supplierId)).map((event) => ({
    stream: streams.supplier(c.supplierId),
    event,
  }));

const plan = (c: SupplierCommand) => ({
  streams: [streams.supplier(c.supplierId)],
  suppliers: [c.supplierId],
});

export const createSupplier = operation({
  name: 'createSupplier',
  role: 'manager',
  input: createSupplierInput,
  prepare: ({ supplierId, ...details }, { ids }): SupplierCommand => ({
    type: 'CreateSupplier',
    supplierId: supplierId ?? ids.uuid(),
    details,
  }),
  plan,
  decide,
});

export const updateSupplier = operation({
  name: 'updateSupplier',
  role: 'manager',
  input: updateSupplierInput,
  prepare: ({ supplierId, ...changes }): SupplierCommand => ({
    type: 'UpdateSupplier',
    supplierId,
    changes,
  }),
  plan,
  decide,
});
