import { z } from 'zod';
import { fields, parseInput } from '../../shared';
import type { Tx } from '../db/port';
import {
  listLowStock,
  listMovements,
  listProducts,
  listPurchaseOrders,
  listReservations,
  listStockLevels,
  listSuppliers,
  listWarehouses,
  productsById,
  purchaseOrderById,
  streamHistory,
} from '../db/queries';
import type { Caller } from './caller';
import {
  movementView,
  productView,
  purchaseOrderView,
  reservationView,
  stockLevelView,
  supplierView,
} from './views';

const page = {
  limit: z.number().int().nullish(),
  nextToken: z.string().max(2048, 'is too long').nullish(),
};
const optionalId = fields.id.nullish();
const search = z.string().max(200, 'must be at most 200 characters').nullish();

type User = Extract<Caller, { kind: 'user' }>;
type QueryResolver = (tx: Tx, args: unknown, caller: User) => Promise<unknown>;

const query =
  <S extends z.ZodType>(
    schema: S,
    resolve: (tx: Tx, args: z.output<S>, caller: User) => Promise<unknown>,
  ): QueryResolver =>
  (tx, args, caller) =>
    resolve(tx, parseInput(schema, args ?? {}), caller);

const stockStatus = z.enum(['OK', 'LOW', 'STOCKOUT', 'OVERSTOCK']);

/** Every query of the schema: arguments validated, then read in a read-only transaction. */
export const queries: Readonly<Record<string, QueryResolver>> = {
  me: query(z.object({}), (_tx, _args, caller) =>
    Promise.resolve({
      userId: caller.userId,
      username: caller.username,
      tenantId: caller.tenantId,
      role: caller.role.toUpperCase(),
    }),
  ),
  products: query(
    z.object({
      filter: z
        .object({
          search,
          archived: z.boolean().nullish(),
          status: stockStatus.nullish(),
          warehouseId: optionalId,
          category: z.string().max(64, 'must be at most 64 characters').nullish(),
        })
        .nullish(),
      sort: z
        .object({
          field: z.enum(['SKU', 'NAME', 'AVAILABLE', 'UPDATED_AT']),
          direction: z.enum(['ASC', 'DESC']).nullish(),
        })
        .nullish(),
      ...page,
    }),
    async (tx, a) => {
      const result = await listProducts(tx, {
        ...a.filter,
        sort: a.sort?.field ?? null,
        descending: a.sort?.direction === 'DESC',
        limit: a.limit ?? null,
        nextToken: a.nextToken ?? null,
      });
      return { ...result, items: result.items.map(productView) };
    },
  ),
  product: query(z.object({ productId: fields.id }), async (tx, a) => {
    const [product] = await productsById(tx, [a.productId]);
    if (product === undefined) return null;
    const levels = await listStockLevels(tx, { productId: a.productId, limit: 500 });
    return { ...productView(product), levels: levels.items.map(stockLevelView) };
  }),
  warehouses: query(z.object({ includeArchived: z.boolean().nullish() }), (tx, a) =>
    listWarehouses(tx, a.includeArchived === true),
  ),
  suppliers: query(z.object({ includeArchived: z.boolean().nullish() }), async (tx, a) =>
    (await listSuppliers(tx, a.includeArchived === true)).map(supplierView),
  ),
  stockLevels: query(
    z.object({ productId: optionalId, warehouseId: optionalId, ...page }),
    (tx, a) => listStockLevels(tx, a),
  ),
  lowStock: query(z.object({}), (tx) => listLowStock(tx)),
  movements: query(
    z.object({
      filter: z
        .object({
          productId: optionalId,
          warehouseId: optionalId,
          kind: z.enum(['RECEIPT', 'ISSUE', 'ADJUSTMENT', 'TRANSFER_OUT', 'TRANSFER_IN']).nullish(),
          from: fields.dateTime.nullish(),
          to: fields.dateTime.nullish(),
        })
        .refine((f) => f.from == null || f.to == null || Date.parse(f.to) >= Date.parse(f.from), {
          message: 'must not be before filter.from',
          path: ['to'],
        })
        .nullish(),
      ...page,
    }),
    async (tx, a) => {
      const result = await listMovements(tx, {
        ...a.filter,
        limit: a.limit ?? null,
        nextToken: a.nextToken ?? null,
      });
      return { ...result, items: result.items.map(movementView) };
    },
  ),
  reservations: query(
    z.object({
      productId: optionalId,
      status: z.enum(['ACTIVE', 'RELEASED', 'EXPIRED', 'FULFILLED']).nullish(),
      ...page,
    }),
    async (tx, a) => {
      const result = await listReservations(tx, a);
      return { ...result, items: result.items.map(reservationView) };
    },
  ),
  purchaseOrders: query(
    z.object({
      status: z
        .enum([
          'DRAFT',
          'SUBMITTED',
          'PARTIALLY_RECEIVED',
          'RECEIVED',
          'CANCELLED',
          'POSTPONED',
          'CLOSED',
        ])
        .nullish(),
      productId: optionalId,
      supplierId: optionalId,
      ...page,
    }),
    async (tx, a) => {
      const result = await listPurchaseOrders(tx, a);
      return { ...result, items: result.items.map(purchaseOrderView) };
    },
  ),
  purchaseOrder: query(z.object({ purchaseOrderId: fields.id }), async (tx, a) => {
    const order = await purchaseOrderById(tx, a.purchaseOrderId);
    return order === null ? null : purchaseOrderView(order);
  }),
  history: query(
    z.object({
      stream: z
        .string()
        .regex(
          /^(product|purchase-order|warehouse|supplier):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          'must be product:, purchase-order:, warehouse: or supplier: followed by an id',
        ),
      ...page,
    }),
    async (tx, a) => {
      const result = await streamHistory(tx, a);
      return {
        ...result,
        items: result.items.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
      };
    },
  ),
};
