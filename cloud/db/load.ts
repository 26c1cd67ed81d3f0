import type { OpenOrders } from '../../shared';
import type { SqlParams, Tx } from './port';
import { RowSet } from './projection/row-set';
import type { RowTypes, TableName } from './projection/rows';
import { tables } from './projection/rows';
import type { Table } from './tables';
import { eachOf } from './sql';
import { selectList } from './tables';

/** What a command needs read (and which streams it locks) before it can decide. */
export interface LoadPlan {
  /** Streams to lock for this transaction (FOR UPDATE, in a fixed order against deadlocks). */
  readonly streams?: readonly string[];
  /** Idempotency keys whose stored results to read. */
  readonly idempotencyKeys?: readonly string[];
  readonly products?: readonly string[];
  /** Every warehouse's stock of these products. */
  readonly stockOf?: readonly string[];
  readonly reservations?: readonly string[];
  /** The active reservations of these products. */
  readonly activeReservationsOf?: readonly string[];
  readonly warehouses?: readonly string[];
  readonly suppliers?: readonly string[];
  /** Purchase orders with their lines. */
  readonly purchaseOrders?: readonly string[];
  /** Look up which product holds this SKU (case-insensitive) / barcode, which warehouse this code. */
  readonly skuOwner?: string;
  readonly barcodeOwner?: string;
  readonly warehouseCodeOwner?: string;
  /** Units on hand in this warehouse, all products together. */
  readonly warehouseOnHand?: string;
  /**
   * How many purchase orders of this supplier are open (drafts, and orders not fully received),
   * and how many of those are drafts and how many partly received.
   */
  readonly supplierOpenOrders?: string;
  /** The SKU of each of these products, and its units still due on open orders, all together. */
  readonly onOrderOf?: readonly string[];
}

/** What an earlier request with the same idempotency key asked, and what it returned. */
export interface StoredResult {
  readonly command: string;
  readonly requestHash: string;
  readonly result: unknown;
}

/**
 * The lookups a plan may ask for that cannot be merged: those with one value per plan, and units
 * on order, which one command's decision changes for the next.
 */
const unmergeable = [
  'skuOwner',
  'barcodeOwner',
  'warehouseCodeOwner',
  'warehouseOnHand',
  'supplierOpenOrders',
  'onOrderOf',
] as const;

/** Whether a plan can be merged with others into one load (it asks for no lookup of those). */
export const mergeable = (plan: LoadPlan): boolean =>
  unmergeable.every((k) => plan[k] === undefined);

const union = (lists: readonly (readonly string[] | undefined)[]) => [
  ...new Set(lists.flatMap((l) => l ?? [])),
];

/** One plan reading and locking what all the given plans do; their unmergeable lookups, if any, from the first. */
export const mergePlans = (plans: readonly LoadPlan[]): LoadPlan => ({
  ...plans[0],
  streams: union(plans.map((p) => p.streams)),
  idempotencyKeys: union(plans.map((p) => p.idempotencyKeys)),
  products: union(plans.map((p) => p.products)),
  stockOf: union(plans.map((p) => p.stockOf)),
  reservations: union(plans.map((p) => p.reservations)),
  activeReservationsOf: union(plans.map((p) => p.activeReservationsOf)),
  warehouses: union(plans.map((p) => p.warehouses)),
  suppliers: union(plans.map((p) => p.suppliers)),
  purchaseOrders: union(plans.map((p) => p.purchaseOrders)),
});

/** A product's SKU, and its units still due on open orders, all together. */
export interface OnOrder {
  readonly sku: string;
  readonly units: number;
}

const NO_OPEN_ORDERS: OpenOrders = { open: 0, drafts: 0, partlyReceived: 0 };

/** What the loader found. */
export interface Loaded {
  readonly versions: ReadonlyMap<string, number>;
  /** Stored results by idempotency key. */
  readonly idempotency: ReadonlyMap<string, StoredResult>;
  readonly rows: RowSet;
  readonly skuOwner: string | null;
  readonly barcodeOwner: string | null;
  readonly warehouseCodeOwner: string | null;
  readonly warehouseOnHand: number;
  readonly supplierOpenOrders: OpenOrders;
  /** Each product of `onOrderOf`: its SKU, and its units due on open orders. */
  readonly onOrder: ReadonlyMap<string, OnOrder>;
}

const list = (sql: string) => `(SELECT coalesce(json_agg(x), '[]'::json) FROM (${sql}) x)`;

/** The rows whose `column` is one of the ids in `param` (see `eachOf`). */
const byIds = (
  from: string,
  columns: string,
  column: string,
  param: string,
  options: { readonly type?: 'uuid' | 'text'; readonly also?: string } = {},
) =>
  `SELECT x.* FROM ${eachOf(
    param,
    options.type ?? 'uuid',
    `SELECT ${columns} FROM ${from} WHERE ${column} = k.id${options.also === undefined ? '' : ` AND ${options.also}`}`,
  )}`;

const select = <T extends TableName>(name: T, column: string, param: string, also?: string) => {
  const table = tables[name] as unknown as Table<RowTypes[T]>;
  return list(byIds(table.name, selectList(table), column, param, { also }));
};

