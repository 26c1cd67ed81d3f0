/**
 * A warehouse's life on the warehouses screen: an empty one is archived (it leaves the list and
 * the stock operations' choices), shown again with "Show archived", and restored — back in the
 * list and in the choices, with its code.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from './support/api';
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

describe.skipIf(!hasChromium())('archiving and restoring a warehouse', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    await createWarehouse(app, 'MAIN', 'Main stockroom');
    await createWarehouse(app, 'OVFL', 'Overflow unit');
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
});
