import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPorts } from '../../../cloud/api/handler';
import { extraMutations } from '../../../cloud/api/extras';
import { handle, servedFields } from '../../../cloud/api/handler';
import { operations } from '../../../cloud/app/operations';
import { fixture, mutationCases, publishInputs } from './cases';
import type { Api, ChangeSet } from './harness';
import {
  LATER_DATE,
  client,
  data,
  expectError,
  iamIdentity,
  key,
  openApi,
  resolverEvent,
  roleNames,
  tenant,
  userIdentity,
} from './harness';
import { shapeProblems } from './shape';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

const publishers = ['publishStockChanged', 'publishNotification'] as const;

describe('mutations through the resolver handler', () => {
  it('has a case for every command mutation the handler serves', () => {
    // The operational mutations (notifications read, analysis runs) return no change set: they
    // are covered in operational.test.ts.
    const operational = Object.keys(extraMutations);
    expect(mutationCases.map((c) => c.field).sort()).toEqual(
      servedFields.Mutation.filter(
        (f) => !(publishers as readonly string[]).includes(f) && !operational.includes(f),
      ).sort(),
    );
  });

  for (const c of mutationCases) {
    it(`${c.field} succeeds for a ${c.least} and returns a change set shaped as the schema says`, async () => {
      const t = tenant(api);
      const input = await c.input(fixture(t), t);
      const committedBefore = api.committed.length;

      const result = await t.as(c.least).mutate(c.field, input);

      const set = data<ChangeSet>(result);
      expect(shapeProblems('Mutation', c.field, set)).toEqual([]);
      expect(set.replayed).toBe(false);
      expect(set.events.length).toBeGreaterThan(0);
      c.check(set, input);
      expect(api.committed.slice(committedBefore).map((x) => x.tenantId)).toEqual([t.tenantId]);
    });

    it(`${c.field} repeated with the same key replays the same events and writes nothing more`, async () => {
      const t = tenant(api);
      const f = fixture(t);
      const input = { ...(await c.input(f, t)), idempotencyKey: key() };
      const first = data<ChangeSet>(await t.admin.mutate(c.field, input));
      const before = await t.dump();
      const committedBefore = api.committed.length;

      const again = data<ChangeSet>(await t.admin.mutate(c.field, input));

      expect(again.replayed).toBe(true);
      expect(again.events).toEqual(first.events);
      expect({ ...again, replayed: false }).toEqual(first);
      expect(api.committed.length).toBe(committedBefore);
      const after = await t.dump();
      // draftPurchaseOrder takes its number before the idempotency check (see the test below).
      if (c.field === 'draftPurchaseOrder') {
        expect({ ...after, counters: [] }).toEqual({ ...before, counters: [] });
      } else {
        expect(after).toEqual(before);
      }
    });

    it(`${c.field} refuses the same key with a different input as a Conflict on idempotencyKey`, async () => {
      const t = tenant(api);
      const f = fixture(t);
      const input = { ...(await c.input(f, t)), idempotencyKey: key() };
      data(await t.admin.mutate(c.field, input));
      const other = { ...(await c.vary(input, f)), idempotencyKey: input.idempotencyKey };
      const before = await t.dump();

      expectError(await t.admin.mutate(c.field, other), 'Conflict', 'idempotencyKey');

      expect(await t.dump()).toEqual(before);
    });
  }

  it('replaying draftPurchaseOrder leaves the purchase-order counter where it was', async () => {
    const t = tenant(api);
    const c = mutationCases.find((m) => m.field === 'draftPurchaseOrder')!;
    const input = { ...(await c.input(fixture(t), t)), idempotencyKey: key() };
    data(await t.admin.mutate('draftPurchaseOrder', input));
    const before = await t.dump();
    data(await t.admin.mutate('draftPurchaseOrder', input));
    expect((await t.dump())['counters']).toEqual(before['counters']);
  });

  it('refuses an idempotency key reused on a different mutation as a Conflict', async () => {
    const t = tenant(api);
    const f = fixture(t);
    const idempotencyKey = key();
    const productId = await f.stocked();
    const warehouseId = await f.warehouse();
    data(
      await t.admin.mutate('receiveStock', { idempotencyKey, productId, warehouseId, quantity: 1 }),
    );
    const before = await t.dump();

    const reused = await t.admin.mutate('issueStock', {
      idempotencyKey,
      productId,
      warehouseId,
      quantity: 1,
    });

    expectError(reused, 'Conflict', 'idempotencyKey');
    expect(await t.dump()).toEqual(before);
  });

  it('keeps idempotency keys per tenant: another tenant may use the same key for its own request', async () => {
    const a = tenant(api);
    const b = tenant(api);
    const idempotencyKey = key();
    const inA = data<ChangeSet>(
      await a.admin.mutate('createWarehouse', { idempotencyKey, code: 'SAME', name: 'A' }),
    );
    const inB = data<ChangeSet>(
      await b.admin.mutate('createWarehouse', { idempotencyKey, code: 'SAME', name: 'B' }),
    );
    expect(inB.replayed).toBe(false);
    expect(inB.warehouses[0]?.warehouseId).not.toBe(inA.warehouses[0]?.warehouseId);
  });

  it('names the actor and the key of a mutation in the events it stores', async () => {
    const t = tenant(api);
    const clerk = client(api, userIdentity(t.tenantId, ['clerk'], 'clerk-ada'));
    const f = fixture(t);
    const idempotencyKey = key();
    const set = data<ChangeSet>(
      await clerk.mutate('issueStock', {
        idempotencyKey,
        productId: await f.stocked(),
        warehouseId: await f.warehouse(),
        quantity: 1,
      }),
    );
    expect(set.movements[0]?.actor).toBe('clerk-ada');
    const stored = await api.db.tenant(t.tenantId, 'read', (tx) =>
      tx.rows<{ actor: string; key: string }>(
        `SELECT metadata->>'actor' AS actor, metadata->>'idempotencyKey' AS key FROM events WHERE event_id = :id::uuid`,
        { id: set.events[0]!.eventId },
      ),
    );
    expect(stored).toEqual([{ actor: 'clerk-ada', key: idempotencyKey }]);
  });

  it('treats null in an optional field as not given, on the input and on its lines', async () => {
    const t = tenant(api);
    const f = fixture(t);
    const registered = data<ChangeSet>(
      await t.admin.mutate('registerProduct', {
        productId: null,
        sku: 'NULLS-1',
        name: 'All optional fields null',
        unit: null,
        leadTimeDays: null,
        serviceLevel: null,
        unitCost: { amountMinor: 100, currency: 'EUR' },
      }),
    );
    expect(registered.products[0]).toMatchObject({
      unit: 'ea',
      leadTimeDays: 7,
      serviceLevel: 0.95,
    });

    const drafted = data<ChangeSet>(
      await t.admin.mutate('draftPurchaseOrder', {
        purchaseOrderId: null,
        supplierId: await f.supplier(),
        warehouseId: await f.warehouse(),
        expectedAt: LATER_DATE,
        note: null,
        lines: [
          {
            lineId: null,
            productId: await f.stocked(),
            quantity: 2,
            unitCost: { amountMinor: 5, currency: 'EUR' },
          },
        ],
      }),
    );
    expect(drafted.purchaseOrders[0]?.lines[0]?.lineId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns a committed change even when announcing the commit fails, and logs the failure', async () => {
    const t = tenant(api);
    const logged: unknown[] = [];
    const ports: ApiPorts = {
      ...api.ports,
      committed: () => {
        throw new Error('relay not started');
      },
      log: (_message, error) => logged.push(error),
    };
    const result = await handle(
      resolverEvent(
        'Mutation',
        'createWarehouse',
        { input: { idempotencyKey: key(), code: 'W-A', name: 'A' } },
        userIdentity(t.tenantId, ['manager']),
      ),
      ports,
    );
    expect(data<ChangeSet>(result).warehouses).toHaveLength(1);
    expect(String(logged[0])).toContain('relay not started');
    expect((await t.dump())['outbox']).toHaveLength(1);
  });

  it('uses the same least roles as the operations declare', () => {
    for (const c of mutationCases) expect(operations[c.field].role, c.field).toBe(c.least);
  });
});

describe('closing an order short', () => {
  it('keeps what arrived, takes the rest off order, and lets its supplier be archived', async () => {
    const t = tenant(api);
    const supplierId = await t.supplier({ name: 'Bolt & Nut Ltd' });
    const warehouseId = await t.warehouse();
    const [bolts, nuts] = [await t.product(), await t.product()];
    const order = await t.order(supplierId, warehouseId, [
      { productId: bolts, quantity: 10 },
      { productId: nuts, quantity: 5 },
    ]);
    const purchaseOrderId = order.purchaseOrderId;
    await t.change('submitPurchaseOrder', { purchaseOrderId });
    await t.change('receivePurchaseOrder', {
      purchaseOrderId,
      lines: [{ lineId: order.lines[0]!.lineId, quantity: 4 }],
    });
    const stock = async (productId: string) =>
      data<{ stock: { onHand: number; onOrder: number } }>(
        await t.as('viewer').query('product', { productId }),
      ).stock;
    expect(await stock(bolts)).toMatchObject({ onHand: 4, onOrder: 6 });

    // Cancelling would lose what arrived: refused, naming the way out, nothing written.
    const before = await t.dump();
    const refused = expectError(
      await t.admin.mutate('cancelPurchaseOrder', { purchaseOrderId }),
      'Conflict',
      'purchaseOrderId',
    );
    expect(refused.message).toBe(
      `purchaseOrderId: purchase order ${order.number} has received 4 of 15 units and cannot be cancelled; close it short instead, to stop waiting for the rest`,
    );
    const archiving = expectError(
      await t.admin.mutate('archiveSupplier', { supplierId }),
      'Conflict',
      'supplierId',
    );
    expect(archiving.message).toBe(
      'supplierId: Bolt & Nut Ltd has 1 open purchase order; receive or cancel it first (the partly received one can be closed short instead)',
    );
    expect(await t.dump()).toEqual(before);

    const closed = await t.change('closePurchaseOrder', {
      purchaseOrderId,
      reason: 'the rest is discontinued',
    });
    expect(closed.purchaseOrders[0]).toMatchObject({ status: 'CLOSED' });
    expect(closed.purchaseOrders[0]?.lines.map((l) => l.quantityReceived)).toEqual([4, 0]);
    expect(await stock(bolts)).toMatchObject({ onHand: 4, onOrder: 0 });
    expect(await stock(nuts)).toMatchObject({ onHand: 0, onOrder: 0 });
    const history = data<{ items: { type: string; data: string }[] }>(
      await t.admin.query('history', { stream: `purchase-order:${purchaseOrderId}` }),
    );
    const closing = history.items.filter((e) => e.type === 'PurchaseOrderClosed');
    expect(closing).toHaveLength(1);
    expect(JSON.parse(closing[0]!.data)).toMatchObject({
      undelivered: [
        { lineId: order.lines[0]!.lineId, productId: bolts, quantity: 6 },
        { lineId: order.lines[1]!.lineId, productId: nuts, quantity: 5 },
      ],
      reason: 'the rest is discontinued',
    });

    // Closed, it takes no more goods, and its supplier can go.
    expectError(
      await t.admin.mutate('receivePurchaseOrder', {
        purchaseOrderId,
        lines: [{ lineId: order.lines[1]!.lineId, quantity: 1 }],
      }),
      'Conflict',
      'purchaseOrderId',
    );
    const archived = await t.change('archiveSupplier', { supplierId });
    expect(archived.suppliers[0]).toMatchObject({ supplierId, archived: true });
  });

  it('refuses an order that received nothing, pointing to cancelling it, and writes nothing', async () => {
    const t = tenant(api);
    const order = await t.order(await t.supplier(), await t.warehouse(), [
      { productId: await t.product(), quantity: 3 },
    ]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId });
    const before = await t.dump();
    const refused = expectError(
      await t.admin.mutate('closePurchaseOrder', { purchaseOrderId: order.purchaseOrderId }),
      'Conflict',
      'purchaseOrderId',
    );
    expect(refused.message).toBe(
      `purchaseOrderId: purchase order ${order.number} has received nothing yet; cancel it instead`,
    );
    expect(await t.dump()).toEqual(before);
  });
});

