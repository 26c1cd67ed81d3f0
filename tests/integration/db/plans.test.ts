import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { roles } from '../../../cloud/db/database';
import type { LoadPlan } from '../../../cloud/db/load';
import { load } from '../../../cloud/db/load';
import type { SqlParams, SqlValue, Tx } from '../../../cloud/db/port';
import { positionalValues, toPositional } from '../../../cloud/db/sql';
import type { OpenedDatabase } from '../../support/adapters';
import { pgliteAdapter, postgresAdapterWith } from '../../support/adapters';
import { scenario } from '../../support/scenario';

/** The statement `load` sends for a plan, with its parameters, without running it. */
const loadStatement = async (plan: LoadPlan) => {
  let sent: { sql: string; params: SqlParams } | null = null;
  const capture = (sql: string, params: SqlParams = {}) => {
    sent = { sql, params };
    return Promise.resolve(null);
  };
  const spy: Tx = {
    one: capture,
    rows: () => Promise.resolve([]),
    run: () => Promise.resolve(0),
    last: () => Promise.resolve(0),
  };
  await load(spy, plan);
  if (sent === null) throw new Error('load sent nothing');
  return sent as { sql: string; params: SqlParams };
};

const literal = (value: SqlValue) =>
  value === null
    ? 'NULL'
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : `'${String(value).replace(/'/g, "''")}'`;

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Rows Removed by Filter'?: number;
  readonly Plans?: readonly PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

/** PGlite has one session; node-postgres gets one too, so a statement prepared stays at hand. */
for (const adapter of [pgliteAdapter, postgresAdapterWith(1)]) {
  const available = await adapter.available();

  describe.skipIf(!available)(`the plans of a command’s load on ${adapter.name}`, () => {
    let opened: OpenedDatabase;
    beforeEach(async () => {
      opened = await adapter.open();
    });
    afterEach(async () => {
      await opened.close();
    });

    it('reads only the rows a command names, under a plan made while the tables were empty', async () => {
      const s = scenario(opened.db);
      // One plan for every execution, as PostgreSQL settles on after a few of a prepared statement.
      const settings = {
        'app.tenant_id': s.tenantId,
        role: roles.app,
        plan_cache_mode: 'force_generic_plan',
      };
      const run = (sql: string) => opened.driver.transaction((c) => c.execute(sql, {}), settings);
      const prepare = async (plan: LoadPlan) => {
        const { sql, params } = await loadStatement(plan);
        const positional = toPositional(sql);
        const values = positionalValues(positional, params).map(literal).join(', ');
        return { text: positional.text, execute: `EXECUTE probe(${values})` };
      };

      // The statement is planned once, for tables with nothing in them (as a driver that prepares
      // statements does on a new database), and that plan is kept.
      const nothing = '00000000-0000-4000-8000-000000000000';
      const empty = await prepare({
        streams: [`product:${nothing}`],
        idempotencyKeys: ['none'],
        products: [nothing],
        stockOf: [nothing],
        warehouses: [nothing],
      });
      await run(`PREPARE probe AS ${empty.text}`);
      await run(empty.execute);

      // Then the tenant's tables grow: products with stock, and thousands of answered requests.
      const warehouseId = await s.warehouse();
      const products: string[] = [];
      for (let i = 0; i < 30; i++) {
        const productId = await s.product();
        await s.run('receiveStock', { productId, warehouseId, quantity: 5 });
        products.push(productId);
      }
      await opened.db.tenant(s.tenantId, 'write', (tx) =>
        tx.run(`INSERT INTO idempotency (tenant_id, key, command, request_hash, result)
        SELECT current_tenant(), 'old-' || g, 'issueStock', 'hash', '{}'::jsonb FROM generate_series(1, 3000) g`),
      );

      const named = products.slice(0, 3);
      const grown = await prepare({
        streams: named.map((id) => `product:${id}`),
        idempotencyKeys: ['old-7', 'old-2999'],
        products: named,
        stockOf: named,
        warehouses: [warehouseId],
      });
      const explained = await run(`EXPLAIN (ANALYZE, FORMAT JSON) ${grown.execute}`);
      const json = explained.rows[0]?.['QUERY PLAN'];
      const plan = ((typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }])[0]
        .Plan;
      const scans = nodes(plan).filter((n) => n['Relation Name'] !== undefined);

      expect(scans.map((n) => n['Relation Name']).sort()).toEqual([
        'idempotency',
        'products',
        'stock_levels',
        'streams',
        'warehouses',
      ]);
      for (const scan of scans) {
        expect({
          table: scan['Relation Name'],
          removed: scan['Rows Removed by Filter'] ?? 0,
        }).toEqual({ table: scan['Relation Name'], removed: 0 });
      }
    });
  });
}
