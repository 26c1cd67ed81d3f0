import type { WarehouseCommand, WarehouseState } from '../../../shared';
import {
  createWarehouseInput,
  decideWarehouse,
  streams,
  updateWarehouseInput,
  warehouseIdInput,
} from '../../../shared';
import type { Loaded } from '../../db/load';
import { operation } from '../operation';

const state = (loaded: Loaded, warehouseId: string): WarehouseState => {
  const row = loaded.rows.get('warehouses', warehouseId);
  return {
    warehouse:
      row === undefined
        ? null
        : {
            warehouseId,
            code: row.code,
            name: row.name,
            address: row.address,
            archived: row.archived,
          },
  };
};

const decide = (c: WarehouseCommand, loaded: Loaded) =>
  decideWarehouse(c, state(loaded, c.warehouseId), {
    codeOwner: loaded.warehouseCodeOwner,
    onHand: loaded.warehouseOnHand,
  }).map((event) => ({ stream: streams.warehouse(c.warehouseId), event }));

const plan = (c: WarehouseCommand) => ({
  streams: [streams.warehouse(c.warehouseId)],
  warehouses: [c.warehouseId],
});

export const createWarehouse = operation({
  name: 'createWarehouse',
  role: 'manager',
  solo: true,
  input: createWarehouseInput,
  prepare: ({ warehouseId, ...details }, { ids }): WarehouseCommand => ({
    type: 'CreateWarehouse',
    warehouseId: warehouseId ?? ids.uuid(),
    details,
  }),
  plan: (c) => ({
    ...plan(c),
    ...(c.type === 'CreateWarehouse' ? { warehouseCodeOwner: c.details.code } : {}),
  }),
  decide,
});

export const updateWarehouse = operation({
  name: 'updateWarehouse',
  role: 'manager',
  solo: true,
  input: updateWarehouseInput,
  prepare: ({
    warehouseId,
    ...changes
  }): Extract<WarehouseCommand, { type: 'UpdateWarehouse' }> => ({
    type: 'UpdateWarehouse',
    warehouseId,
    changes,
  }),
  plan: (c) => ({
    ...plan(c),
    ...(c.changes.code === undefined ? {} : { warehouseCodeOwner: c.changes.code }),
  }),
  decide,
});

export const archiveWarehouse = operation({
  name: 'archiveWarehouse',
  role: 'manager',
  exclusive: true,
  input: warehouseIdInput,
  prepare: ({ warehouseId }): WarehouseCommand => ({ type: 'ArchiveWarehouse', warehouseId }),
  plan: (c) => ({ ...plan(c), warehouseOnHand: c.warehouseId }),
  decide,
});

export const restoreWarehouse = operation({
  name: 'restoreWarehouse',
  role: 'manager',
  input: warehouseIdInput,
  prepare: ({ warehouseId }): WarehouseCommand => ({ type: 'RestoreWarehouse', warehouseId }),
  plan,
  decide,
});
