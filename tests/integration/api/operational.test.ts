import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stableId, storeAndPublish } from '../../../cloud/workflows/notifications';
import type { Api, Page } from './harness';
import { CLOCK_START, data, failure, key, openApi, tenant } from './harness';

let api: Api;
beforeAll(async () => {
  api = await openApi();
});
afterAll(async () => {
  await api.close();
});

interface Notification {
  notificationId: string;
  kind: string;
  title: string;
  readAt: string | null;
  numbers: string;
}

interface Run {
  executionName: string;
  workflow: string;
  status: string;
  input: string;
  output: string | null;
}

const notify = (tenantId: string, title: string, createdAt: string) =>
  storeAndPublish(
    api.db,
    { stockChanged: () => Promise.resolve(), notification: () => Promise.resolve() },
    tenantId,
    [
      {
        tenantId,
        notificationId: stableId(`${tenantId}:${title}`),
        kind: 'LOW_STOCK',
        severity: 'WARNING',
        title,
        productId: null,
        purchaseOrderId: null,
        numbers: JSON.stringify({ available: 3, reorderPoint: 10 }),
        advice: 'Order 24 ea today.',
        adviceSource: 'RULES',
        createdAt,
        readAt: null,
      },
    ],
  );

describe('notifications through the API', () => {
  it('lists them newest first, marks one read once, and then leaves it out of the unread list', async () => {
    const t = tenant(api);
    await notify(t.tenantId, 'first', '2031-01-01T10:00:00.000Z');
    await notify(t.tenantId, 'second', '2031-01-02T10:00:00.000Z');
    const all = data<Page<Notification>>(await t.as('viewer').query('notifications'));
    expect(all.items.map((n) => n.title)).toEqual(['second', 'first']);
    expect(JSON.parse(all.items[0]!.numbers)).toEqual({ available: 3, reorderPoint: 10 });

    const target = all.items[1]!.notificationId;
    const marked = data<Notification>(
      await t.as('viewer').mutate('markNotificationRead', { notificationId: target }),
    );
    expect(marked.readAt).not.toBeNull();
    const again = data<Notification>(
      await t.as('viewer').mutate('markNotificationRead', { notificationId: target }),
    );
    expect(again.readAt).toBe(marked.readAt);
    const unread = data<Page<Notification>>(
      await t.as('viewer').query('notifications', { unreadOnly: true }),
    );
    expect(unread.items.map((n) => n.title)).toEqual(['second']);
  });

  it('refuses to mark a notification of another tenant, or an unknown one, as NotFound', async () => {
    const a = tenant(api);
    const b = tenant(api);
    await notify(a.tenantId, 'private', '2031-01-01T10:00:00.000Z');
    const id = stableId(`${a.tenantId}:private`);
    expect(
      failure(await b.as('admin').mutate('markNotificationRead', { notificationId: id })),
    ).toMatchObject({
      errorType: 'NotFound',
    });
    expect(data<Page<Notification>>(await b.as('admin').query('notifications')).items).toEqual([]);
    const mine = data<Page<Notification>>(await a.as('viewer').query('notifications'));
    expect(mine.items[0]?.readAt).toBeNull();
  });

  it('refuses a malformed notification id naming the field', async () => {
    const t = tenant(api);
    const error = failure(
      await t.as('viewer').mutate('markNotificationRead', { notificationId: 'nope' }),
    );
    expect(error.errorType).toBe('ValidationError');
    expect(error.errorInfo?.fields[0]?.field).toBe('notificationId');
  });
});

