/**
 * Every screen over a seeded stockroom, in the light and the dark theme at 1280×800: each must
 * load without errors, and its screenshot is kept under test-results/screenshots/ to be looked at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import { seedStockroom } from './support/seed';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

/** Waits until nothing on the screen is still loading. */
const settled = async (page: Page) => {
  await page.waitForFunction(() => document.querySelector('.state-loading, .boot') === null);
  await page.waitForTimeout(250);
};

describe.skipIf(!hasChromium())('every screen, light and dark', () => {
  let app: TestApp;
  let browser: Browser;
  let ids: { productId: string; purchaseOrderId: string };

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    ids = await seedStockroom(app);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`renders each screen in the ${theme} theme`, async () => {
      const { page, errors, close } = await openApp(browser, app, '#/', theme);
      const shoot = async (hash: string, name: string, ready?: () => Promise<unknown>) => {
        await page.evaluate((h) => (location.hash = h), hash);
        await settled(page);
        await ready?.();
        await screenshot(page, `${name}-${theme}`);
      };
      try {
        expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
        // Alt+number opens the screens in sidebar order; "?" lists the shortcuts.
        await page.keyboard.press('Alt+2');
        await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
        await page.keyboard.press('Alt+4');
        await page.getByRole('heading', { level: 1, name: 'Purchase orders' }).waitFor();
        await page.keyboard.press('Shift+Slash');
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
        await page.keyboard.press('Escape');
        await shoot('#/', 'dashboard', () =>
          page.getByRole('table', { name: 'Latest movements' }).waitFor(),
        );
        await shoot('#/products', 'products', () => page.locator('[data-ready="true"]').waitFor());
        await shoot(`#/products/${ids.productId}`, 'product', () =>
          page.getByRole('img', { name: /Stock on hand and projected stock/ }).waitFor(),
        );
        await page.getByRole('tab', { name: 'Event history' }).click();
        await settled(page);
        await page.locator('.timeline').scrollIntoViewIfNeeded();
        await screenshot(page, `product-history-${theme}`);
        await shoot('#/stock/receive', 'stock', () => page.getByLabel('Product').waitFor());
        await shoot('#/orders', 'orders', () =>
          page.getByRole('tab', { name: 'Suggested' }).waitFor(),
        );
        await page.getByRole('tab', { name: 'Open' }).click();
        await settled(page);
        await screenshot(page, `orders-open-${theme}`);
        await shoot(`#/orders/${ids.purchaseOrderId}`, 'order', () =>
          page.getByText('Receive goods').first().waitFor(),
        );
        await shoot('#/suppliers', 'suppliers');
        await shoot('#/warehouses', 'warehouses');
        await shoot('#/notifications', 'notifications');
        await shoot('#/billing', 'billing');
        await shoot('#/settings', 'settings');
        await shoot('#/products', 'product-form', async () => {
          await page.getByRole('button', { name: 'New product' }).click();
          await page.getByRole('dialog').getByRole('button', { name: 'Create product' }).click();
          await page.getByRole('dialog').getByText('Must not be empty').first().waitFor();
        });
        expect(errors).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
