import type { Tx } from '../port';
import type { ProductRow } from '../projection/rows';
import { tables } from '../projection/rows';
import { pgArray } from '../sql';
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
 * Products with their stock totals. Totals are computed per row after the filter and the order
 * (lateral joins), so a page of a 100,000-product catalogue sorted by SKU or name reads one page
 * of rows, not the catalogue.
 */
const base = (warehouseScoped: boolean) => `
  SELECT ${selectList(tables.products, 'p')},
         s.on_hand AS "onHand", s.reserved AS "reserved", s.on_hand - s.reserved AS "available",
         coalesce(o.on_order, 0) AS "onOrder",
         coalesce(p.min_stock, pl.reorder_point) AS "reorderPoint",
         coalesce(p.max_stock, pl.max_stock) AS "maxLevel",
         stock_status(s.on_hand - s.reserved, coalesce(p.min_stock, pl.reorder_point), coalesce(p.max_stock, pl.max_stock)) AS "status",
         lower(p.sku) AS k_sku, lower(p.name) AS k_name
  FROM products p
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(sl.on_hand), 0)::integer AS on_hand, coalesce(sum(sl.reserved), 0)::integer AS reserved
    FROM stock_levels sl
    WHERE sl.tenant_id = p.tenant_id AND sl.product_id = p.product_id
      ${warehouseScoped ? 'AND sl.warehouse_id = :warehouseId::uuid' : ''}
  ) s
  LEFT JOIN on_order o ON o.tenant_id = p.tenant_id AND o.product_id = p.product_id
  LEFT JOIN product_planning pl ON pl.tenant_id = p.tenant_id AND pl.product_id = p.product_id`;

const sortKeys: Record<
  ProductSortField,
  { expr: string; field: string; numeric: boolean; part: CursorPart }
> = {
  SKU: { expr: 'k_sku', field: 'kSku', numeric: false, part: 'text' },
  NAME: { expr: 'k_name', field: 'kName', numeric: false, part: 'text' },
  AVAILABLE: { expr: '"available"', field: 'available', numeric: true, part: 'int' },
  UPDATED_AT: { expr: '"updatedAt"', field: 'updatedAt', numeric: false, part: 'time' },
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

const EXACT = `(lower(p.sku) = lower(:search) OR lower(p.barcode) = lower(:search))`;

/**
 * Filters on the product row; each is a fixed fragment, its value a parameter. With a search, the
 * exact SKU or barcode matches are kept apart (`exact`) so the first page can lead with them.
 */
const filters = (q: ProductQuery) => {
  const where: string[] = ['p.archived = :archived'];
  const params: Record<string, string | number | boolean> = { archived: q.archived ?? false };
  const search = q.search?.trim();
  if (search) {
    where.push(
      `(lower(p.sku) LIKE lower(:pattern) OR lower(p.name) LIKE lower(:pattern) OR lower(p.barcode) = lower(:search))`,
    );
    params['pattern'] = containsPattern(search);
    params['search'] = search;
  }
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
  return {
    /** Every match. */
    all,
    /** Matches other than the exact ones (the sorted, paged part). */
    rest: search ? `${all} AND NOT coalesce(${EXACT}, false)` : all,
    /** The exact SKU or barcode matches, or null without a search. */
    exact: search ? `${all} AND ${EXACT}` : null,
    params,
  };
};

/** One page of products, sorted, with the total count of matches. */
export const listProducts = async (tx: Tx, q: ProductQuery) => {
  const limit = pageSize(q.limit);
  const sortField = q.sort ?? 'SKU';
  const sort = sortKeys[sortField];
  const descending = q.descending === true;
  // A token continues one order only: its list names the sort, so another sort's token is refused.
  const shape = {
    list: `products:${sortField}:${descending ? 'DESC' : 'ASC'}`,
    parts: [sort.part, 'uuid'],
  } as const;
  const cursor = decodeCursor(q.nextToken, shape);
  const { all, rest, exact, params } = filters(q);
  const statusFilter = q.status ? ' WHERE "status" = :status' : '';
  const matching = `SELECT * FROM (${base(Boolean(q.warehouseId))} WHERE ${rest}) b${statusFilter}`;
  const after =
    cursor === null
      ? ''
      : `WHERE (${sort.expr}, "productId") ${descending ? '<' : '>'} (:afterKey${sort.numeric ? '::integer' : '::text'}, :afterId::uuid)`;
  const direction = descending ? 'DESC' : 'ASC';
  const rows = await tx.rows<Row>(
    `SELECT * FROM (${matching}) m ${after} ORDER BY ${sort.expr} ${direction}, "productId" ${direction} LIMIT :take`,
    cursor === null
      ? { ...params, take: limit + 1 }
      : { ...params, take: limit + 1, afterKey: cursor[0] ?? null, afterId: cursor[1] ?? null },
  );
  // A scanned barcode or typed SKU is what the user wants: it leads the first page, before the order.
  const first =
    exact !== null && cursor === null
      ? await tx.rows<Row>(
          `SELECT * FROM (${base(Boolean(q.warehouseId))} WHERE ${exact}) b${statusFilter} ORDER BY "productId"`,
          params,
        )
      : [];
  // Without a status filter the count needs no stock totals.
  const counted = await tx.one<{ total: number }>(
    q.status
      ? `SELECT count(*)::integer AS total FROM (${base(Boolean(q.warehouseId))} WHERE ${all}) b${statusFilter}`
      : `SELECT count(*)::integer AS total FROM products p WHERE ${all}`,
    q.status ? params : Object.fromEntries(Object.entries(params).filter(([k]) => k !== 'status')),
  );
  const sortValue = (r: Row): string | number =>
    sort.field === 'kSku'
      ? r.k_sku
      : sort.field === 'kName'
        ? r.k_name
        : r[sort.field as 'available' | 'updatedAt'];
  const page = pageOf(rows, limit, shape, (r) => [sortValue(r), r.productId]);
  return {
    items: [...first, ...page.items].map(toView),
    nextToken: page.nextToken,
    total: counted?.total ?? 0,
  };
};

/** Products by id, with stock totals (missing ids are left out). */
export const productsById = async (tx: Tx, ids: readonly string[]): Promise<ProductView[]> => {
  if (ids.length === 0) return [];
  const rows = await tx.rows<Row>(`${base(false)} WHERE p.product_id = ANY(:ids::uuid[])`, {
    ids: pgArray(ids),
  });
  return rows.map(toView);
};
