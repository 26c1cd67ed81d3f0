import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPorts } from '../../../cloud/api/handler';
import { handle } from '../../../cloud/api/handler';
import { createCommandService } from '../../../cloud/app/execute';
import { randomIds, systemClock } from '../../../cloud/app/ports';
import type { Database, Tx } from '../../../cloud/db/port';
import { SqlError } from '../../../cloud/db/port';
import type { Fixture } from './cases';
import { fixture } from './cases';
import type { Api } from './harness';
import {
  key,
  LATER_DATE,
  LATER_TIME,
  expectError,
  openApi,
  resolverEvent,
  tenant,
  userIdentity,
} from './harness';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

type Input = Record<string, unknown>;
const eur = (amountMinor: number) => ({ amountMinor, currency: 'EUR' });
const long = 'x'.repeat(10_000);

/** A valid request per mutation used below, built on a tenant's fixture. */
const valid: Record<string, (f: Fixture) => Promise<Input>> = {
  registerProduct: () => Promise.resolve({ sku: 'SKU-NEW', name: 'New thing', unitCost: eur(100) }),
  updateProduct: async (f) => ({ productId: await f.stocked(), name: 'Renamed' }),
  createWarehouse: () => Promise.resolve({ code: 'W-NEW', name: 'New warehouse' }),
  createSupplier: () => Promise.resolve({ name: 'New supplier' }),
  receiveStock: async (f) => ({
    productId: await f.stocked(),
    warehouseId: await f.warehouse(),
    quantity: 5,
  }),
  issueStock: async (f) => ({
    productId: await f.stocked(),
    warehouseId: await f.warehouse(),
    quantity: 5,
  }),
  adjustStock: async (f) => ({
    productId: await f.stocked(),
    warehouseId: await f.warehouse(),
    delta: -1,
    reason: 'LOST',
  }),
  transferStock: async (f) => ({
    productId: await f.stocked(),
    fromWarehouseId: await f.warehouse(),
    toWarehouseId: await f.otherWarehouse(),
    quantity: 5,
  }),
  countStock: async (f) => ({
    productId: await f.stocked(),
    warehouseId: await f.warehouse(),
    countedQuantity: 90,
  }),
  reserveStock: async (f) => ({
    productId: await f.stocked(),
    warehouseId: await f.warehouse(),
    quantity: 1,
    expiresAt: LATER_TIME,
  }),
  releaseReservation: async (f) => ({ reservationId: await f.reservation() }),
  draftPurchaseOrder: async (f) => ({
    supplierId: await f.supplier(),
    warehouseId: await f.warehouse(),
    expectedAt: LATER_DATE,
    lines: [{ productId: await f.stocked(), quantity: 10, unitCost: eur(150) }],
  }),
  submitPurchaseOrder: async (f) => ({ purchaseOrderId: (await f.draft()).purchaseOrderId }),
  receivePurchaseOrder: async (f) => {
    const order = await f.submitted();
    return {
      purchaseOrderId: order.purchaseOrderId,
      lines: [{ lineId: order.lines[0]!.lineId, quantity: 1 }],
    };
  },
  postponePurchaseOrder: async (f) => ({
    purchaseOrderId: (await f.submitted()).purchaseOrderId,
    expectedAt: '2031-04-01',
  }),
  closePurchaseOrder: async (f) => ({
    purchaseOrderId: (await f.partlyReceived()).purchaseOrderId,
    reason: 'the rest is discontinued',
  }),
  cancelPurchaseOrder: async (f) => ({
    purchaseOrderId: (await f.draft()).purchaseOrderId,
    reason: 'not needed',
  }),
};

const drop = (field: string) => (input: Input) =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k !== field));
const set = (changes: Input) => (input: Input) => ({ ...input, ...changes });
const setLine = (changes: Input) => (input: Input) => ({
  ...input,
  lines: (input['lines'] as Input[]).map((l, i) => (i === 0 ? { ...l, ...changes } : l)),
});

interface BadCase {
  readonly field: string;
  readonly what: string;
  readonly change: (input: Input) => Input;
  readonly names: string;
  readonly errorType: 'ValidationError' | 'NotFound';
}