interface Section {
  readonly when: (plan: LoadPlan) => boolean;
  readonly sql: string;
  readonly params: (plan: LoadPlan) => SqlParams;
}

const ids = (v: readonly string[] | undefined) => v ?? [];

/** Each part of the load statement; only the parts a plan needs go into its statement. */
const sections: Record<string, Section> = {
  streams: {
    when: (p) => (p.streams?.length ?? 0) > 0,
    // Each stream's version as locked, and as the statement's snapshot holds it (see `load`).
    sql: `(SELECT coalesce(json_agg(json_build_object('stream', l.stream, 'version', l.version,
            'seen', (SELECT s.version FROM streams s WHERE s.stream_id = l.stream))), '[]'::json)
           FROM lock l)`,
    params: (p) => ({ streams: ids(p.streams) }),
  },
  idempotency: {
    when: (p) => (p.idempotencyKeys?.length ?? 0) > 0,
    sql: list(
      byIds(
        'idempotency',
        `key, command, request_hash AS "requestHash", result`,
        'key',
        'idempotencyKeys',
        { type: 'text' },
      ),
    ),
    params: (p) => ({ idempotencyKeys: ids(p.idempotencyKeys) }),
  },
  products: {
    when: (p) => (p.products?.length ?? 0) > 0,
    sql: select('products', 'product_id', 'products'),
    params: (p) => ({ products: ids(p.products) }),
  },
  stockLevels: {
    when: (p) => (p.stockOf?.length ?? 0) > 0,
    sql: select('stockLevels', 'product_id', 'stockOf'),
    params: (p) => ({ stockOf: ids(p.stockOf) }),
  },
  reservations: {
    when: (p) => (p.reservations?.length ?? 0) > 0,
    sql: select('reservations', 'reservation_id', 'reservations'),
    params: (p) => ({ reservations: ids(p.reservations) }),
  },
  activeReservations: {
    when: (p) => (p.activeReservationsOf?.length ?? 0) > 0,
    sql: select('reservations', 'product_id', 'activeReservationsOf', `status = 'active'`),
    params: (p) => ({ activeReservationsOf: ids(p.activeReservationsOf) }),
  },
  warehouses: {
    when: (p) => (p.warehouses?.length ?? 0) > 0,
    sql: select('warehouses', 'warehouse_id', 'warehouses'),
    params: (p) => ({ warehouses: ids(p.warehouses) }),
  },
  suppliers: {
    when: (p) => (p.suppliers?.length ?? 0) > 0,
    sql: select('suppliers', 'supplier_id', 'suppliers'),
    params: (p) => ({ suppliers: ids(p.suppliers) }),
  },
  purchaseOrders: {
    when: (p) => (p.purchaseOrders?.length ?? 0) > 0,
    sql: select('purchaseOrders', 'purchase_order_id', 'purchaseOrders'),
    params: (p) => ({ purchaseOrders: ids(p.purchaseOrders) }),
  },
  purchaseOrderLines: {
    when: (p) => (p.purchaseOrders?.length ?? 0) > 0,
    sql: select('purchaseOrderLines', 'purchase_order_id', 'purchaseOrders'),
    params: (p) => ({ purchaseOrders: ids(p.purchaseOrders) }),
  },
  skuOwner: {
    when: (p) => p.skuOwner !== undefined,
    sql: `(SELECT product_id FROM products WHERE lower(sku) = lower(:sku))`,
    params: (p) => ({ sku: p.skuOwner ?? '' }),
  },
  barcodeOwner: {
    when: (p) => p.barcodeOwner !== undefined,
    sql: `(SELECT product_id FROM products WHERE barcode = :barcode)`,
    params: (p) => ({ barcode: p.barcodeOwner ?? '' }),
  },
  warehouseCodeOwner: {
    when: (p) => p.warehouseCodeOwner !== undefined,
    sql: `(SELECT warehouse_id FROM warehouses WHERE lower(code) = lower(:code))`,
    params: (p) => ({ code: p.warehouseCodeOwner ?? '' }),
  },
  warehouseOnHand: {
    when: (p) => p.warehouseOnHand !== undefined,
    // All the warehouse's products together may hold more units than an integer takes.
    sql: `(SELECT coalesce(sum(on_hand), 0)::bigint FROM stock_levels WHERE warehouse_id = :onHandOf::uuid)`,
    params: (p) => ({ onHandOf: p.warehouseOnHand ?? '' }),
  },
  supplierOpenOrders: {
    when: (p) => p.supplierOpenOrders !== undefined,
    sql: `(SELECT json_build_object('open', count(*)::integer,
             'drafts', (count(*) FILTER (WHERE status = 'draft'))::integer,
             'partlyReceived', (count(*) FILTER (WHERE status = 'partially_received'))::integer)
           FROM purchase_orders WHERE supplier_id = :openOrdersOf::uuid
           AND status IN ('draft', 'submitted', 'postponed', 'partially_received'))`,
    params: (p) => ({ openOrdersOf: p.supplierOpenOrders ?? '' }),
  },
  onOrder: {
    when: (p) => (p.onOrderOf?.length ?? 0) > 0,
    // Added up as a bigint, so the sum is what it is however many orders there are.
    sql: list(
      `SELECT k.id AS "productId", x.sku, x.units FROM ${eachOf(
        'onOrderOf',
        'uuid',
        `SELECT p.sku, (SELECT coalesce(sum(greatest(l.quantity_ordered - l.quantity_received, 0)), 0)::bigint
                        FROM purchase_order_lines l JOIN purchase_orders o USING (tenant_id, purchase_order_id)
                        WHERE l.product_id = k.id
                          AND o.status IN ('submitted', 'postponed', 'partially_received')) AS units
         FROM products p WHERE p.product_id = k.id`,
      )}`,
    ),
    params: (p) => ({ onOrderOf: ids(p.onOrderOf) }),
  },
};

