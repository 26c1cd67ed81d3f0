/**
 * A command whose answer never reaches the app was still carried out on the server. Sent again
 * with the same values, it must not be carried out twice: the form sends it with the same
 * idempotency key, and the server answers with what it did the first time.
 */
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse, gql, receiveStock, registerProduct } from './support/api';
import { openApp } from './support/app';
import { hasChromium, launchChromium } from './support/browser';
import type { TestApp } from './support/server';
import { startTestApp } from './support/server';

/** The idempotency key of an issueStock request, or null for any other request. */
const issueKey = (route: Route): string | null => {
  const body = route.request().postDataJSON() as {
    query?: string;
    variables?: { input?: { idempotencyKey?: string } };
  } | null;
  return body?.query?.includes('issueStock') === true
    ? (body.variables?.input?.idempotencyKey ?? null)
    : null;
};

describe.skipIf(!hasChromium())('a command sent again after its answer was lost', () => {
  let app: TestApp;
  let browser: Browser;
  let warehouseId: string;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchChromium();
    warehouseId = await createWarehouse(app, 'MAIN', 'Main stockroom');
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const onHand = async (productId: string) =>
    (
      await gql<{ stockLevels: { items: { onHand: number }[] } }>(
        app,
        `query ($productId: ID) { stockLevels(productId: $productId) { items { onHand } } }`,
        { productId },
      )
    ).stockLevels.items[0]?.onHand;

  /**
   * Opens the issue form on a product with 20 on hand, the first issueStock answer replaced by
   * `lose` once the server has carried the command out, and the answers after it passed on.
   */
  const issueForm = async (barcode: string, lose: (route: Route) => Promise<void>) => {
    const productId = await registerProduct(app, { sku: barcode, name: 'Cable ties', barcode });
    await receiveStock(app, productId, warehouseId, 20);
    const opened = await openApp(browser, app, '#/stock/issue');
    const sent = { keys: [] as string[], answered: 0 };
    await opened.page.route('**/graphql', async (route) => {
      const key = issueKey(route);
      if (key === null) return route.fallback();
      sent.keys.push(key);
      if (sent.keys.length === 1) return lose(route);
      await route.fulfill({ response: await route.fetch() });
      sent.answered++;
    });
    const { page } = opened;
    const product = page.getByLabel('Product');
    await product.fill(barcode);
    await product.press('Enter');
    const quantity = page.getByLabel('Quantity', { exact: true });
    await expect.poll(() => quantity.evaluate((el) => el === document.activeElement)).toBe(true);
    await quantity.fill('3');
    return { ...opened, productId, quantity, sent };
  };

  /** The second attempt was answered, carried the first one's key, and 3 of 20 were issued once. */
  const issuedOnce = async (form: Awaited<ReturnType<typeof issueForm>>) => {
    await expect.poll(() => form.sent.answered).toBe(1);
    expect(form.sent.keys).toHaveLength(2);
    expect(form.sent.keys[1]).toBe(form.sent.keys[0]);
    expect(await onHand(form.productId)).toBe(17);
  };

  it('is carried out once when the connection dropped before the answer came', async () => {
    const form = await issueForm('4006381333931', async (route) => {
      await route.fetch();
      await route.abort('connectionreset');
    });
    try {
      // The app sends it again by itself: no answer at all is safe to repeat.
      await form.quantity.press('Enter');
      await issuedOnce(form);
    } finally {
      await form.close();
    }
  });

  it('is carried out once when the answer was an error although the server had done it', async () => {
    const form = await issueForm('4006381333948', async (route) => {
      await route.fetch();
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          data: null,
          errors: [
            {
              errorType: 'Internal',
              message: 'the connection to the database was lost',
              path: ['issueStock'],
            },
          ],
        }),
      });
    });
    try {
      await form.quantity.press('Enter');
      await form.page.getByText('the connection to the database was lost').waitFor();
      // The person sends the form again as it stands.
      await form.quantity.press('Enter');
      await issuedOnce(form);
    } finally {
      await form.close();
    }
  });
});
