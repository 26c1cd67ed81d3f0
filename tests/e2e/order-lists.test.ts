/**
 * Purchase orders listed by what they concern. On a product's page: what is still to come
 * (units due on open orders, and drafts not yet submitted, which are not on order), soonest first;
 * and every order that had a line of it. From the suppliers screen: one supplier's orders.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  command,
  createSupplier,
  createWarehouse,
  draftPurchaseOrder,
  gql,
  registerProduct,
} from './support/api';
import { openApp, openScreen } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

describe.skipIf(!hasChromium())('purchase orders by product and by supplier', () => {
  let app: TestApp;
  let browser: Browser;
  let bolt: string;

  const order = async (
    supplierId: string,
    warehouseId: string,
    lines: { productId: string; quantity: number }[],
  ) => {
    const purchaseOrderId = await draftPurchaseOrder(app, supplierId, warehouseId, lines);
    const { purchaseOrder } = await gql<{
      purchaseOrder: { lines: { lineId: string; productId: string }[] };
    }>(
      app,
      `query ($id: ID!) { purchaseOrder(purchaseOrderId: $id) { lines { lineId productId } } }`,
      {
        id: purchaseOrderId,
      },
    );
    return { purchaseOrderId, lines: purchaseOrder.lines };
  };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    const warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
    const acme = await createSupplier(app, 'Acme Fasteners');
    const bolts = await createSupplier(app, 'Bolt & Nut Ltd');
    bolt = await registerProduct(app, { sku: 'BOLT-M8', name: 'Hex bolt M8', unit: 'box' });
    const nut = await registerProduct(app, { sku: 'NUT-M8', name: 'Nut M8' });

    // PO-000001: 100 bolts and 50 nuts, submitted, 40 bolts arrived: 60 still due.
    const partly = await order(acme, warehouseId, [
      { productId: bolt, quantity: 100 },
      { productId: nut, quantity: 50 },
    ]);
    await command(app, 'submitPurchaseOrder', 'PurchaseOrderIdInput', {
      purchaseOrderId: partly.purchaseOrderId,
    });
    await command(app, 'receivePurchaseOrder', 'ReceivePurchaseOrderInput', {
      purchaseOrderId: partly.purchaseOrderId,
      lines: [{ lineId: partly.lines[0]!.lineId, quantity: 40 }],
    });
    // PO-000002: nuts only, not the product's.
    await order(acme, warehouseId, [{ productId: nut, quantity: 10 }]);
    // PO-000003: 25 bolts, a draft.
    await order(bolts, warehouseId, [{ productId: bolt, quantity: 25 }]);
    // PO-000004: 30 bolts, cancelled.
    const cancelled = await order(bolts, warehouseId, [{ productId: bolt, quantity: 30 }]);
    await command(app, 'cancelPurchaseOrder', 'CancelPurchaseOrderInput', {
      purchaseOrderId: cancelled.purchaseOrderId,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows what open orders and drafts bring, then every order of the product', async () => {
    const { page, errors, close } = await openApp(
      browser,
      app,
      `#/products/${encodeURIComponent(bolt)}`,
    );
    try {
      await page.getByRole('heading', { name: 'BOLT-M8 · Hex bolt M8' }).waitFor();
      // The on-order figure counts the open order only.
      const totals = page.locator('[aria-label="Stock totals"]');
      await expect.poll(() => totals.textContent()).toMatch(/On order\s*60/);

      await page.getByRole('tab', { name: 'Purchase orders' }).click();
      const panel = page.getByRole('tabpanel');
      await panel
        .getByText('60 box due on 1 open order; 25 more in 1 draft, not yet submitted.')
        .waitFor();
      const rows = panel
        .getByRole('table', { name: 'Purchase orders of BOLT-M8' })
        .locator('tbody tr');
      const read = () =>
        rows.evaluateAll((trs) =>
          trs.map((tr) =>
            [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent?.trim() ?? ''),
          ),
        );
      // Both are expected the same day; then by number. The draft's units are not on order.
      const expected = (await read())[0]![4]!;
      expect(await read()).toEqual([
        [
          'PO-000001',
          'Acme Fasteners',
          'MAIN · Main stockroom',
          'Partly received',
          expected,
          '100',
          '40',
          '60',
        ],
        [
          'PO-000003',
          'Bolt & Nut Ltd',
          'MAIN · Main stockroom',
          'Draft',
          expected,
          '25',
          '0',
          '25',
        ],
      ]);
      await rows.last().scrollIntoViewIfNeeded();
      await screenshot(page, 'product-orders-light');

      await panel.getByLabel('Show').selectOption({ label: 'All orders' });
      await expect
        .poll(async () => (await read()).map((r) => r[0]))
        .toEqual(['PO-000004', 'PO-000003', 'PO-000001']);
      // A cancelled order brings nothing more.
      expect((await read())[0]).toEqual([
        'PO-000004',
        'Bolt & Nut Ltd',
        'MAIN · Main stockroom',
        'Cancelled',
        expected,
        '30',
        '0',
        '—',
      ]);

      // An order's number opens it.
      await panel.getByRole('link', { name: 'PO-000001' }).click();
      await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('opens one supplier’s orders from the suppliers screen, by stage', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/');
    try {
      await openScreen(page, 'Suppliers');
      await page
        .getByRole('row')
        .filter({ hasText: 'Bolt & Nut Ltd' })
        .getByRole('link', { name: 'Orders' })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Purchase orders' }).waitFor();
      const supplier = page.getByLabel('Supplier');
      await expect
        .poll(() => supplier.locator('option:checked').textContent())
        .toBe('Bolt & Nut Ltd');
      // What is still to come from it first: nothing is open there.
      expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Open');
      await page.getByText('No orders here').waitFor();
      const numbers = async () =>
        (await page.locator('table tbody tr td:first-child').allTextContents()).map((t) =>
          t.trim(),
        );
      await page.getByRole('tab', { name: 'Drafts' }).click();
      await expect.poll(numbers).toEqual(['PO-000003']);
      await page.getByRole('tab', { name: 'Cancelled' }).click();
      await expect.poll(numbers).toEqual(['PO-000004']);
      await screenshot(page, 'orders-of-supplier-light');

      // Every supplier's again.
      await supplier.selectOption({ label: 'All suppliers' });
      await page.getByRole('tab', { name: 'Drafts' }).click();
      await expect.poll(numbers).toEqual(['PO-000003', 'PO-000002']);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