describe('a day to suggest again', () => {
  it('is refused, writing nothing, for an order drafted by hand or one submitted: only a suggestion waiting for an answer is dismissed', async () => {
    const t = tenant(api);
    const order = await t.order(await t.supplier(), await t.warehouse(), [
      { productId: await t.product(), quantity: 3 },
    ]);
    const purchaseOrderId = order.purchaseOrderId;
    const dismiss = () =>
      t.admin.mutate('cancelPurchaseOrder', { purchaseOrderId, suggestAgainOn: LATER_DATE });
    const before = await t.dump();
    expect(expectError(await dismiss(), 'Conflict', 'suggestAgainOn').message).toBe(
      `suggestAgainOn: purchase order ${order.number} is not a suggestion waiting for an answer (it is drafted by hand); only such a suggestion is dismissed until a day`,
    );
    await t.change('submitPurchaseOrder', { purchaseOrderId });
    const submitted = await t.dump();
    expect(submitted).not.toEqual(before);
    expectError(await dismiss(), 'Conflict', 'suggestAgainOn');
    expect(await t.dump()).toEqual(submitted);

    const cancelled = await t.change('cancelPurchaseOrder', { purchaseOrderId });
    expect(cancelled.purchaseOrders[0]).toMatchObject({
      status: 'CANCELLED',
      suggestAgainOn: null,
    });
  });
});

