/**
 * A stockroom with a past: warehouses, suppliers and products, twelve weeks of daily demand with
 * receipts when stock ran low (written with a clock set to each day), orders in every state, and
 * the usage analysis run over it — so every screen has something true to show.
 */
import type { Clock } from '../../../cloud/app/ports';
import { LOCAL_OWNER, LOCAL_TENANT } from '../../../cloud/local/backend';
import { executionName } from '../../../cloud/services/workflows';
import { seededRandom } from '../../support/random-history';
import { scenario } from '../../support/scenario';
import { catalogue } from './seed-products';
import type { TestApp } from './server';

const DAY = 86_400_000;
const HISTORY_DAYS = 84;

/** Seeds the local tenant of `app`; returns the ids the screenshots visit. */
export const seedStockroom = async (app: TestApp) => {
  let now = new Date();
  const clock: Clock = { now: () => now };
  const s = scenario(app.backend.db, { tenantId: LOCAL_TENANT, clock, actor: LOCAL_OWNER });
  const rnd = seededRandom(7);
  const start = Date.now() - HISTORY_DAYS * DAY;
  now = new Date(start - DAY);

  const main = await s.warehouse('MAIN');
  const east = await s.warehouse('EAST');
  await s.run('updateWarehouse', {
    warehouseId: main,
    name: 'Main stockroom',
    address: '12 Dock Road, Dublin',
  });
  await s.run('updateWarehouse', {
    warehouseId: east,
    name: 'East depot',
    address: 'Unit 4, Harbour Park',
  });
  const suppliers = [
    await s.supplier({
      name: 'Acme Fasteners',
      email: 'orders@acme.example',
      leadTimeDays: 5,
      packSize: 50,
      minimumOrderQuantity: 200,
    }),
    await s.supplier({
      name: 'Nordic Safety',
      email: 'sales@nordic.example',
      phone: '+353 1 555 0100',
      leadTimeDays: 10,
    }),
    await s.supplier({ name: 'Brightline Electrical', leadTimeDays: 7, packSize: 10 }),
  ];
  const ids = new Map<string, string>();
  for (const p of catalogue) {
    const supplierId = p.supplier === undefined ? undefined : suppliers[p.supplier];
    ids.set(
      p.sku,
      await s.product({
        sku: p.sku,
        name: p.name,
        category: p.category,
        unit: p.unit ?? 'ea',
        unitCost: { amountMinor: p.cost, currency: 'EUR' },
        ...(p.minStock === undefined ? {} : { minStock: p.minStock }),
        ...(p.maxStock === undefined ? {} : { maxStock: p.maxStock }),
        ...(supplierId === undefined ? {} : { preferredSupplierId: supplierId }),
      }),
    );
  }
  const id = (sku: string) => ids.get(sku) ?? '';
  const stock = new Map<string, number>();
  const receive = async (sku: string, quantity: number, warehouseId = main) => {
    await s.run('receiveStock', { productId: id(sku), warehouseId, quantity });
    stock.set(sku, (stock.get(sku) ?? 0) + quantity);
  };
  for (const p of catalogue) await receive(p.sku, (p.daily ?? 1) * 20 + (p.minStock ?? 5) * 2);

  // Twelve weeks of weekday-shaped demand; stock topped up when it runs low.
  const weekday = [0.3, 1.2, 1.1, 1, 1.15, 1.25, 0.4];
  for (let d = 0; d < HISTORY_DAYS; d += 1) {
    now = new Date(start + d * DAY + 9 * 3600_000);
    for (const p of catalogue.filter((c) => c.daily !== undefined)) {
      const want = Math.round(
        (p.daily ?? 0) * (weekday[now.getUTCDay()] ?? 1) * (0.7 + rnd.next() * 0.6),
      );
      const have = stock.get(p.sku) ?? 0;
      const issue = Math.min(want, have);
      if (issue > 0) {
        await s.run('issueStock', {
          productId: id(p.sku),
          warehouseId: main,
          quantity: issue,
          reference: `JOB-${1000 + d}`,
        });
        stock.set(p.sku, have - issue);
      }
      if ((stock.get(p.sku) ?? 0) < (p.daily ?? 0) * 6 && d < HISTORY_DAYS - 3)
        await receive(p.sku, (p.daily ?? 0) * 14);
    }
  }

  now = new Date(Date.now() - 2 * 3600_000);
  await receive('BOLT-M8', 400, east);
  await s.run('transferStock', {
    productId: id('BOLT-M8'),
    fromWarehouseId: east,
    toWarehouseId: main,
    quantity: 150,
    note: 'Rebalance',
  });
  await s.run('adjustStock', {
    productId: id('GLV-NIT-M'),
    warehouseId: main,
    delta: -2,
    reason: 'damaged',
    note: 'Torn boxes',
  });
  await s.run('countStock', {
    productId: id('EAR-PLUG'),
    warehouseId: main,
    countedQuantity: Math.max(0, (stock.get('EAR-PLUG') ?? 0) - 3),
  });
  await s.run('reserveStock', {
    productId: id('BOLT-M8'),
    warehouseId: main,
    quantity: 120,
    expiresAt: new Date(Date.now() + 5 * DAY).toISOString(),
    reference: 'SO-20418',
  });
  await s.run('issueStock', { productId: id('FUSE-10A'), warehouseId: main, quantity: 9 });
  await s.run('issueStock', { productId: id('CABLE-3G15'), warehouseId: main, quantity: 10 });
  await s.run('receiveStock', { productId: id('RAG-BOX'), warehouseId: main, quantity: 2 });

  const order =
    (
      await s.run('draftPurchaseOrder', {
        supplierId: suppliers[1],
        warehouseId: main,
        expectedAt: new Date(Date.now() - 3 * DAY).toISOString().slice(0, 10),
        lines: [
          {
            productId: id('GLV-NIT-M'),
            quantity: 40,
            unitCost: { amountMinor: 860, currency: 'EUR' },
          },
          {
            productId: id('EAR-PLUG'),
            quantity: 200,
            unitCost: { amountMinor: 22, currency: 'EUR' },
          },
        ],
        note: 'Quarterly safety restock',
      })
    ).purchaseOrders[0]?.purchaseOrderId ?? '';
  await s.run('submitPurchaseOrder', { purchaseOrderId: order });
  await s.run('draftPurchaseOrder', {
    supplierId: suppliers[2],
    warehouseId: east,
    expectedAt: new Date(Date.now() + 9 * DAY).toISOString().slice(0, 10),
    lines: [
      { productId: id('TAPE-ELEC'), quantity: 60, unitCost: { amountMinor: 110, currency: 'EUR' } },
    ],
  });

  // Let the stock-changed workflows finish (notifications, suggested orders), then forecast.
  await app.backend.drainOutbox();
  await app.backend.workflows.idle();
  await app.backend.workflows.start(
    'usage-analysis',
    LOCAL_TENANT,
    executionName('usage-analysis', 'e2e-seed'),
    {},
  );
  await app.backend.workflows.idle();
  return { productId: id('BOLT-M8'), purchaseOrderId: order };
};
