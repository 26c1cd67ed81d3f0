import type { Tx } from '../port';
import type { ProductRow } from '../projection/rows';
import { tables } from '../projection/rows';
import { eachOf } from '../sql';
import { selectList } from '../tables';
import type { CursorPart } from './paging';
import { containsPattern, decodeCursor, pageOf, pageSize } from './paging';

export type StockStatus = 'OK' | 'LOW' | 'STOCKOUT' | 'OVERSTOCK';
export type ProductSortField = 'SKU' | 'NAME' | 'AVAILABLE' | 'UPDATED_AT';

export interface ProductStock {
  onHand: number;
  reserved: number;
  available: number;
  onOrder: number;
  reorderPoint: number | null;
  maxStock: number | null;
  status: StockStatus;
}

export type ProductView = ProductRow & { stock: ProductStock };

export interface ProductQuery {
  readonly search?: string | null;
  readonly archived?: boolean | null;
  readonly status?: StockStatus | null;
  readonly warehouseId?: string | null;
  readonly category?: string | null;
  readonly sort?: ProductSortField | null;
  readonly descending?: boolean | null;
  readonly limit?: number | null;
  readonly nextToken?: string | null;
}

/**
 * Products with their stock totals, from `source` (the products table or a page of it, as `p`).
 * Totals and quantities on order are computed per row after the filter and the order (a lateral
 * join, a subquery), so a page of a 100,000-product catalogue sorted by SKU or name reads one page
 * of rows, not the catalogue, and a few products by id read their own orders, not the tenant's.
 */
const withStock = (source: string, warehouseScoped: boolean) => `
  SELECT ${selectList(tables.products, 'p')},
         s.on_hand AS "onHand", s.reserved AS "reserved", s.on_hand - s.reserved AS "available",
         coalesce((SELECT sum(greatest(l.quantity_ordered - l.quantity_received, 0))::integer
                   FROM purchase_order_lines l
                   WHERE l.tenant_id = p.tenant_id AND l.product_id = p.product_id
                     AND (SELECT o.status FROM purchase_orders o WHERE o.tenant_id = l.tenant_id
                          AND o.purchase_order_id = l.purchase_order_id) IN ('submitted', 'postponed', 'partially_received')), 0) AS "onOrder",
         coalesce(p.min_stock, pl.reorder_point) AS "reorderPoint",
         coalesce(p.max_stock, pl.max_stock) AS "maxLevel",
         stock_status(s.on_hand - s.reserved, coalesce(p.min_stock, pl.reorder_point), coalesce(p.max_stock, pl.max_stock)) AS "status",
         p.sku_key AS k_sku, p.name_key AS k_name
  FROM ${source}
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(sl.on_hand), 0)::integer AS on_hand, coalesce(sum(sl.reserved), 0)::integer AS reserved
    FROM stock_levels sl
    WHERE sl.tenant_id = p.tenant_id AND sl.product_id = p.product_id
      ${warehouseScoped ? 'AND sl.warehouse_id = :warehouseId::uuid' : ''}
  ) s
  LEFT JOIN product_planning pl ON pl.tenant_id = p.tenant_id AND pl.product_id = p.product_id`;

/**
 * Each sort: its key on a product row (`column`, null when it needs the stock totals), the same
 * key among the rows `withStock` returns (`output`), and how a cursor carries it.
 */
const sortKeys: Record<
  ProductSortField,
  { column: string | null; output: string; part: CursorPart }
> = {
  SKU: { column: 'p.sku_key', output: 'k_sku', part: 'text' },
  NAME: { column: 'p.name_key', output: 'k_name', part: 'text' },
  AVAILABLE: { column: null, output: '"available"', part: 'int' },
  // The output is iso_time() text, which sorts as the times do.
  UPDATED_AT: { column: 'p.updated_at', output: '"updatedAt"', part: 'time' },
};

