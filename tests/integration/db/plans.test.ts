import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roles } from '../../../cloud/db/database';
import { load } from '../../../cloud/db/load';
import type { PurchaseOrderRow } from '../../../cloud/db/projection/rows';
import {
  demandHistory,
  planningInputs,
  productSituations,
} from '../../../cloud/db/queries/planning';
import { withLines } from '../../../cloud/db/queries/purchasing';
import type { SqlParams, SqlValue, Tx } from '../../../cloud/db/port';
import { pgArray, positionalValues, settingsStatement, toPositional } from '../../../cloud/db/sql';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter, postgresAdapterWith } from '../../support/adapters';
import { scenario } from '../../support/scenario';

/** The statement a read sends, with its parameters, without running it. */
const statementOf = async (read: (tx: Tx) => Promise<unknown>) => {
  let sent: { sql: string; params: SqlParams } | null = null;
  const capture = <T>(sql: string, params: SqlParams = {}): Promise<T[]> => {
    sent ??= { sql, params };
    return Promise.resolve([]);
  };
  const spy: Tx = {
    one: async <T>(sql: string, params?: SqlParams) => (await capture<T>(sql, params))[0] ?? null,
    rows: capture,
    run: () => Promise.resolve(0),
    last: () => Promise.resolve(0),
  };
  await read(spy);
  if (sent === null) throw new Error('the read sent nothing');
  return sent as { sql: string; params: SqlParams };
};

const literal = (value: SqlValue): string =>
  value === null
    ? 'NULL'
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : `'${(typeof value === 'string' ? value : pgArray(value)).replace(/'/g, "''")}'`;

/** The statement a read sends, positional, and its parameters as a list of SQL literals. */
const statement = async (read: (tx: Tx) => Promise<unknown>) => {
  const { sql, params } = await statementOf(read);
  const positional = toPositional(sql);
  const values = positionalValues(positional, params).map(literal).join(', ');
  return { text: positional.text, values };
};

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Actual Loops'?: number;
  readonly Plans?: readonly PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

interface Named {
  readonly products: readonly string[];
  readonly warehouses: readonly string[];
  readonly keys: readonly string[];
  readonly orders: readonly string[];
}

const order = (purchaseOrderId: string) => ({ purchaseOrderId }) as PurchaseOrderRow;

/** Reads of a tenant's rows by a list of ids, each as it is asked for the ids given. */
const reads: Record<string, (ids: Named) => (tx: Tx) => Promise<unknown>> = {
  "a command's load": (ids) => (tx) =>
    load(tx, {
      streams: ids.products.map((id) => `product:${id}`),
      idempotencyKeys: ids.keys,
      products: ids.products,
      stockOf: ids.products,
      warehouses: ids.warehouses,
    }),
  "the analyser's inputs": (ids) => (tx) => planningInputs(tx, ids.products),
  'demand history': (ids) => (tx) => demandHistory(tx, ids.products, '2020-01-01T00:00:00Z'),
  "products' situations": (ids) => (tx) =>
    productSituations(tx, ids.products, '2030-01-01T00:00:00Z'),
  "purchase orders' lines": (ids) => (tx) => withLines(tx, ids.orders.map(order)),
};

