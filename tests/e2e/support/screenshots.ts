/** Screenshots kept as test artifacts under test-results/screenshots/, to be looked at. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const screenshotDir = fileURLToPath(
  new URL('../../../test-results/screenshots/', import.meta.url),
);

export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
};
