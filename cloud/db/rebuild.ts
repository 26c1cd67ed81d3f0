import type { StockMateEvent } from '../../shared';
import { notFound } from '../../shared/core';
import type { Database, Tx } from './port';
import { project } from './projection/project';
import { RowSet } from './projection/row-set';
import type { TableName } from './projection/rows';
import { tables } from './projection/rows';
import type { Table } from './tables';
import { rowParams, writeStatement } from './tables';

/** The projections, children first (as `empty_projections()` empties them); written parents first. */
const projectionTables: readonly TableName[] = [
  'purchaseOrderLines',
  'purchaseOrders',
  'movements',
  'reservations',
  'stockLevels',
  'products',
  'warehouses',
  'suppliers',
];

interface StoredEvent {
  position: number;
  eventId: string;
  type: StockMateEvent['type'];
  payload: unknown;
  actor: string;
  occurredAt: string;
}

// Only what projections use: the timestamps go straight back into timestamptz columns, so their
// text form does not matter here and the cheap one is taken.
const READ_PAGE = `SELECT position, event_id AS "eventId", type, payload, metadata->>'actor' AS actor, occurred_at AS "occurredAt"
  FROM events WHERE position > :after ORDER BY position LIMIT :limit`;

/** How rows are written: `rows` at most a statement and, where requests are limited, `bytes`. */
interface Chunks {
  readonly rows: number;
  readonly bytes: number | null;
}

/** The end of the next statement's rows from `start`: a row at least, however big. */
const chunkEnd = (rows: readonly unknown[], start: number, chunks: Chunks): number => {
  const end = Math.min(start + chunks.rows, rows.length);
  if (chunks.bytes === null) return end;
  let size = 0;
  for (let i = start; i < end; i++) {
    size += Buffer.byteLength(JSON.stringify(rows[i]));
    if (size > chunks.bytes && i > start) return i;
  }
  return end;
};

const writeRows = async (tx: Tx, name: TableName, rows: readonly unknown[], chunks: Chunks) => {
  const table = tables[name] as unknown as Table<unknown>;
  for (let start = 0; start < rows.length;) {
    const end = chunkEnd(rows, start, chunks);
    await tx.run(writeStatement(table, 'rows'), rowParams(table, 'rows', rows.slice(start, end)));
    start = end;
  }
};

/** A statement left running while other work goes on; its failure is met where it is awaited. */
const meanwhile = <T>(running: Promise<T>): Promise<T> => {
  running.catch(() => undefined);
  return running;
};

export interface RebuildReport {
  readonly events: number;
  readonly seconds: number;
}

/** Options of a rebuild: events read per statement, movements written per statement. */
interface Sizes {
  readonly pageSize: number;
  readonly chunkSize: number;
}

/**
 * The rebuild's transaction: empties the projections, replays the events into them, and returns
 * how many it replayed. `reader`, when given, is a read-only transaction on another connection
 * that reads the events while this one writes; otherwise this one reads them too.
 */
