/**
 * An error from the API is shown next to the field it names: issuing more than is available is
 * refused by the server (InsufficientStock on `quantity`) and the message sits under Quantity.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse, receiveStock, registerProduct } from './support/api';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

describe.skipIf(!hasChromium())('errors shown by the fields they name', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    const warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
    const productId = await registerProduct(app, {
      sku: 'GLV-M',
      name: 'Nitrile gloves, M',
      barcode: '5012345678900',
    });
    await receiveStock(app, productId, warehouseId, 5);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows InsufficientStock from the API under the quantity field', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/stock/issue');
    try {
      const product = page.getByLabel('Product');
      await product.fill('5012345678900');
      await product.press('Enter');
      // The scanned barcode resolves to the product and focus moves on to the quantity.
      const quantity = page.getByLabel('Quantity', { exact: true });
      await expect.poll(() => quantity.evaluate((el) => el === document.activeElement)).toBe(true);
      await expect.poll(() => page.getByText('Nitrile gloves, M — 5 ea available').count()).toBe(1);

      await quantity.fill('12');
      await quantity.press('Enter');

      const error = page.locator(`#${await quantity.getAttribute('id')}-error`);
      await error.waitFor();
      expect(await error.textContent()).toBe('Only 5 available, 12 requested');
      expect(await quantity.getAttribute('aria-invalid')).toBe('true');
      expect(await quantity.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
      await screenshot(page, 'stock-issue-insufficient-light');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('checks the input with the shared schema before sending it', async () => {
    const { page, close } = await openApp(browser, app, '#/stock/issue');
    try {
      const product = page.getByLabel('Product');
      await product.fill('GLV-M');
      await product.press('Enter');
      const quantity = page.getByLabel('Quantity', { exact: true });
      await expect.poll(() => quantity.evaluate((el) => el === document.activeElement)).toBe(true);
      await quantity.fill('0');
      await quantity.press('Enter');
      const error = page.locator(`#${await quantity.getAttribute('id')}-error`);
      await error.waitFor();
      expect(await error.textContent()).toBe('Must be greater than zero');
    } finally {
      await close();
    }
  });
});