describe('the usage analysis on demand', () => {
  it('runs once per idempotency key, records its run, and leaves a forecast for each product', async () => {
    const t = tenant(api);
    const warehouseId = await t.warehouse();
    const productId = await t.product({ minStock: 5 });
    await t.receive(productId, warehouseId, 40);
    for (let i = 0; i < 6; i++)
      await t.change('issueStock', { productId, warehouseId, quantity: 2 });
    expect(data(await t.as('viewer').query('forecast', { productId }))).toBeNull();

    const idempotencyKey = key();
    const started = data<Run>(await t.as('manager').mutate('runUsageAnalysis', { idempotencyKey }));
    const repeated = data<Run>(
      await t.as('manager').mutate('runUsageAnalysis', { idempotencyKey }),
    );
    expect(repeated.executionName).toBe(started.executionName);
    await api.workflows.idle();

    const run = data<Run>(
      await t.as('viewer').query('workflowRun', { executionName: started.executionName }),
    );
    expect(run).toMatchObject({ workflow: 'usage-analysis', status: 'SUCCEEDED' });
    expect(JSON.parse(run.output ?? 'null')).toMatchObject({ analysed: 1, failed: 0 });
    const runs = data<Page<Run>>(
      await t.as('viewer').query('workflowRuns', { workflow: 'usage-analysis' }),
    );
    expect(runs.items.map((r) => r.executionName)).toEqual([started.executionName]);

    const forecast = data<{
      reorderPoint: number;
      horizon: unknown[];
      history: { quantity: number }[];
      model: string;
    }>(await t.as('viewer').query('forecast', { productId }));
    expect(forecast.reorderPoint).toBe(5);
    expect(forecast.horizon).toHaveLength(28);
    expect(forecast.history.reduce((sum, d) => sum + d.quantity, 0)).toBe(12);
    expect(typeof forecast.model).toBe('string');
    const summary = api.published.find(
      (n) => n.tenantId === t.tenantId && n.kind === 'ANALYSIS_DONE',
    );
    expect(summary?.title).toMatch(/Demand analysed for 1 products/);
  });

  it('is for managers and admins only', async () => {
    const t = tenant(api);
    for (const role of ['viewer', 'clerk'] as const) {
      expect(failure(await t.as(role).mutate('runUsageAnalysis', {})).errorType).toBe('Forbidden');
    }
    expect(data<Page<Run>>(await t.as('viewer').query('workflowRuns')).items).toEqual([]);
  });

  it('shows no tenant another tenant’s runs or forecasts', async () => {
    const a = tenant(api);
    const productId = await a.product();
    const run = data<Run>(await a.as('admin').mutate('runUsageAnalysis', {}));
    await api.workflows.idle();
    const b = tenant(api);
    expect(data<Page<Run>>(await b.as('admin').query('workflowRuns')).items).toEqual([]);
    expect(
      data(await b.as('admin').query('workflowRun', { executionName: run.executionName })),
    ).toBeNull();
    expect(data(await b.as('admin').query('forecast', { productId }))).toBeNull();
  });
});

describe('billing usage', () => {
  it('gives admins the period’s metered usage and refuses everyone else', async () => {
    const t = tenant(api);
    await api.billing.meter({
      tenantId: t.tenantId,
      identifier: 'e-1',
      metric: 'stock_movements',
      quantity: 3,
      occurredAt: CLOCK_START,
    });
    const usage = data<{
      period: string;
      metrics: { metric: string; quantity: number; pending: number }[];
      stripeConfigured: boolean;
    }>(await t.as('admin').query('billingUsage', { period: CLOCK_START.slice(0, 7) }));
    expect(usage.stripeConfigured).toBe(false);
    expect(usage.metrics.find((m) => m.metric === 'stock_movements')).toMatchObject({
      quantity: 3,
      pending: 3,
    });
    expect(failure(await t.as('manager').query('billingUsage')).errorType).toBe('Forbidden');
    expect(
      failure(await t.as('admin').query('billingUsage', { period: '2031-13' })).errorInfo?.fields[0]
        ?.field,
    ).toBe('period');
    const other = data<{ metrics: { quantity: number }[] }>(
      await tenant(api)
        .as('admin')
        .query('billingUsage', { period: CLOCK_START.slice(0, 7) }),
    );
    expect(other.metrics.every((m) => m.quantity === 0)).toBe(true);
  });
});

describe('the dashboard', () => {
  it('counts stock states, orders and unread notifications, and values stock per currency', async () => {
    const t = tenant(api);
    const warehouseId = await t.warehouse();
    const supplierId = await t.supplier();
    const low = await t.product({ minStock: 10 });
    const out = await t.product({ minStock: 1 });
    const over = await t.product({ maxStock: 5 });
    await t.product({ unitCost: { amountMinor: 1000, currency: 'USD' } });
    await t.receive(low, warehouseId, 4);
    await t.receive(over, warehouseId, 9);
    const order = await t.order(supplierId, warehouseId, [{ productId: out, quantity: 5 }]);
    await t.change('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId });
    await notify(t.tenantId, 'unread', '2031-01-01T10:00:00.000Z');

    const figures = data<Record<string, unknown>>(await t.as('viewer').query('dashboard'));
    expect(figures).toMatchObject({
      products: 4,
      lowStock: 1,
      stockouts: 2,
      overstock: 1,
      openPurchaseOrders: 1,
      latePurchaseOrders: 0,
      suggestedPurchaseOrders: 0,
      unreadNotifications: 1,
    });
    expect(figures['stockValue']).toEqual([
      { amountMinor: (4 + 9) * 250, currency: 'EUR' },
      { amountMinor: 0, currency: 'USD' },
    ]);
    expect(
      data<Record<string, unknown>>(await tenant(api).as('viewer').query('dashboard')),
    ).toMatchObject({ products: 0, stockValue: [] });
  });
});