type Make = (field: string, what: string, change: BadCase['change'], names: string) => BadCase;
const invalid: Make = (field, what, change, names) => ({
  field,
  what,
  change,
  names,
  errorType: 'ValidationError',
});
const unknown: Make = (field, what, change, names) => ({
  field,
  what,
  change,
  names,
  errorType: 'NotFound',
});

const cases: readonly BadCase[] = [
  // Missing required fields
  invalid('receiveStock', 'without quantity', drop('quantity'), 'quantity'),
  invalid('issueStock', 'without productId', drop('productId'), 'productId'),
  invalid('registerProduct', 'without sku', drop('sku'), 'sku'),
  invalid('draftPurchaseOrder', 'without lines', drop('lines'), 'lines'),
  invalid(
    'createWarehouse',
    'without an idempotency key',
    drop('idempotencyKey'),
    'idempotencyKey',
  ),
  // Wrong types
  invalid('receiveStock', 'with quantity as a string', set({ quantity: '5' }), 'quantity'),
  invalid('createWarehouse', 'with a numeric name', set({ name: 42 }), 'name'),
  invalid(
    'draftPurchaseOrder',
    'with lines as an object',
    set({ lines: { quantity: 1 } }),
    'lines',
  ),
  invalid('registerProduct', 'with unitCost as a number', set({ unitCost: 100 }), 'unitCost'),
  // Quantities that are not positive whole numbers
  invalid('receiveStock', 'with a negative quantity', set({ quantity: -3 }), 'quantity'),
  invalid('issueStock', 'with a zero quantity', set({ quantity: 0 }), 'quantity'),
  invalid('transferStock', 'with a fractional quantity', set({ quantity: 2.5 }), 'quantity'),
  invalid('reserveStock', 'with a negative quantity', set({ quantity: -1 }), 'quantity'),
  invalid('adjustStock', 'with a zero delta', set({ delta: 0 }), 'delta'),
  invalid('adjustStock', 'with a fractional delta', set({ delta: 0.5 }), 'delta'),
  invalid('countStock', 'with a negative count', set({ countedQuantity: -1 }), 'countedQuantity'),
  invalid(
    'countStock',
    'with a fractional count',
    set({ countedQuantity: 1.5 }),
    'countedQuantity',
  ),
  invalid(
    'draftPurchaseOrder',
    'with a zero line quantity',
    setLine({ quantity: 0 }),
    'lines.0.quantity',
  ),
  invalid(
    'receivePurchaseOrder',
    'of a fractional quantity',
    setLine({ quantity: 0.25 }),
    'lines.0.quantity',
  ),
  invalid(
    'registerProduct',
    'with fractional money',
    set({ unitCost: { amountMinor: 1.5, currency: 'EUR' } }),
    'unitCost.amountMinor',
  ),
  invalid(
    'registerProduct',
    'with a currency not in ISO 4217 form',
    set({ unitCost: { amountMinor: 1, currency: 'euro' } }),
    'unitCost.currency',
  ),
  // Unknown ids
  unknown('receiveStock', 'for an unknown product', set({ productId: randomUUID() }), 'productId'),
  unknown(
    'receiveStock',
    'into an unknown warehouse',
    set({ warehouseId: randomUUID() }),
    'warehouseId',
  ),
  unknown(
    'issueStock',
    'against an unknown reservation',
    set({ reservationId: randomUUID() }),
    'reservationId',
  ),
  unknown(
    'releaseReservation',
    'of an unknown reservation',
    set({ reservationId: randomUUID() }),
    'reservationId',
  ),
  unknown(
    'submitPurchaseOrder',
    'of an unknown order',
    set({ purchaseOrderId: randomUUID() }),
    'purchaseOrderId',
  ),
  unknown(
    'closePurchaseOrder',
    'of an unknown order',
    set({ purchaseOrderId: randomUUID() }),
    'purchaseOrderId',
  ),
  unknown(
    'draftPurchaseOrder',
    'from an unknown supplier',
    set({ supplierId: randomUUID() }),
    'supplierId',
  ),
  unknown(
    'draftPurchaseOrder',
    'with a line of an unknown product',
    setLine({ productId: randomUUID() }),
    'lines.0.productId',
  ),
  // Oversized strings
  invalid('createWarehouse', 'with a 10,000-character name', set({ name: long }), 'name'),
  invalid('registerProduct', 'with a 10,000-character SKU', set({ sku: long }), 'sku'),
  invalid('createSupplier', 'with a 10,000-character name', set({ name: long }), 'name'),
  invalid('receiveStock', 'with a 10,000-character note', set({ note: long }), 'note'),
  invalid('closePurchaseOrder', 'with a 10,000-character reason', set({ reason: long }), 'reason'),
  invalid(
    'closePurchaseOrder',
    'without purchaseOrderId',
    drop('purchaseOrderId'),
    'purchaseOrderId',
  ),
  invalid('closePurchaseOrder', 'with a reason as a number', set({ reason: 7 }), 'reason'),
  invalid(
    'cancelPurchaseOrder',
    'with a day to suggest again that is not a date',
    set({ suggestAgainOn: 'next week' }),
    'suggestAgainOn',
  ),
  invalid(
    'cancelPurchaseOrder',
    'with a day to suggest again that has passed',
    set({ suggestAgainOn: '2020-01-01' }),
    'suggestAgainOn',
  ),
  invalid(
    'cancelPurchaseOrder',
    'with a day to suggest again more than a year ahead',
    set({ suggestAgainOn: '2032-03-01' }),
    'suggestAgainOn',
  ),
  invalid(
    'issueStock',
    'with a 10,000-character idempotency key',
    set({ idempotencyKey: long }),
    'idempotencyKey',
  ),
  // Text no database column can store
  invalid(
    'createWarehouse',
    'with the NUL character in its name',
    set({ name: 'Main\u0000' }),
    'name',
  ),
  invalid(
    'receiveStock',
    'with half of a surrogate pair in its note',
    set({ note: 'box \uD83D' }),
    'note',
  ),
  invalid(
    'postponePurchaseOrder',
    'for a reason with the NUL character',
    set({ reason: '\u0000' }),
    'reason',
  ),
  // Malformed ids
  invalid(
    'updateProduct',
    'with a productId that is not a UUID',
    set({ productId: 'widget-1' }),
    'productId',
  ),
  invalid(
    'receiveStock',
    'with SQL for a warehouseId',
    set({ warehouseId: "1' OR '1'='1" }),
    'warehouseId',
  ),
  invalid(
    'draftPurchaseOrder',
    'with a line productId that is not a UUID',
    setLine({ productId: 'abc' }),
    'lines.0.productId',
  ),
  // Malformed dates
  invalid(
    'draftPurchaseOrder',
    'with expectedAt not a date',
    set({ expectedAt: '01/03/2031' }),
    'expectedAt',
  ),
  invalid(
    'postponePurchaseOrder',
    'to an impossible date',
    set({ expectedAt: '2031-02-30' }),
    'expectedAt',
  ),
  invalid(
    'postponePurchaseOrder',
    'to a date in the past',
    set({ expectedAt: '2020-01-01' }),
    'expectedAt',
  ),
  invalid(
    'reserveStock',
    'with expiresAt not a date-time',
    set({ expiresAt: 'next week' }),
    'expiresAt',
  ),
  invalid(
    'reserveStock',
    'with expiresAt in the year 10000 in UTC',
    set({ expiresAt: '9999-12-31T23:59:59-14:00' }),
    'expiresAt',
  ),
  // Unknown enum values
  invalid('adjustStock', 'with an unknown reason', set({ reason: 'BORED' }), 'reason'),
  invalid(
    'adjustStock',
    'with the system-only STOCKTAKE reason',
    set({ reason: 'STOCKTAKE' }),
    'reason',
  ),
  // Fields the schema does not have
  invalid('createWarehouse', 'with an unknown field', set({ colour: 'red' }), 'colour'),
  invalid(
    'receiveStock',
    'naming a tenant in the input',
    set({ tenantId: 'someone-else' }),
    'tenantId',
  ),
  invalid(
    'draftPurchaseOrder',
    'with an unknown field on a line',
    setLine({ discount: 10 }),
    'lines.0.discount',
  ),
];