interface Row extends ProductRow {
  onHand: number;
  reserved: number;
  available: number;
  onOrder: number;
  reorderPoint: number | null;
  maxLevel: number | null;
  status: StockStatus;
  k_sku: string;
  k_name: string;
}

const toView = (r: Row): ProductView => {
  const {
    onHand,
    reserved,
    available,
    onOrder,
    reorderPoint,
    maxLevel,
    status,
    k_sku: _s,
    k_name: _n,
    ...product
  } = r;
  return {
    ...product,
    stock: { onHand, reserved, available, onOrder, reorderPoint, maxStock: maxLevel, status },
  };
};

/**
 * Where a list's products come from, as `p`, and the conditions that select them; each filter is a
 * fixed fragment, its value a parameter.
 *
 * A search calls product_search (see migrations 0006 and 0008) once per statement, in `matched`:
 * the hits with what filtering, counting and ordering need, so that only the rows of the page are
 * read from products. `exact` marks an SKU or barcode equal to the term, which leads the first
 * page.
 */
const sources = (q: ProductQuery) => {
  const where: string[] = ['p.archived = :archived'];
  const params: Record<string, string | number | boolean> = { archived: q.archived ?? false };
  const search = q.search?.trim().toLowerCase();
  if (q.category) {
    where.push('p.category = :category');
    params['category'] = q.category;
  }
  if (q.warehouseId) {
    where.push(
      `EXISTS (SELECT 1 FROM stock_levels w WHERE w.product_id = p.product_id AND w.warehouse_id = :warehouseId::uuid)`,
    );
    params['warehouseId'] = q.warehouseId;
  }
  if (q.status) params['status'] = q.status;
  const all = where.join(' AND ');
  if (!search) {
    return {
      ctes: '',
      /** Every product, with the conditions a match meets. */
      from: 'products p',
      all,
      /** Matches other than the exact ones (the sorted, paged part). */
      rest: all,
      /** The exact matches, or null without a search. */
      lead: null,
      /** `p` rows meeting `conditions`, in `order`, at most :take of them. */
      page: (conditions: string, order: string) =>
        `(SELECT p.* FROM products p WHERE ${conditions} ORDER BY ${order} LIMIT :take) p`,
      count: `SELECT count(*)::integer AS total FROM products p WHERE ${all}`,
      params,
    };
  }
  params['term'] = search;
  params['pattern'] = containsPattern(search);
  return {
    ctes: `WITH matched AS MATERIALIZED (
       SELECT p.product_id, p.exact, p.sku_key, p.name_key, p.updated_at
       FROM product_search(:term, :pattern) p WHERE ${all}) `,
    from: `(SELECT pr.*, m.exact FROM matched m JOIN products pr USING (product_id)) p`,
    all: 'true',
    rest: 'NOT p.exact',
    lead: 'p.exact',
    page: (conditions: string, order: string) =>
      `(SELECT pr.* FROM (SELECT p.product_id FROM matched p WHERE ${conditions} ORDER BY ${order} LIMIT :take) k
        JOIN products pr USING (product_id)) p`,
    count: 'SELECT count(*)::integer AS total FROM matched',
    params,
  };
};

interface PagedRow extends Row {
  /** The count of every match, on every row (and alone on a row of nulls when nothing matched). */
  total: number;
  /** 0 for the exact matches that lead the first page, 1 for the page; null on the empty row. */
  part: 0 | 1 | null;
  ord: number | null;
}

/**
 * One page of products, sorted, with the total count of matches: one statement, so a search
 * runs once whatever the page needs from it.
 */
