/**
 * A submitted order of which only part arrives: received through the order's page, then closed
 * short there. It can no longer be cancelled once goods arrived; closing it says what arrived and
 * what will not come, keeps the receipt, and takes the rest off order.
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

describe.skipIf(!hasChromium())('closing a purchase order short', () => {
  let app: TestApp;
  let browser: Browser;
  let bolt: string;
  let purchaseOrderId: string;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    const warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
    const supplierId = await createSupplier(app, 'Acme Fasteners');
    bolt = await registerProduct(app, { sku: 'BOLT-M8', name: 'Hex bolt M8' });
    const nut = await registerProduct(app, { sku: 'NUT-M8', name: 'Nut M8' });
    purchaseOrderId = await draftPurchaseOrder(app, supplierId, warehouseId, [
      { productId: bolt, quantity: 100 },
      { productId: nut, quantity: 50 },
    ]);
    await command(app, 'submitPurchaseOrder', 'PurchaseOrderIdInput', { purchaseOrderId });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const onOrder = async (productId: string) =>
    (
      await gql<{ product: { stock: { onHand: number; onOrder: number } } }>(
        app,
        `query ($productId: ID!) { product(productId: $productId) { stock { onHand onOrder } } }`,
        { productId },
      )
    ).product.stock;

  it('receives part of an order, then closes it short, keeping what arrived', async () => {
    const { page, errors, close } = await openApp(
      browser,
      app,
      `#/orders/${encodeURIComponent(purchaseOrderId)}`,
    );
    try {
      await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
      // 40 bolts arrive, no nuts.
      await page.getByLabel('Receive BOLT-M8').fill('40');
      await page.getByLabel('Receive NUT-M8').fill('');
      await page.getByRole('button', { name: 'Receive goods' }).click();
      await page.getByRole('status').filter({ hasText: 'Received on PO-000001' }).first().waitFor();
      await page.getByText('Partly received').first().waitFor();

      // With goods in, the order is closed short rather than cancelled.
      expect(await page.getByRole('button', { name: 'Cancel order' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Close short' }).click();
      const dialog = page.getByRole('dialog', { name: 'Close short PO-000001' });
      expect(await dialog.textContent()).toContain(
        '40 of 150 units arrived. Closing the order stops waiting for the other 110',
      );
      await dialog.getByLabel('Reason (optional)').fill('The rest is discontinued');
      await screenshot(page, 'order-close-short-light');
      await dialog.getByRole('button', { name: 'Close short' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'PO-000001 closed short' })
        .first()
        .waitFor();
      await dialog.waitFor({ state: 'detached' });

      await page.getByText('Closed short').first().waitFor();
      // 40 bolts at 2.50 arrived of 100 bolts and 50 nuts ordered.
      expect(await page.locator('body').textContent()).toContain(
        '€100.00 received of €375.00 ordered',
      );
      const lines = page.getByRole('table', { name: 'Order lines' });
      await expect
        .poll(async () =>
          (await lines.locator('tr').allTextContents()).map((r) => r.replace(/\s+/g, ' ')),
        )
        .toEqual([
          expect.stringContaining('Not delivered'),
          expect.stringMatching(/BOLT-M8.*100\s*40\s*60/),
          expect.stringMatching(/NUT-M8.*50\s*0\s*50/),
        ]);
      // Nothing more can arrive on it, and nothing else is offered.
      expect(await page.getByRole('button', { name: 'Receive goods' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Postpone' }).count()).toBe(0);
      await page.getByText('Purchase order closed').waitFor();
      expect(await page.getByRole('list', { name: 'Event history' }).textContent()).toContain(
        'reason The rest is discontinued · 110 units no longer due',
      );
      await screenshot(page, 'order-closed-short-light');

      // What arrived stays on hand; the rest is no longer on order.
      expect(await onOrder(bolt)).toEqual({ onHand: 40, onOrder: 0 });

      // The order is listed with the received ones.
      await openScreen(page, 'Purchase orders');
      await page.getByRole('tab', { name: 'Received' }).click();
      const row = page.getByRole('row').filter({ hasText: 'PO-000001' });
      await row.waitFor();
      expect(await row.textContent()).toContain('Closed short');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