describe('mutations refuse bad input with a typed error naming the field, and write nothing', () => {
  for (const c of cases) {
    it(`${c.field} ${c.what} is ${c.errorType === 'NotFound' ? 'NotFound' : 'a ValidationError'} on ${c.names}`, async () => {
      const t = tenant(api);
      const input = await valid[c.field]!(fixture(t));
      const before = await t.dump();

      const result = await t.admin.raw(c.field, {
        input: c.change({ idempotencyKey: key(), ...input }),
      });

      const error = expectError(result, c.errorType, c.names);
      expect(error.message).toContain(c.names);
      expect(error.message).not.toMatch(/\n\s+at |SELECT|INSERT|ZodError/);
      expect(await t.dump()).toEqual(before);
    });
  }

  it('accepts each of those requests when nothing is wrong with it, so each refusal is about the field', async () => {
    for (const field of new Set(cases.map((c) => c.field))) {
      const t = tenant(api);
      const input = await valid[field]!(fixture(t));
      const result = await t.admin.mutate(field, input);
      expect('error' in result ? `${field}: ${result.error.message}` : null).toBeNull();
    }
  });

  it('names every bad field of one request at once', async () => {
    const t = tenant(api);
    const input = await valid['receiveStock']!(fixture(t));
    const error = expectError(
      await t.admin.mutate('receiveStock', {
        ...input,
        productId: 'nope',
        quantity: -1,
        note: long,
      }),
      'ValidationError',
    );
    expect(error.errorInfo?.fields.map((f) => f.field).sort()).toEqual([
      'note',
      'productId',
      'quantity',
    ]);
  });

  it('issuing more than is available is InsufficientStock on quantity, and writes nothing', async () => {
    const t = tenant(api);
    const input = await valid['issueStock']!(fixture(t));
    const before = await t.dump();
    const error = expectError(
      await t.admin.mutate('issueStock', { ...input, quantity: 101 }),
      'InsufficientStock',
      'quantity',
    );
    expect(error.errorInfo?.details).toMatchObject({ available: 100, requested: 101 });
    expect(await t.dump()).toEqual(before);
  });
});

