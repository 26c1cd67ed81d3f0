import type { SupplierCommand, SupplierState } from '../../../shared';
import {
  createSupplierInput,
  decideSupplier,
  streams,
  supplierIdInput,
  updateSupplierInput,
} from '../../../shared';
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
  decideSupplier(c, state(loaded, c.supplierId), {
    openOrders: loaded.supplierOpenOrders,
  }).map((event) => ({
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

export const archiveSupplier = operation({
  name: 'archiveSupplier',
  role: 'manager',
  // Alone in the tenant, as a warehouse's archiving: no order can be drafted for the supplier
  // between the count of its open orders and the archiving.
  exclusive: true,
  input: supplierIdInput,
  prepare: ({ supplierId }): SupplierCommand => ({ type: 'ArchiveSupplier', supplierId }),
  plan: (c) => ({ ...plan(c), supplierOpenOrders: c.supplierId }),
  decide,
});

export const restoreSupplier = operation({
  name: 'restoreSupplier',
  role: 'manager',
  input: supplierIdInput,
  prepare: ({ supplierId }): SupplierCommand => ({ type: 'RestoreSupplier', supplierId }),
  plan,
  decide,
});