describe('an archived supplier', () => {
  it('cannot be archived while it has open orders, saying which, and can once they are cancelled', async () => {
    const t = tenant(api);
    const supplierId = await t.supplier({ name: 'Bolt & Nut Ltd' });
    const warehouseId = await t.warehouse();
    const productId = await t.product();
    const refusal = async () => {
      const before = await t.dump();
      const refused = expectError(
        await t.admin.mutate('archiveSupplier', { supplierId }),
        'Conflict',
        'supplierId',
      );
      expect(await t.dump()).toEqual(before);
      return refused.message;
    };
    const draft = await t.order(supplierId, warehouseId, [{ productId, quantity: 5 }]);
    expect(await refusal()).toBe(
      'supplierId: Bolt & Nut Ltd has 1 draft purchase order; move it to another supplier or cancel it first',
    );
    const submitted = await t.order(supplierId, warehouseId, [{ productId, quantity: 7 }]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: submitted.purchaseOrderId });
    expect(await refusal()).toBe(
      'supplierId: Bolt & Nut Ltd has 2 open purchase orders; receive or cancel them first (the draft can move to another supplier instead)',
    );

    await t.change('cancelPurchaseOrder', { purchaseOrderId: draft.purchaseOrderId });
    expect(await refusal()).toBe(
      'supplierId: Bolt & Nut Ltd has 1 open purchase order; receive or cancel it first',
    );
    await t.change('cancelPurchaseOrder', { purchaseOrderId: submitted.purchaseOrderId });
    const archived = await t.change('archiveSupplier', { supplierId });
    expect(archived.suppliers[0]).toMatchObject({ supplierId, archived: true });
  });

  it('replays a change set stored before suppliers could be archived as not archived', async () => {
    const t = tenant(api);
    const input = { name: 'Acme Supplies', leadTimeDays: 4 };
    const [stored, older] = [key(), key()];
    data(await t.admin.mutate('createSupplier', { ...input, idempotencyKey: stored }));
    // The same answer, stored under another key as it was before the field existed.
    await api.db.tenant(t.tenantId, 'write', (tx) =>
      tx.run(
        `INSERT INTO idempotency (tenant_id, key, command, request_hash, result)
         SELECT tenant_id, :older, command, request_hash, result #- '{suppliers,0,archived}'
         FROM idempotency WHERE key = :stored`,
        { older, stored },
      ),
    );
    const replayed = data<ChangeSet>(
      await t.admin.mutate('createSupplier', { ...input, idempotencyKey: older }),
    );
    expect(replayed.replayed).toBe(true);
    expect(replayed.suppliers[0]).toMatchObject({ name: 'Acme Supplies', archived: false });
  });

  it('gets no new order, and nothing is written', async () => {
    const t = tenant(api);
    const supplierId = await t.supplier();
    const warehouseId = await t.warehouse();
    const productId = await t.product();
    await t.change('archiveSupplier', { supplierId });
    const before = await t.dump();
    expectError(
      await t.admin.mutate('draftPurchaseOrder', {
        supplierId,
        warehouseId,
        expectedAt: LATER_DATE,
        lines: [{ productId, quantity: 5, unitCost: { amountMinor: 199, currency: 'EUR' } }],
      }),
      'Conflict',
      'supplierId',
    );
    expect(await t.dump()).toEqual(before);

    await t.change('restoreSupplier', { supplierId });
    expect((await t.order(supplierId, warehouseId, [{ productId, quantity: 5 }])).status).toBe(
      'DRAFT',
    );
  });

  it('gets no draft moved to it, and nothing is written', async () => {
    const t = tenant(api);
    const [from, archived] = [await t.supplier(), await t.supplier()];
    const order = await t.order(from, await t.warehouse(), [
      { productId: await t.product(), quantity: 5 },
    ]);
    await t.change('archiveSupplier', { supplierId: archived });
    const before = await t.dump();
    expectError(
      await t.admin.mutate('revisePurchaseOrder', {
        purchaseOrderId: order.purchaseOrderId,
        supplierId: archived,
      }),
      'Conflict',
      'supplierId',
    );
    expect(await t.dump()).toEqual(before);
  });

  it("cannot become a product's preferred supplier, yet stays one for a product that already prefers it", async () => {
    const t = tenant(api);
    const supplierId = await t.supplier();
    const prefers = await t.product({ preferredSupplierId: supplierId });
    const other = await t.product();
    await t.change('archiveSupplier', { supplierId });
    const before = await t.dump();
    expectError(
      await t.admin.mutate('registerProduct', {
        sku: 'NEW-1',
        name: 'Washer',
        unitCost: { amountMinor: 5, currency: 'EUR' },
        preferredSupplierId: supplierId,
      }),
      'Conflict',
      'preferredSupplierId',
    );
    expectError(
      await t.admin.mutate('updateProduct', { productId: other, preferredSupplierId: supplierId }),
      'Conflict',
      'preferredSupplierId',
    );
    expect(await t.dump()).toEqual(before);

    // The product form sends the supplier it shows: the archived one it already has.
    const updated = await t.change('updateProduct', {
      productId: prefers,
      name: 'Renamed',
      preferredSupplierId: supplierId,
    });
    expect(updated.products[0]).toMatchObject({ name: 'Renamed', preferredSupplierId: supplierId });
  });
});