describe('queries refuse bad arguments with a typed error naming the argument', () => {
  const refused: readonly {
    what: string;
    field: string;
    args: Input;
    names: string;
    says?: string;
  }[] = [
    {
      what: 'a productId that is not a UUID',
      field: 'product',
      args: { productId: 'p-1' },
      names: 'productId',
    },
    {
      what: 'a purchaseOrderId that is not a UUID',
      field: 'purchaseOrder',
      args: { purchaseOrderId: '42' },
      names: 'purchaseOrderId',
    },
    {
      what: 'an unknown status filter',
      field: 'products',
      args: { filter: { status: 'EMPTY' } },
      names: 'filter.status',
    },
    {
      what: 'an unknown sort field',
      field: 'products',
      args: { sort: { field: 'PRICE' } },
      names: 'sort.field',
    },
    {
      what: 'a 10,000-character search',
      field: 'products',
      args: { filter: { search: long } },
      names: 'filter.search',
    },
    {
      what: 'a movement kind it does not know',
      field: 'movements',
      args: { filter: { kind: 'THEFT' } },
      names: 'filter.kind',
    },
    {
      what: 'a from that is not a date-time',
      field: 'movements',
      args: { filter: { from: 'yesterday' } },
      names: 'filter.from',
    },
    {
      what: 'a to before its from, as instants',
      field: 'movements',
      args: { filter: { from: '2026-01-01T06:00:00Z', to: '2026-01-01T10:00:00+05:00' } },
      names: 'filter.to',
      says: 'filter.to: must not be before filter.from',
    },
    {
      what: 'a 65-character category',
      field: 'products',
      args: { filter: { category: 'c'.repeat(65) } },
      names: 'filter.category',
      says: 'filter.category: must be at most 64 characters',
    },
    {
      what: 'an 81-character execution name',
      field: 'workflowRun',
      args: { executionName: 'e'.repeat(81) },
      names: 'executionName',
      says: 'executionName: must be at most 80 characters',
    },
    { what: 'a fractional limit', field: 'reservations', args: { limit: 2.5 }, names: 'limit' },
    {
      what: 'an unknown purchase-order status',
      field: 'purchaseOrders',
      args: { status: 'LOST' },
      names: 'status',
    },
    {
      what: 'a search holding the NUL character',
      field: 'products',
      args: { filter: { search: 'wid\u0000' } },
      names: 'filter.search',
    },
    {
      what: 'a search holding half of a surrogate pair',
      field: 'products',
      args: { filter: { search: '\uDE00' } },
      names: 'filter.search',
    },
    {
      what: 'a nextToken whose sort key was edited to hold the NUL character',
      field: 'products',
      args: {
        sort: { field: 'NAME' },
        nextToken: Buffer.from(
          JSON.stringify(['products:NAME:ASC', 'wid\u0000', randomUUID()]),
        ).toString('base64url'),
      },
      names: 'nextToken',
    },
    {
      what: 'a 10,000-character nextToken',
      field: 'stockLevels',
      args: { nextToken: long },
      names: 'nextToken',
    },
  ];
  for (const r of refused) {
    it(`${r.field} with ${r.what} is a ValidationError on ${r.names}`, async () => {
      const t = tenant(api);
      const error = expectError(
        await t.as('viewer').query(r.field, r.args),
        'ValidationError',
        r.names,
      );
      if (r.says !== undefined) expect(error.message).toBe(r.says);
    });
  }
});

