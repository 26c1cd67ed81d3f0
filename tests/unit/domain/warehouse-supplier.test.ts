import { describe, expect, it } from 'vitest';
import type {
  SupplierDetails,
  SupplierEvent,
  WarehouseDetails,
  WarehouseEvent,
} from '../../../shared';
import {
  decideSupplier,
  decideWarehouse,
  evolveSupplier,
  evolveWarehouse,
  initialSupplierState,
  initialWarehouseState,
} from '../../../shared';
import { givenFor } from './given-when-then';

describe('warehouses', () => {
  const given = givenFor({
    decide: decideWarehouse,
    evolve: evolveWarehouse,
    initialState: initialWarehouseState,
  });
  const WAREHOUSE = 'warehouse-1';
  const details: WarehouseDetails = { code: 'MAIN', name: 'Main store', address: '1 Dock Road' };
  const created: WarehouseEvent = {
    type: 'WarehouseCreated',
    data: { warehouseId: WAREHOUSE, ...details },
  };
  const archived: WarehouseEvent = { type: 'WarehouseArchived', data: { warehouseId: WAREHOUSE } };
  const create = { type: 'CreateWarehouse', warehouseId: WAREHOUSE, details } as const;
  const update = (changes: Partial<WarehouseDetails>) =>
    ({ type: 'UpdateWarehouse', warehouseId: WAREHOUSE, changes }) as const;
  const archive = { type: 'ArchiveWarehouse', warehouseId: WAREHOUSE } as const;
  const restored: WarehouseEvent = { type: 'WarehouseRestored', data: { warehouseId: WAREHOUSE } };
  const restore = { type: 'RestoreWarehouse', warehouseId: WAREHOUSE } as const;

  it('creates a warehouse with a free code', () => {
    const state = given().when(create, { codeOwner: null }).then([created]);
    expect(state.warehouse).toEqual({ warehouseId: WAREHOUSE, ...details, archived: false });
  });

  it('refuses a code another warehouse holds, naming code', () => {
    given()
      .when(create, { codeOwner: 'warehouse-2' })
      .thenFails({ type: 'Conflict', field: 'code' });
  });

  it('refuses an id that already exists', () => {
    given([created]).when(create, {}).thenFails({ type: 'Conflict', field: 'warehouseId' });
  });

  it('records only the fields that change on update', () => {
    const state = given([created])
      .when(update({ code: 'MAIN', name: 'Main stockroom', address: null }), {
        codeOwner: WAREHOUSE,
      })
      .then([
        {
          type: 'WarehouseUpdated',
          data: { warehouseId: WAREHOUSE, changes: { name: 'Main stockroom', address: null } },
        },
      ]);
    expect(state.warehouse).toMatchObject({ code: 'MAIN', name: 'Main stockroom', address: null });
  });

  it('records nothing when an update changes nothing', () => {
    given([created])
      .when(update({ name: details.name }), {})
      .then([]);
  });

  it('refuses to take a code another warehouse holds on update', () => {
    given([created])
      .when(update({ code: 'BACK' }), { codeOwner: 'warehouse-2' })
      .thenFails({ type: 'Conflict', field: 'code' });
  });

  it('refuses to update a warehouse that does not exist', () => {
    given()
      .when(update({ name: 'Ghost' }), {})
      .thenFails({ type: 'NotFound', field: 'warehouseId' });
  });

  it('archives an empty warehouse', () => {
    const state = given([created]).when(archive, { onHand: 0 }).then([archived]);
    expect(state.warehouse?.archived).toBe(true);
  });

  it('refuses to archive while stock is held there', () => {
    given([created])
      .when(archive, { onHand: 3 })
      .thenFails({ type: 'Conflict', field: 'warehouseId' });
  });

  it('archiving an archived warehouse records nothing', () => {
    given([created, archived]).when(archive, { onHand: 3 }).then([]);
  });

  it('refuses to archive a warehouse that does not exist', () => {
    given().when(archive, {}).thenFails({ type: 'NotFound', field: 'warehouseId' });
  });

  it('restores an archived warehouse with its code and details', () => {
    const state = given([created, archived]).when(restore, {}).then([restored]);
    expect(state.warehouse).toEqual({ warehouseId: WAREHOUSE, ...details, archived: false });
  });

  it('restoring a warehouse in use records nothing', () => {
    given([created]).when(restore, {}).then([]);
    given([created, archived, restored]).when(restore, {}).then([]);
  });

  it('archives a restored warehouse again once it is empty', () => {
    given([created, archived, restored]).when(archive, { onHand: 0 }).then([archived]);
  });

  it('refuses to restore a warehouse that does not exist', () => {
    given().when(restore, {}).thenFails({ type: 'NotFound', field: 'warehouseId' });
  });
});