const replay = (db: Database, tenantId: string, reader: Tx | null, sizes: Sizes) =>
  db.tenant(tenantId, 'exclusive', async (tx) => {
    const { pageSize, chunkSize } = sizes;
    // Truncated where the tenant has them to itself, its rows deleted where it shares them.
    const emptied = await tx.one<{ how: string }>(`SELECT empty_projections() AS how`);
    // Where they were truncated, their secondary indexes are dropped until the rows are in.
    if (emptied?.how === 'truncated') await tx.run(`SELECT set_aside_projection_indexes()`);
    // Events are only ever appended, by the tenant's writes, and the statements above were
    // answered once this transaction held the tenant's lock: every write that held it before has
    // ended, and none can take it until this one commits. So each statement the reader sends
    // from here on sees the very events this transaction would: under READ COMMITTED, the
    // isolation every transaction of the store runs under (see the adapters), a statement sees
    // what was committed before it began.
    const source = reader ?? tx;
    const rows = new RowSet();
    // The next page is read, and the last chunk of movements written, while a page is projected:
    // on a server the database works while this process does. A page bigger than an answer may
    // be comes in several (`Tx.rows`); where requests are limited, a write takes a third of what
    // one may: JSON escapes the quotes of the text it carries, and an array parameter escapes
    // them again.
    const limits = db.statementLimits;
    const chunks: Chunks = {
      rows: chunkSize,
      bytes: limits === null ? null : Math.floor(limits.requestBytes / 3),
    };
    const read = (after: number) =>
      meanwhile(source.rows<StoredEvent>(READ_PAGE, { after, limit: pageSize }));
    let next = read(0);
    let written: Promise<void> = Promise.resolve();
    let total = 0;
    for (;;) {
      const page = await next;
      const last = page[page.length - 1];
      if (last === undefined) break;
      next = read(last.position);
      for (const e of page) {
        project(rows, {
          eventId: e.eventId,
          occurredAt: e.occurredAt,
          actor: e.actor,
          event: { type: e.type, data: e.payload } as StockMateEvent,
        });
      }
      total += page.length;
      const movements = rows.all('movements');
      if (movements.length >= chunkSize) {
        await written;
        written = meanwhile(writeRows(tx, 'movements', movements, chunks));
        rows.clear('movements');
      }
    }
    await written;
    for (const name of projectionTables.toReversed())
      await writeRows(tx, name, rows.all(name), chunks);
    // Each index set aside is built now with one sort, rather than entered row by row, one per
    // statement. The commit fails without them.
    for (;;) {
      const built = await tx.one<{ name: string | null }>(`SELECT build_set_aside_index() AS name`);
      if ((built?.name ?? null) === null) break;
    }
    return total;
  });

/**
 * Replays a tenant's events into empty projections, in one transaction: readers see the old
 * projections until the new ones are complete, or wait for them where the tenant has the tables to
 * itself and they are truncated (see `empty_projections()`). The tenant's writes wait meanwhile
 * (an exclusive transaction), so no event is missed and no rebuilt row is overwritten by a command
 * that read the old one. Uses the same `project` as live commands. Where transactions run side by
 * side (a server), the events are read on another connection while this one writes; that
 * connection is taken before the tenant's lock, since the writes kept waiting by the lock may hold
 * all others.
 */
export const rebuildProjections = async (
  db: Database,
  tenantId: string,
  options: { readonly pageSize?: number; readonly chunkSize?: number } = {},
): Promise<RebuildReport> => {
  const sizes = { pageSize: options.pageSize ?? 5_000, chunkSize: options.chunkSize ?? 2_000 };
  const started = performance.now();
  const count = db.concurrent
    ? await db.tenant(tenantId, 'read', (reader) => replay(db, tenantId, reader, sizes))
    : await replay(db, tenantId, null, sizes);
  return { events: count, seconds: (performance.now() - started) / 1000 };
};

/** One tenant's rebuild, as `rebuildTenants` reports it. */
export interface TenantRebuild extends RebuildReport {
  readonly tenantId: string;
}

/**
 * Rebuilds the projections of every registered tenant, or of `only` (NotFound when it is not
 * registered), one after another, each in its own transaction; `done` hears of each as it commits.
 */
export const rebuildTenants = async (
  db: Database,
  only: string | null,
  done: (report: TenantRebuild) => void = () => undefined,
): Promise<TenantRebuild[]> => {
  const registered = await db.system((tx) =>
    tx.rows<{ id: string }>(`SELECT tenant_id AS id FROM tenants ORDER BY tenant_id`),
  );
  const tenants = registered.map((t) => t.id).filter((id) => only === null || id === only);
  if (only !== null && tenants.length === 0)
    throw notFound('tenantId', `there is no tenant "${only}"`);
  const reports: TenantRebuild[] = [];
  for (const tenantId of tenants) {
    const report = { tenantId, ...(await rebuildProjections(db, tenantId)) };
    reports.push(report);
    done(report);
  }
  return reports;
};