// Locked in one order everywhere, against deadlocks.
const LOCK = `lock AS (SELECT x.* FROM ${eachOf(
  'streams',
  'text',
  `SELECT stream_id AS "stream", version FROM streams WHERE stream_id = k.id FOR UPDATE`,
)})`;

const statements = new Map<string, string>();

const statementFor = (names: readonly string[]): string => {
  const id = names.join(',');
  let sql = statements.get(id);
  if (sql === undefined) {
    const columns = names.map((n) => `${sections[n]!.sql} AS "${n}"`).join(',\n  ');
    sql = names.includes('streams') ? `WITH ${LOCK} SELECT ${columns}` : `SELECT ${columns}`;
    statements.set(id, sql);
  }
  return sql;
};

type Found = Partial<Record<string, unknown>>;

/** Runs of the load statement at most, each after another transaction's commit (see `load`). */
const MAX_LOADS = 8;

/** A locked stream's version, and the version the statement's snapshot holds of it. */
interface LockedStream {
  readonly stream: string;
  readonly version: number;
  readonly seen: number;
}

/**
 * Locks the plan's streams and reads everything it names in one statement.
 *
 * Under READ COMMITTED a statement reads what was committed when it began, but a row it locks is
 * the row's latest version, committed even while it waited for the lock. So when another
 * transaction held a stream and committed meanwhile, the statement found that stream's new
 * version beside the state from before that commit: a decision on it would be appended after
 * events it never saw (a count taking off what an issue had already taken). The statement says so
 * (a stream's version in its snapshot is behind the one locked), and is run again: holding the
 * locks now, it reads the state they guard as it is.
 */
export const load = async (tx: Tx, plan: LoadPlan): Promise<Loaded> => {
  const names = Object.keys(sections).filter((n) => sections[n]!.when(plan));
  const rows = new RowSet();
  if (names.length === 0) {
    return {
      versions: new Map(),
      idempotency: new Map(),
      rows,
      skuOwner: null,
      barcodeOwner: null,
      warehouseCodeOwner: null,
      warehouseOnHand: 0,
      supplierOpenOrders: NO_OPEN_ORDERS,
      onOrder: new Map(),
    };
  }
  const params = Object.assign({}, ...names.map((n) => sections[n]!.params(plan))) as SqlParams;
  const statement = statementFor(names);
  let found: Found = {};
  for (let run = 1; ; run++) {
    found = (await tx.one<Found>(statement, params)) ?? {};
    const locked = (found['streams'] as LockedStream[] | undefined) ?? [];
    if (locked.every((s) => s.seen === s.version)) break;
    // A stream locked in an earlier run cannot move, so a later run waits only for one it locks
    // for the first time: a stream another transaction began, and held, since that run.
    if (run === MAX_LOADS) throw new Error(`the streams kept moving through ${run} loads`);
  }
  const many = <T>(key: string) => (found[key] as T[] | undefined) ?? [];
  rows.load('products', many('products'));
  rows.load('stockLevels', many('stockLevels'));
  rows.load('reservations', [
    ...many<RowTypes['reservations']>('reservations'),
    ...many<RowTypes['reservations']>('activeReservations'),
  ]);
  rows.load('warehouses', many('warehouses'));
  rows.load('suppliers', many('suppliers'));
  rows.load('purchaseOrders', many('purchaseOrders'));
  rows.load('purchaseOrderLines', many('purchaseOrderLines'));
  const versions = new Map(
    many<{ stream: string; version: number }>('streams').map((s) => [s.stream, s.version]),
  );
  return {
    versions,
    idempotency: new Map(
      many<StoredResult & { key: string }>('idempotency').map((r) => [r.key, r]),
    ),
    rows,
    skuOwner: (found['skuOwner'] as string | undefined) ?? null,
    barcodeOwner: (found['barcodeOwner'] as string | undefined) ?? null,
    warehouseCodeOwner: (found['warehouseCodeOwner'] as string | undefined) ?? null,
    warehouseOnHand: (found['warehouseOnHand'] as number | undefined) ?? 0,
    supplierOpenOrders: (found['supplierOpenOrders'] as OpenOrders | undefined) ?? NO_OPEN_ORDERS,
    onOrder: new Map(
      many<OnOrder & { productId: string }>('onOrder').map(({ productId, sku, units }) => [
        productId,
        { sku, units },
      ]),
    ),
  };
};