describe('suppliers', () => {
  const given = givenFor({
    decide: decideSupplier,
    evolve: evolveSupplier,
    initialState: initialSupplierState,
  });
  const SUPPLIER = 'supplier-1';
  const details: SupplierDetails = {
    name: 'Acme Supplies',
    email: 'orders@acme.example',
    phone: '+44 20 7946 0000',
    leadTimeDays: 5,
    minimumOrderQuantity: 10,
    packSize: 5,
    unitPrice: { amountMinor: 199, currency: 'GBP' },
  };
  const created: SupplierEvent = {
    type: 'SupplierCreated',
    data: { supplierId: SUPPLIER, ...details },
  };
  const create = { type: 'CreateSupplier', supplierId: SUPPLIER, details } as const;
  const update = (changes: Partial<SupplierDetails>) =>
    ({ type: 'UpdateSupplier', supplierId: SUPPLIER, changes }) as const;
  const archived: SupplierEvent = { type: 'SupplierArchived', data: { supplierId: SUPPLIER } };
  const restored: SupplierEvent = { type: 'SupplierRestored', data: { supplierId: SUPPLIER } };
  const archive = { type: 'ArchiveSupplier', supplierId: SUPPLIER } as const;
  const restore = { type: 'RestoreSupplier', supplierId: SUPPLIER } as const;

  it('creates a supplier with its ordering terms', () => {
    const state = given().when(create, {}).then([created]);
    expect(state.supplier).toEqual({ supplierId: SUPPLIER, ...details, archived: false });
  });

  it('refuses an id that already exists', () => {
    given([created]).when(create, {}).thenFails({ type: 'Conflict', field: 'supplierId' });
  });

  it('records only the fields that change, comparing prices by value', () => {
    const state = given([created])
      .when(
        update({ packSize: 12, unitPrice: { amountMinor: 199, currency: 'GBP' }, phone: null }),
        {},
      )
      .then([
        {
          type: 'SupplierUpdated',
          data: { supplierId: SUPPLIER, changes: { packSize: 12, phone: null } },
        },
      ]);
    expect(state.supplier).toMatchObject({ packSize: 12, phone: null, minimumOrderQuantity: 10 });
  });

  it('records a new price', () => {
    const unitPrice = { amountMinor: 210, currency: 'GBP' };
    given([created])
      .when(update({ unitPrice }), {})
      .then([{ type: 'SupplierUpdated', data: { supplierId: SUPPLIER, changes: { unitPrice } } }]);
  });

  it('records nothing when an update changes nothing', () => {
    given([created])
      .when(update({ name: details.name, leadTimeDays: 5 }), {})
      .then([]);
  });

  it('refuses to update a supplier that does not exist', () => {
    given()
      .when(update({ name: 'Ghost' }), {})
      .thenFails({ type: 'NotFound', field: 'supplierId' });
  });

  it('archives a supplier with no open orders', () => {
    const state = given([created])
      .when(archive, { openOrders: { open: 0, drafts: 0, partlyReceived: 0 } })
      .then([archived]);
    expect(state.supplier?.archived).toBe(true);
  });

  it.each([
    [
      { open: 2, drafts: 0, partlyReceived: 0 },
      'Acme Supplies has 2 open purchase orders; receive or cancel them first',
    ],
    [
      { open: 1, drafts: 1, partlyReceived: 0 },
      'Acme Supplies has 1 draft purchase order; move it to another supplier or cancel it first',
    ],
    [
      { open: 3, drafts: 1, partlyReceived: 0 },
      'Acme Supplies has 3 open purchase orders; receive or cancel them first (the draft can move to another supplier instead)',
    ],
    [
      { open: 3, drafts: 2, partlyReceived: 0 },
      'Acme Supplies has 3 open purchase orders; receive or cancel them first (the 2 drafts can move to another supplier instead)',
    ],
    [
      { open: 1, drafts: 0, partlyReceived: 1 },
      'Acme Supplies has 1 open purchase order; receive or cancel it first (the partly received one can be closed short instead)',
    ],
    [
      { open: 4, drafts: 1, partlyReceived: 2 },
      'Acme Supplies has 4 open purchase orders; receive or cancel them first (the draft can move to another supplier, and the 2 partly received ones can be closed short instead)',
    ],
  ])(
    'refuses to archive a supplier with open orders %o, saying how many and what to do',
    (openOrders, message) => {
      const error = given([created])
        .when(archive, { openOrders })
        .thenFails({ type: 'Conflict', field: 'supplierId' });
      expect(error.message).toBe(`supplierId: ${message}`);
    },
  );

  it('archiving an archived supplier records nothing', () => {
    given([created, archived])
      .when(archive, { openOrders: { open: 0, drafts: 0, partlyReceived: 0 } })
      .then([]);
  });

  it('restores an archived supplier with its terms', () => {
    const state = given([created, archived]).when(restore, {}).then([restored]);
    expect(state.supplier).toEqual({ supplierId: SUPPLIER, ...details, archived: false });
  });

  it('restoring a supplier in use records nothing', () => {
    given([created]).when(restore, {}).then([]);
  });

  it.each([
    ['archive', archive],
    ['restore', restore],
  ] as const)('refuses to %s a supplier that does not exist', (_what, command) => {
    given().when(command, {}).thenFails({ type: 'NotFound', field: 'supplierId' });
  });
});
