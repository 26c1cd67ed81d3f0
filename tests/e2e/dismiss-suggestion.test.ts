/**
 * A suggested order dismissed from the purchase orders screen: the manager picks the day it may
 * be suggested again, the analyser then suggests nothing for the product at its next movements,
 * and the order's page says until when.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/core/dates';
import {
  command,
  createSupplier,
  createWarehouse,
  gql,
  receiveStock,
  registerProduct,
} from './support/api';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

interface Order {
  purchaseOrderId: string;
  number: string;
  status: string;
  suggestAgainOn: string | null;
}

describe.skipIf(!hasChromium())('dismissing a suggested order', () => {
  let app: TestApp;
  let browser: Browser;
  let bolt: string;
  let warehouseId: string;

  const orders = async (status: 'DRAFT' | 'CANCELLED') =>
    (
      await gql<{ purchaseOrders: { items: Order[] } }>(
        app,
        `query ($status: PurchaseOrderStatus) {
           purchaseOrders(status: $status) { items { purchaseOrderId number status suggestAgainOn } }
         }`,
        { status },
      )
    ).purchaseOrders.items;

  /** Until the analysis of the last stock change has finished. */
  const analysed = async () => {
    await app.backend.drainOutbox();
    await app.backend.workflows.idle();
  };

  const issue = (quantity: number) =>
    command(app, 'issueStock', 'IssueStockInput', { productId: bolt, warehouseId, quantity });

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
    const supplierId = await createSupplier(app, 'Acme Fasteners', { packSize: 50 });
    bolt = await registerProduct(app, {
      sku: 'BOLT-M8',
      name: 'Hex bolt M8',
      minStock: 100,
      maxStock: 400,
      preferredSupplierId: supplierId,
    });
    await receiveStock(app, bolt, warehouseId, 250);
    await issue(180);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('holds the product back until the day picked, and the order says so', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/orders');
    try {
      const suggestion = page.getByRole('article', { name: /^Suggested order/ });
      await suggestion.waitFor({ timeout: 30_000 });
      const [suggested] = await orders('DRAFT');
      await suggestion.getByRole('button', { name: 'Dismiss' }).click();

      const dialog = page.getByRole('dialog', { name: `Dismiss ${suggested!.number}` });
      expect(await dialog.textContent()).toContain(
        'The stock analyser will not suggest an order for this product again before the day you choose, unless it runs out of stock meanwhile.',
      );
      const choice = dialog.getByLabel('Suggest again');
      // A week on unless the manager picks another day; a month is picked here.
      expect(await choice.locator('option:checked').textContent()).toMatch(/^In a week \(.+\)$/);
      const month = choice.locator('option', { hasText: /^In a month/ });
      const day = (await month.getAttribute('value'))!;
      // A month on, at the desk: between 29 and 31 days after the analyser's today.
      const today = new Date().toISOString().slice(0, 10);
      expect(day >= addDays(today, 29) && day <= addDays(today, 31)).toBe(true);
      await choice.selectOption(day);
      await dialog.getByLabel('Reason (optional)').fill('Ordering from the trade counter instead');
      await screenshot(page, 'suggestion-dismiss-light');
      await dialog.getByRole('button', { name: 'Dismiss suggestion' }).click();

      const toast = page.getByRole('status').filter({ hasText: `${suggested!.number} dismissed` });
      await toast.first().waitFor();
      expect(await toast.first().textContent()).toContain('Not suggested again before');
      await page.getByText('No suggested orders').waitFor();
      expect(await orders('CANCELLED')).toEqual([
        expect.objectContaining({ number: suggested!.number, suggestAgainOn: day }),
      ]);

      // Lower still (50 of a reorder point of 100), not out: analysed, and nothing suggested.
      await issue(20);
      await analysed();
      expect(await orders('DRAFT')).toEqual([]);

      await page.goto(`${app.url}#/orders/${encodeURIComponent(suggested!.purchaseOrderId)}`);
      await page.getByText('Dismissed:').waitFor();
      // Its status reads as what happened to it: dismissed, not cancelled.
      const subtitle = page.locator('.page-header');
      expect(await subtitle.locator('.badge').textContent()).toBe('Dismissed');
      const history = page.getByRole('list', { name: 'Event history' });
      await history.getByText('not suggested again before').waitFor();
      expect(await page.locator('.callout').first().textContent()).toMatch(
        /Dismissed: not suggested again before .+, unless it runs out of stock\./,
      );
      // A dismissed suggestion is done with: nothing more to do with it.
      const screen = page.getByRole('main');
      for (const action of ['Dismiss', 'Cancel order', 'Accept and submit'])
        expect(await screen.getByRole('button', { name: action, exact: true }).count()).toBe(0);
      await screenshot(page, 'suggestion-dismissed-order-light');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
