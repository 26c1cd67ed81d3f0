/**
 * A draft purchase order changed before it is submitted: moved to another supplier (whose pack
 * size and minimum each line then shows), a quantity changed, a line removed and another added.
 * A bad quantity on the added line is shown on that line, though the line above it was removed.
 * Once moved, the supplier it left has no open order and can be archived; the order is submitted
 * to the new one.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSupplier,
  createWarehouse,
  draftPurchaseOrder,
  gql,
  registerProduct,
} from './support/api';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

describe.skipIf(!hasChromium())('editing a draft purchase order', () => {
  let app: TestApp;
  let browser: Browser;
  let oldSupplierId: string;
  let purchaseOrderId: string;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    const warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
    await createSupplier(app, 'Acme Fasteners', { packSize: 10, minimumOrderQuantity: 100 });
    oldSupplierId = await createSupplier(app, 'Old Parts Co');
    const bolt = await registerProduct(app, { sku: 'BOLT-M8', name: 'Hex bolt M8' });
    const nut = await registerProduct(app, { sku: 'NUT-M8', name: 'Nut M8' });
    await registerProduct(app, { sku: 'WASH-M8', name: 'Washer M8' });
    purchaseOrderId = await draftPurchaseOrder(app, oldSupplierId, warehouseId, [
      { productId: bolt, quantity: 100 },
      { productId: nut, quantity: 50 },
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('moves the draft to another supplier and changes its lines, then submits it there', async () => {
    const { page, errors, close } = await openApp(
      browser,
      app,
      `#/orders/${encodeURIComponent(purchaseOrderId)}`,
    );
    try {
      await page.getByRole('heading', { name: 'Purchase order PO-000001' }).waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('dialog', { name: 'Edit PO-000001' });
      // Each line shows the product it orders, picked.
      await expect
        .poll(() => form.getByRole('group', { name: 'Line 1' }).getByLabel('Product').inputValue())
        .toBe('BOLT-M8');
      expect(await form.getByLabel('Supplier').locator('option:checked').textContent()).toBe(
        'Old Parts Co',
      );

      await form.getByLabel('Supplier').selectOption({ label: 'Acme Fasteners' });
      // Each line says how the supplier chosen sells.
      await form
        .getByRole('group', { name: 'Line 1' })
        .getByText('Sold in packs of 10, at least 100')
        .waitFor();
      await form.getByRole('group', { name: 'Line 1' }).getByLabel('Quantity').fill('120');
      await form.getByRole('button', { name: 'Remove line 2' }).click();
      await form.getByRole('button', { name: '+ Add a line' }).click();
      const added = form.getByRole('group', { name: 'Line 2' });
      await added.getByLabel('Product').fill('WASH-M8');
      await added.getByLabel('Product').press('Enter');
      await expect.poll(() => added.getByLabel('Unit cost').inputValue()).toBe('2.50');
      await added.getByLabel('Quantity').fill('0');
      await form.getByRole('button', { name: 'Save changes' }).click();
      // The added line is the second sent, whatever number its fields were given.
      await expect
        .poll(() => added.getByRole('alert').textContent())
        .toContain('greater than zero');
      await added.getByLabel('Quantity').fill('30');
      await screenshot(page, 'order-edit-light');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('status').filter({ hasText: 'PO-000001 saved' }).first().waitFor();
      await form.waitFor({ state: 'detached' });

      const lines = page.getByRole('table', { name: 'Order lines' });
      await expect.poll(() => lines.textContent()).toContain('WASH-M8');
      const text = (await lines.textContent()) ?? '';
      expect(text).toContain('BOLT-M8');
      expect(text).toContain('120');
      expect(text).not.toContain('NUT-M8');
      // 120 and 30 at 2.50 each.
      const heading = (await page.locator('body').textContent()) ?? '';
      expect(heading).toContain('Acme Fasteners → MAIN · Main stockroom');
      expect(heading).toContain('€375.00');
      await page.getByText('Purchase order revised').waitFor();
      // The history names the supplier the order was drafted for and the one it moved to.
      const history = (await page.getByRole('list', { name: 'Event history' }).textContent()) ?? '';
      expect(history).toMatch(/drafted.*supplier Old Parts Co.*revised.*supplier Acme Fasteners/s);
      await screenshot(page, 'order-edited-light');

      // The supplier the draft left has no open order now.
      const archived = await gql<{ archiveSupplier: { suppliers: { archived: boolean }[] } }>(
        app,
        `mutation ($input: SupplierIdInput!) { archiveSupplier(input: $input) { suppliers { archived } } }`,
        { input: { idempotencyKey: `e2e:archive-${oldSupplierId}`, supplierId: oldSupplierId } },
      );
      expect(archived.archiveSupplier.suppliers[0]?.archived).toBe(true);

      await page.getByRole('button', { name: 'Submit to supplier' }).click();
      await page.getByRole('status').filter({ hasText: 'PO-000001 submitted' }).first().waitFor();
      await expect.poll(() => page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
