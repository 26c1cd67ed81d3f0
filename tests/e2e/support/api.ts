/** GraphQL against the test backend, for setting up data and checking results outside the UI. */
import { randomUUID } from 'node:crypto';
import type { TestApp } from './server';

export const gql = async <T = Record<string, unknown>>(
  app: TestApp,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> => {
  const response = await fetch(app.backend.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: app.backend.token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
};

const key = () => `e2e:${randomUUID()}`;

/** Runs a command mutation, taking `inputType`, under a fresh idempotency key. */
export const command = (
  app: TestApp,
  mutation: string,
  inputType: string,
  input: Record<string, unknown>,
) =>
  gql(app, `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { replayed } }`, {
    input: { idempotencyKey: key(), ...input },
  });

export const createWarehouse = async (app: TestApp, code: string, name: string) =>
  (
    await gql<{ createWarehouse: { warehouses: { warehouseId: string }[] } }>(
      app,
      `mutation ($input: CreateWarehouseInput!) { createWarehouse(input: $input) { warehouses { warehouseId } } }`,
      { input: { idempotencyKey: key(), code, name } },
    )
  ).createWarehouse.warehouses[0]!.warehouseId;

export const createSupplier = async (
  app: TestApp,
  name: string,
  terms: { packSize?: number; minimumOrderQuantity?: number } = {},
) =>
  (
    await gql<{ createSupplier: { suppliers: { supplierId: string }[] } }>(
      app,
      `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { suppliers { supplierId } } }`,
      { input: { idempotencyKey: key(), name, ...terms } },
    )
  ).createSupplier.suppliers[0]!.supplierId;

export const registerProduct = async (app: TestApp, input: Record<string, unknown>) =>
  (
    await gql<{ registerProduct: { products: { productId: string }[] } }>(
      app,
      `mutation ($input: RegisterProductInput!) { registerProduct(input: $input) { products { productId } } }`,
      {
        input: { idempotencyKey: key(), unitCost: { amountMinor: 250, currency: 'EUR' }, ...input },
      },
    )
  ).registerProduct.products[0]!.productId;

export const receiveStock = (
  app: TestApp,
  productId: string,
  warehouseId: string,
  quantity: number,
) =>
  gql(app, `mutation ($input: ReceiveStockInput!) { receiveStock(input: $input) { replayed } }`, {
    input: { idempotencyKey: key(), productId, warehouseId, quantity },
  });

export const productTotal = async (app: TestApp, search?: string) =>
  (
    await gql<{ products: { total: number } }>(
      app,
      `query ($filter: ProductFilter) { products(filter: $filter, limit: 1) { total } }`,
      { filter: search === undefined ? null : { search } },
    )
  ).products.total;

/** A draft order of `lines` (product id and quantity, at 2.50 EUR each); returns its id. */
export const draftPurchaseOrder = async (
  app: TestApp,
  supplierId: string,
  warehouseId: string,
  lines: readonly { productId: string; quantity: number }[],
) =>
  (
    await gql<{ draftPurchaseOrder: { purchaseOrders: { purchaseOrderId: string }[] } }>(
      app,
      `mutation ($input: DraftPurchaseOrderInput!) { draftPurchaseOrder(input: $input) { purchaseOrders { purchaseOrderId } } }`,
      {
        input: {
          idempotencyKey: key(),
          supplierId,
          warehouseId,
          expectedAt: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
          lines: lines.map((l) => ({ ...l, unitCost: { amountMinor: 250, currency: 'EUR' } })),
        },
      },
    )
  ).draftPurchaseOrder.purchaseOrders[0]!.purchaseOrderId;