describe('internal failures', () => {
  const leaky =
    'connect ECONNREFUSED 10.0.4.12:5432 while running SELECT * FROM products WHERE tenant_id = $1';

  const failingPorts = (fail: () => never) => {
    const logged: unknown[] = [];
    const db: Database = { ...api.db, tenant: () => fail(), system: () => fail() };
    const ports: ApiPorts = {
      db,
      commands: createCommandService({ db, clock: systemClock, ids: randomIds }),
      log: (_message, error) => logged.push(error),
    };
    return { ports, logged };
  };

  const expectHidden = (result: Awaited<ReturnType<typeof handle>>) => {
    const error = expectError(result, 'Internal');
    expect(error.errorInfo).toBeNull();
    expect(error.message).not.toMatch(
      /ECONNREFUSED|10\.0\.4\.12|SELECT|products|tenant_id|\bat\b|Error/,
    );
    expect(error.message.length).toBeLessThan(120);
  };

  it('turns a plain Error from the database into Internal, logged but not shown', async () => {
    const { ports, logged } = failingPorts(() => {
      throw new Error(leaky);
    });
    const identity = userIdentity('t-internal', ['admin']);

    const read = await handle(resolverEvent('Query', 'products', {}, identity), ports);
    const write = await handle(
      resolverEvent(
        'Mutation',
        'createWarehouse',
        { input: { idempotencyKey: 'k-internal-1', code: 'W1', name: 'x' } },
        identity,
      ),
      ports,
    );

    expectHidden(read);
    expectHidden(write);
    expect(logged).toHaveLength(2);
    expect(String(logged[0])).toContain('ECONNREFUSED');
  });

  it('turns an SQL error the client did not cause into Internal without its SQL', async () => {
    const { ports } = failingPorts(() => {
      throw new SqlError(`relation "products" does not exist: ${leaky}`, '42P01');
    });
    const identity = userIdentity('t-internal', ['viewer']);
    expectHidden(await handle(resolverEvent('Query', 'lowStock', {}, identity), ports));
  });

  it('turns a failure in the middle of a read into Internal', async () => {
    const logged: unknown[] = [];
    const broken: Tx = {
      rows: () => Promise.reject(new SqlError(leaky, '57P01')),
      one: () => Promise.reject(new SqlError(leaky, '57P01')),
      run: () => Promise.reject(new SqlError(leaky, '57P01')),
      last: () => Promise.reject(new SqlError(leaky, '57P01')),
    };
    const db: Database = { ...api.db, tenant: (_tenantId, _mode, work) => work(broken) };
    const ports: ApiPorts = { ...api.ports, db, log: (_m, e) => logged.push(e) };
    const identity = userIdentity('t-internal', ['viewer']);
    expectHidden(await handle(resolverEvent('Query', 'movements', { limit: 5 }, identity), ports));
    expect(logged).toHaveLength(1);
  });

  it('answers a tenant claim the database cannot scope to with a typed error, not Internal', async () => {
    const identity = userIdentity('not a tenant!', ['viewer']);
    const logged = api.logged.length;
    expectError(
      await handle(resolverEvent('Query', 'products', {}, identity), api.ports),
      'ValidationError',
      'tenantId',
    );
    expect(api.logged.length).toBe(logged);
  });
});