export const listProducts = async (tx: Tx, q: ProductQuery) => {
  const limit = pageSize(q.limit);
  const sortField = q.sort ?? 'SKU';
  const sort = sortKeys[sortField];
  const descending = q.descending === true;
  const direction = descending ? 'DESC' : 'ASC';
  // A token continues one order only: its list names the sort, so another sort's token is refused.
  const shape = {
    list: `products:${sortField}:${descending ? 'DESC' : 'ASC'}`,
    parts: [sort.part, 'uuid'],
  } as const;
  const cursor = decodeCursor(q.nextToken, shape);
  const { ctes, from, all, rest, lead, page: pageOfKeys, count: plainCount, params } = sources(q);
  const scoped = Boolean(q.warehouseId);
  const statusFilter = q.status ? 'WHERE "status" = :status' : '';
  const after = (key: string, id: string, cast: string) =>
    cursor === null
      ? 'true'
      : `(${key}, ${id}) ${descending ? '<' : '>'} (:afterKey::${cast}, :afterId::uuid)`;
  const keyCast = { text: 'text', int: 'integer', time: 'timestamptz', uuid: 'uuid' }[sort.part];
  // Sorted by a product column, the page is chosen by its key alone and only its rows get stock
  // totals; sorted or filtered by stock, every match needs its totals first.
  const page =
    sort.column !== null && !q.status
      ? withStock(
          pageOfKeys(
            `${rest} AND ${after(sort.column, 'p.product_id', keyCast)}`,
            `${sort.column} ${direction}, p.product_id ${direction}`,
          ),
          scoped,
        )
      : `SELECT * FROM (${withStock(from, scoped)} WHERE ${rest}) b ${statusFilter}
         ${statusFilter ? 'AND' : 'WHERE'} ${after(sort.output, '"productId"', sort.part === 'time' ? 'text' : keyCast)}
         ORDER BY ${sort.output} ${direction}, "productId" ${direction} LIMIT :take`;
  // A scanned barcode or typed SKU is what the user wants: it leads the first page, before the order.
  const leading =
    lead !== null && cursor === null
      ? `SELECT 0 AS part, 0::bigint AS ord, l.* FROM (
           SELECT * FROM (${withStock(from, scoped)} WHERE ${lead}) b ${statusFilter}) l
         UNION ALL `
      : '';
  // Without a status filter the count needs no stock totals.
  const count = q.status
    ? `SELECT count(*)::integer AS total FROM (${withStock(from, scoped)} WHERE ${all}) b ${statusFilter}`
    : plainCount;
  const rows = await tx.rows<PagedRow>(
    `${ctes}
     SELECT c.total, r.* FROM (${count}) c
     LEFT JOIN LATERAL (
       ${leading}
       SELECT 1 AS part, row_number() OVER (ORDER BY ${sort.output} ${direction}, "productId" ${direction}) AS ord, pg.*
       FROM (${page}) pg
     ) r ON true
     ORDER BY r.part, r.ord, r."productId"`,
    cursor === null
      ? { ...params, take: limit + 1 }
      : { ...params, take: limit + 1, afterKey: cursor[0] ?? null, afterId: cursor[1] ?? null },
  );
  const total = rows[0]?.total ?? 0;
  const found = rows
    .filter((r) => r.part !== null)
    .map(({ total: _t, part, ord: _o, ...r }) => ({ part, row: r }));
  const first = found.filter((f) => f.part === 0).map((f) => f.row);
  const sortValue = (r: Row): string | number =>
    sortField === 'SKU'
      ? r.k_sku
      : sortField === 'NAME'
        ? r.k_name
        : sortField === 'AVAILABLE'
          ? r.available
          : r.updatedAt;
  const paged = pageOf(
    found.filter((f) => f.part === 1).map((f) => f.row),
    limit,
    shape,
    (r) => [sortValue(r), r.productId],
  );
  return { items: [...first, ...paged.items].map(toView), nextToken: paged.nextToken, total };
};

/** Products by id, with stock totals (missing ids are left out). */
export const productsById = async (tx: Tx, ids: readonly string[]): Promise<ProductView[]> => {
  if (ids.length === 0) return [];
  const rows = await tx.rows<Row>(
    withStock(eachOf('ids', 'uuid', 'SELECT * FROM products WHERE product_id = k.id', 'p'), false),
    { ids },
  );
  return rows.map(toView);
};
