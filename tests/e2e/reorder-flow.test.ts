/**
 * The reorder loop through the app: a warehouse, a supplier and a product with a reorder point
 * are created in the UI; stock is received and then issued below the reorder point; the stock
 * analyser's LOW_STOCK notification arrives live, and its suggested order is on the purchase
 * orders screen, ready to accept.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, openScreen } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

const dialog = (page: Page) => page.getByRole('dialog');

const stockOperation = async (page: Page, tab: string, code: string, quantity: string) => {
  await page.getByRole('tab', { name: tab }).click();
  // The tab's form replaces the last one; typing before it has would type into the old one.
  await page.getByRole('tabpanel', { name: tab }).waitFor();
  const product = page.getByLabel('Product');
  await product.fill(code);
  await product.press('Enter');
  const field = page.getByLabel('Quantity', { exact: true });
  await expect
    .poll(() => field.evaluate((el) => el === document.activeElement), { timeout: 15_000 })
    .toBe(true);
  await field.fill(quantity);
  await field.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: `${tab === 'Receive' ? 'Received' : 'Issued'} BOLT-M8` })
    .first()
    .waitFor();
};

describe.skipIf(!hasChromium())('from a stock issue to a suggested order', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('creates, receives, issues below the reorder point, then shows the notification and the suggestion', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/warehouses');
    try {
      await page.getByRole('button', { name: 'New warehouse' }).click();
      await dialog(page).getByLabel('Code').fill('MAIN');
      await dialog(page).getByLabel('Warehouse name').fill('Main stockroom');
      await dialog(page).getByRole('button', { name: 'Create warehouse' }).click();
      await page.getByRole('cell', { name: 'MAIN', exact: true }).waitFor();

      await openScreen(page, 'Suppliers');
      await page.getByRole('button', { name: 'New supplier' }).click();
      await dialog(page).getByLabel('Supplier name').fill('Acme Fasteners');
      await dialog(page).getByLabel('Lead time (days)').fill('5');
      await dialog(page).getByLabel('Pack size').fill('50');
      await dialog(page).getByRole('button', { name: 'Create supplier' }).click();
      await page.getByRole('cell', { name: 'Acme Fasteners' }).waitFor();

      await openScreen(page, 'Products');
      await page.getByRole('button', { name: 'New product' }).click();
      const form = dialog(page);
      await form.getByLabel('SKU').fill('BOLT-M8');
      await form.getByLabel('Name').fill('Hex bolt M8 × 40');
      await form.getByLabel('Unit cost').fill('0.18');
      await form.getByLabel('Reorder point').fill('100');
      await form.getByLabel('Maximum stock').fill('400');
      await form.getByLabel('Preferred supplier').selectOption({ label: 'Acme Fasteners' });
      await form.getByRole('button', { name: 'Create product' }).click();
      await page.getByRole('link', { name: 'BOLT-M8' }).waitFor();

      await openScreen(page, 'Stock operations');
      await stockOperation(page, 'Receive', 'BOLT-M8', '250');
      await stockOperation(page, 'Issue', 'bolt-m8', '180');

      // The analyser's notification arrives over the subscription, as a message in the corner.
      const live = page
        .getByRole('region', { name: 'Messages' })
        .getByText('BOLT-M8 Hex bolt M8 × 40 is below its reorder point');
      await live.waitFor({ timeout: 30_000 });
      await screenshot(page, 'live-notification-light');

      await openScreen(page, 'Notifications');
      const notification = page.getByRole('article', {
        name: 'BOLT-M8 Hex bolt M8 × 40 is below its reorder point',
      });
      await notification.waitFor();
      expect(await notification.textContent()).toContain('available 70');

      await openScreen(page, 'Purchase orders');
      const suggestion = page
        .getByRole('article', { name: /^Suggested order/ })
        .filter({ hasText: 'BOLT-M8' });
      await suggestion.waitFor({ timeout: 30_000 });
      const text = (await suggestion.textContent()) ?? '';
      expect(text).toContain('Acme Fasteners');
      expect(text).toContain('below the reorder point of 100');
      // Up to the maximum of 400 from 70 available, in whole packs of 50.
      expect(text).toContain('350 ea');
      await screenshot(page, 'orders-suggested-light');

      await suggestion.getByRole('button', { name: 'Accept and submit' }).click();
      await page.getByText('No suggested orders').waitFor();
      await page.getByRole('tab', { name: 'Open' }).click();
      await page.getByRole('cell', { name: 'Submitted' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