/** PGlite has one session; node-postgres gets one too, so a statement prepared stays at hand. */
for (const adapter of [pgliteAdapter, postgresAdapterWith(1)]) {
  const available = await adapter.available();

  describe.skipIf(!available)(`reads by id on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    beforeEach(async () => {
      opened = await adapter.open();
    });
    afterEach(async () => {
      await opened.close();
    });
    /** Runs SQL as the application does for `tenantId`. */
    const asTenant = (tenantId: string) => {
      // One plan for every execution, as PostgreSQL settles on after a few of a prepared statement.
      const settings = {
        'app.tenant_id': tenantId,
        role: roles.app,
        plan_cache_mode: 'force_generic_plan',
      };
      return (sql: string) =>
        opened.driver.transaction((c) => c.execute(sql, {}), settingsStatement(settings));
    };

    it('read only the rows they name, under plans made while the tables were empty', async () => {
      const s = scenario(opened.db);
      const run = asTenant(s.tenantId);
      const names = Object.keys(reads);

      // Each statement is planned once, for tables with nothing in them (as a driver that prepares
      // statements does on a new database), and that plan is kept.
      const nothing = '00000000-0000-4000-8000-000000000000';
      const none = {
        products: [nothing],
        warehouses: [nothing],
        keys: ['none'],
        orders: [nothing],
      };
      for (const [i, name] of names.entries()) {
        const { text, values } = await statement(reads[name]!(none));
        await run(`PREPARE read${i} AS ${text}`);
        await run(`EXECUTE read${i}(${values})`);
      }

      // Then the tenant's tables grow: products with stock and demand, orders, and thousands of
      // answered requests.
      const warehouseId = await s.warehouse();
      const supplierId = await s.supplier();
      const products: string[] = [];
      const orders: string[] = [];
      for (let i = 0; i < 30; i++) {
        const productId = await s.product();
        await s.run('receiveStock', { productId, warehouseId, quantity: 5 });
        await s.run('issueStock', { productId, warehouseId, quantity: 1 });
        const drafted = await s.run('draftPurchaseOrder', {
          supplierId,
          warehouseId,
          expectedAt: '2031-01-01',
          lines: [{ productId, quantity: 3, unitCost: { amountMinor: 100, currency: 'EUR' } }],
        });
        products.push(productId);
        orders.push(drafted.purchaseOrders[0]!.purchaseOrderId);
      }
      await opened.db.tenant(s.tenantId, 'write', (tx) =>
        tx.run(`INSERT INTO idempotency (tenant_id, key, command, request_hash, result)
        SELECT current_tenant(), 'old-' || g, 'issueStock', 'hash', '{}'::jsonb FROM generate_series(1, 3000) g`),
      );

      const named: Named = {
        products: products.slice(0, 3),
        warehouses: [warehouseId],
        keys: ['old-7', 'old-2999'],
        orders: orders.slice(0, 3),
      };
      const found: Record<string, { tables: string[]; removed: number }> = {};
      for (const [i, name] of names.entries()) {
        const { values } = await statement(reads[name]!(named));
        const explained = await run(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE read${i}(${values})`);
        const json = explained.rows[0]?.['QUERY PLAN'];
        const plan = (
          (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }]
        )[0].Plan;
        const scans = nodes(plan).filter((n) => n['Relation Name'] !== undefined);
        found[name] = {
          tables: [...new Set(scans.map((n) => n['Relation Name']!))].sort(),
          // Per loop, as EXPLAIN reports it.
          removed: scans.reduce(
            (sum, n) => sum + (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1),
            0,
          ),
        };
      }

      // A plan that read the tenant's every row and filtered it would remove 27 products or stock
      // levels, or thousands of answered requests. What a filter may leave out is the odd row of
      // a named product (its receipt, when demand is its issues).
      const overread = names
        .filter((name) => found[name]!.removed > named.products.length)
        .map((name) => ({ name, removed: found[name]!.removed }));
      expect(overread).toEqual([]);
      expect(found["a command's load"]!.tables).toEqual([
        'idempotency',
        'products',
        'stock_levels',
        'streams',
        'warehouses',
      ]);
      expect(found['demand history']!.tables).toEqual(['movements']);
      expect(found["purchase orders' lines"]!.tables).toEqual(['purchase_order_lines']);
    });

    it('run no function of the schema as a call of its own: each is inlined into the plan', async () => {
      const run = asTenant(scenario(opened.db).tenantId);
      const ids = '00000000-0000-4000-8000-000000000000';
      const named = { products: [ids], warehouses: [ids], keys: ['none'], orders: [ids] };
      // A SQL function left as a call parses and plans its body again on every execution.
      const called: Record<string, string[]> = {};
      for (const [i, name] of Object.keys(reads).entries()) {
        const { text, values } = await statement(reads[name]!(named));
        await run(`PREPARE inline${i} AS ${text}`);
        const explained = await run(`EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE inline${i}(${values})`);
        const plan = JSON.stringify(explained.rows[0]?.['QUERY PLAN']);
        called[name] = [...new Set(plan.match(/\b(iso_time|current_tenant|stock_status)\(/g))];
      }
      expect(called).toEqual(Object.fromEntries(Object.keys(reads).map((name) => [name, []])));
    });
  });
}
