/** Everything a tenant's database holds, table by table in key order, to compare states exactly. */
import type { Database } from '../../cloud/db/port';

const ordered: Readonly<Record<string, string>> = {
  products: 'product_id',
  warehouses: 'warehouse_id',
  suppliers: 'supplier_id',
  stock_levels: 'product_id, warehouse_id',
  movements: 'event_id, seq',
  reservations: 'reservation_id',
  purchase_orders: 'purchase_order_id',
  purchase_order_lines: 'purchase_order_id, line_id',
};

/** The projection tables by their SQL names. */
export const projectionTableNames: readonly string[] = Object.keys(ordered);

const everything: Readonly<Record<string, string>> = {
  ...ordered,
  events: 'position',
  streams: 'stream_id',
  idempotency: 'key',
  outbox: 'outbox_id',
  counters: 'name',
};

const dump = (db: Database, tenantId: string, tables: Readonly<Record<string, string>>) =>
  db.tenant(tenantId, 'read', async (tx) => {
    const out: Record<string, unknown[]> = {};
    for (const [table, key] of Object.entries(tables)) {
      out[table] = await tx.rows(`SELECT * FROM ${table} ORDER BY ${key}`);
    }
    return out;
  });

/** The projection tables (what a rebuild reproduces). */
export const dumpProjections = (db: Database, tenantId: string) => dump(db, tenantId, ordered);

/** Every table a command can write, to prove a refused command wrote nothing. */
export const dumpAll = (db: Database, tenantId: string) => dump(db, tenantId, everything);