describe('a draft moved to another supplier', () => {
  it('is ordered from the new supplier, and the old one can be archived with no order to cancel', async () => {
    const t = tenant(api);
    const [from, to] = [
      await t.supplier({ name: 'Old Parts Co' }),
      await t.supplier({ name: 'New Parts Co' }),
    ];
    const order = await t.order(from, await t.warehouse(), [
      { productId: await t.product(), quantity: 5 },
    ]);
    const moved = await t.change('revisePurchaseOrder', {
      purchaseOrderId: order.purchaseOrderId,
      supplierId: to,
    });
    expect(moved.purchaseOrders[0]).toMatchObject({
      supplierId: to,
      status: 'DRAFT',
      lines: [expect.objectContaining({ quantityOrdered: 5 })],
    });
    expect(moved.events.map((e) => e.type)).toEqual(['PurchaseOrderRevised']);
    const archived = await t.change('archiveSupplier', { supplierId: from });
    expect(archived.suppliers[0]).toMatchObject({ supplierId: from, archived: true });
    const submitted = await t.change('submitPurchaseOrder', {
      purchaseOrderId: order.purchaseOrderId,
    });
    expect(submitted.purchaseOrders[0]).toMatchObject({ supplierId: to, status: 'SUBMITTED' });
  });

  it('is refused for a supplier that does not exist, and nothing is written', async () => {
    const t = tenant(api);
    const order = await t.order(await t.supplier(), await t.warehouse(), [
      { productId: await t.product(), quantity: 5 },
    ]);
    const before = await t.dump();
    expectError(
      await t.admin.mutate('revisePurchaseOrder', {
        purchaseOrderId: order.purchaseOrderId,
        supplierId: '00000000-0000-4000-8000-000000000000',
      }),
      'NotFound',
      'supplierId',
    );
    expectError(
      await t.admin.mutate('revisePurchaseOrder', {
        purchaseOrderId: order.purchaseOrderId,
        supplierId: 'not-an-id',
      }),
      'ValidationError',
      'supplierId',
    );
    expect(await t.dump()).toEqual(before);
  });
});

describe('the backend-only publish mutations', () => {
  for (const field of publishers) {
    for (const role of roleNames) {
      it(`${field} is Forbidden to a signed-in ${role}`, async () => {
        const t = tenant(api);
        const result = await t.as(role).raw(field, { input: publishInputs[field] });
        expectError(result, 'Forbidden');
      });
    }

    it(`${field} passes an IAM caller’s input through as the subscription payload`, async () => {
      const backend = client(api, iamIdentity);
      const result = data(await backend.raw(field, { input: publishInputs[field] }));
      expect(result).toEqual(publishInputs[field]);
      expect(shapeProblems('Mutation', field, result)).toEqual([]);
    });
  }

  it('refuses an IAM caller on user mutations and queries: the backend acts only by publishing', async () => {
    const backend = client(api, iamIdentity);
    expectError(await backend.mutate('createWarehouse', { code: 'W-IAM', name: 'x' }), 'Forbidden');
    expectError(await backend.query('products'), 'Forbidden');
  });
});
