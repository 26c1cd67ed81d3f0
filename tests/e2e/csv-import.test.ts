/**
 * CSV import of 1,000 products with two bad rows: one the shared schema refuses before sending
 * (a unit cost that is not a number), one the API refuses (a SKU already in the catalogue).
 * 998 are imported and both errors are listed with their line and message.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productTotal, registerProduct } from './support/api';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import { screenshot } from './support/screenshots';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

const header = 'sku,name,category,unitCost,currency,reorderPoint,barcode';

const csv = (): string => {
  const lines = [header];
  for (let i = 1; i <= 1000; i += 1) {
    const n = String(i).padStart(4, '0');
    const sku = i === 500 ? 'EXIST-1' : `IMP-${n}`;
    const cost = i === 10 ? 'twelve' : (1 + (i % 97) / 4).toFixed(2);
    lines.push(`${sku},"Imported item ${n}, boxed",Imports,${cost},EUR,${i % 40},${400000000 + i}`);
  }
  return `${lines.join('\r\n')}\r\n`;
};

describe.skipIf(!hasChromium())('CSV import', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    await registerProduct(app, { sku: 'EXIST-1', name: 'Already in the catalogue' });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('imports 998 of 1,000 rows and lists the two it could not', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/products');
    try {
      await page.getByRole('button', { name: 'Import CSV' }).click();
      await page
        .getByLabel('CSV file')
        .setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv()) });

      // Checked before sending: line 11 (row 10) is refused here with the schema's message.
      const preview = page.getByRole('dialog');
      await preview.getByText('999 ready to import').waitFor();
      await preview
        .getByRole('region', { name: 'Rows with errors' })
        .getByText('Line 11 (IMP-0010): unitCost: must be a number')
        .waitFor();
      await screenshot(page, 'products-import-preview-light');

      await preview.getByRole('button', { name: 'Import 999 products' }).click();
      const summary = preview.getByRole('status').filter({ hasText: 'imported' });
      await summary.getByText('998 imported').waitFor({ timeout: 90_000 });
      expect(await summary.textContent()).toBe('998 imported, 2 not imported.');

      const refused = preview.getByRole('table', { name: 'Rows not imported' });
      const rows = await refused.getByRole('row').allTextContents();
      expect(rows.slice(1)).toEqual([
        '11IMP-0010unitCost: must be a number',
        '501EXIST-1sku: SKU EXIST-1 is already used by another product',
      ]);
      await screenshot(page, 'products-import-report-light');

      expect(await productTotal(app)).toBe(999);
      expect(await productTotal(app, 'IMP-')).toBe(998);
      await preview.getByRole('button', { name: 'Done' }).click();
      await page.getByText('999 products match').waitFor();

      // The filtered list goes out as CSV in the importer's own columns.
      await page.getByLabel('Search products').fill('IMP-00');
      await page.getByText('98 products match').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const exported = readFileSync((await download.path()) ?? '', 'utf8')
        .trim()
        .split('\r\n');
      expect(exported).toHaveLength(99);
      expect(exported[0]).toBe(
        'sku,name,unit,barcode,category,unitCost,currency,leadTimeDays,serviceLevel,minStock,maxStock,onHand,available,onOrder,status',
      );
      expect(exported[1]).toBe(
        'IMP-0001,"Imported item 0001, boxed",ea,400000001,Imports,1.25,EUR,7,0.95,1,,0,0,0,STOCKOUT',
      );
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
