/** Opening the app in a page, and noticing when the page itself reports errors. */
import type { Browser, Page } from 'playwright-core';
import { newContext } from './browser';
import type { TestApp } from './server';

export interface OpenedPage {
  readonly page: Page;
  /** Errors the page threw or logged; a test expects none. */
  readonly errors: string[];
  readonly close: () => Promise<void>;
}

/** Opens the app at `hash` (e.g. `#/products`) and waits until it has started. */
export const openApp = async (
  browser: Browser,
  app: TestApp,
  hash = '#/',
  theme: 'light' | 'dark' = 'light',
): Promise<OpenedPage> => {
  const context = await newContext(browser, theme);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(`${app.url}${hash}`);
  await page.getByRole('navigation', { name: 'Screens' }).waitFor();
  return { page, errors, close: () => context.close() };
};

/** Goes to a screen by its sidebar link, as a user would; its title is the link's name. */
export const openScreen = async (page: Page, name: string): Promise<void> => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
};
