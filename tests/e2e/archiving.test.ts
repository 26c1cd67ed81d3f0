/**
 * Archiving and restoring what is no longer used. An empty warehouse is archived (it leaves the
 * list and the stock operations' choices), shown again with "Show archived", and restored — back
 * in the list and the choices, with its code. A supplier likewise leaves the choices of a new
 * order and of a new product's preferred supplier, while a product that prefers it keeps it. A
 * product is archived and restored from its page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupplier, createWarehouse, registerProduct } from './support/api';
import { openApp, openScreen } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

/** The warehouses the Receive form offers, as their labels. */
const receiveChoices = async (page: Page) => {
  await openScreen(page, 'Stock operations');
  await page.getByRole('tab', { name: 'Receive' }).click();
  const select = page.getByRole('tabpanel', { name: 'Receive' }).getByLabel('Warehouse');
  return select.locator('option').allTextContents();
};

/** The labels of a select's options in the dialog a button opens; the dialog is closed again. */
const dialogChoices = async (page: Page, screen: string, button: string, field: string) => {
  await openScreen(page, screen);
  await page.getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog');
  const choices = await dialog.getByLabel(field).locator('option').allTextContents();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  return choices;
};

describe.skipIf(!hasChromium())('archiving and restoring', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    await createWarehouse(app, 'MAIN', 'Main stockroom');
    await createWarehouse(app, 'OVFL', 'Overflow unit');
    await createSupplier(app, 'Acme Fasteners');
    const old = await createSupplier(app, 'Old Parts Co');
    await registerProduct(app, { sku: 'NUT-M8', name: 'Nut M8', preferredSupplierId: old });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('archives an empty warehouse, shows it among the archived and restores it', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/warehouses');
    try {
      const row = page.getByRole('row').filter({ hasText: 'OVFL' });
      await row.getByRole('button', { name: 'Archive' }).click();
      await page
        .getByRole('dialog', { name: 'Archive OVFL?' })
        .getByRole('button', { name: 'Archive warehouse' })
        .click();
      await page.getByRole('status').filter({ hasText: 'OVFL archived' }).first().waitFor();
      await expect.poll(() => row.count()).toBe(0);
      expect(await receiveChoices(page)).not.toContain('OVFL · Overflow unit');

      await openScreen(page, 'Warehouses');
      await page.getByLabel('Show archived').check();
      await expect.poll(() => row.textContent()).toContain('Archived');
      expect(await row.getByRole('button', { name: 'Archive' }).count()).toBe(0);
      expect(await row.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      await screenshot(page, 'warehouses-archived-light');

      await row.getByRole('button', { name: 'Restore' }).click();
      await page.getByRole('status').filter({ hasText: 'OVFL restored' }).first().waitFor();
      await expect.poll(() => row.textContent()).toContain('Active');
      expect(await row.getByRole('button', { name: 'Restore' }).count()).toBe(0);
      expect(await receiveChoices(page)).toContain('OVFL · Overflow unit');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('archives a supplier, keeps it on the products that prefer it, and restores it', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/suppliers');
    try {
      const row = page.getByRole('row').filter({ hasText: 'Old Parts Co' });
      await row.getByRole('button', { name: 'Archive' }).click();
      await page
        .getByRole('dialog', { name: 'Archive Old Parts Co?' })
        .getByRole('button', { name: 'Archive supplier' })
        .click();
      await page.getByRole('status').filter({ hasText: 'Old Parts Co archived' }).first().waitFor();
      await expect.poll(() => row.count()).toBe(0);
      expect(await dialogChoices(page, 'Purchase orders', 'New order', 'Supplier')).toEqual([
        'Choose a supplier',
        'Acme Fasteners',
      ]);
      expect(
        await dialogChoices(page, 'Products', 'New product', 'Preferred supplier'),
      ).not.toContain('Old Parts Co');

      // The product that prefers it still shows it, marked, and is saved with it.
      await page.getByRole('link', { name: 'NUT-M8' }).click();
      await page.getByRole('button', { name: 'Edit' }).click();
      const form = page.getByRole('dialog');
      const preferred = form.getByLabel('Preferred supplier');
      expect(await preferred.locator('option:checked').textContent()).toBe(
        'Old Parts Co (archived)',
      );
      await form.getByLabel('Name').fill('Hex nut M8');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await form.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: /Hex nut M8/ }).waitFor();

      await openScreen(page, 'Suppliers');
      await page.getByLabel('Show archived').check();
      await expect.poll(() => row.textContent()).toContain('Archived');
      await screenshot(page, 'suppliers-archived-light');
      await row.getByRole('button', { name: 'Restore' }).click();
      await page.getByRole('status').filter({ hasText: 'Old Parts Co restored' }).first().waitFor();
      await expect.poll(() => row.textContent()).not.toContain('Archived');
      expect(await dialogChoices(page, 'Purchase orders', 'New order', 'Supplier')).toContain(
        'Old Parts Co',
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('archives a product from its page and restores it', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/products');
    try {
      await page.getByRole('link', { name: 'NUT-M8' }).click();
      await page.getByRole('button', { name: 'Archive' }).click();
      await page
        .getByRole('dialog', { name: 'Archive NUT-M8?' })
        .getByRole('button', { name: 'Archive product' })
        .click();
      await page.getByRole('status').filter({ hasText: 'NUT-M8 archived' }).first().waitFor();
      await page.getByRole('button', { name: 'Restore' }).click();
      await page.getByRole('status').filter({ hasText: 'NUT-M8 restored' }).first().waitFor();
      await page.getByRole('button', { name: 'Archive' }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
