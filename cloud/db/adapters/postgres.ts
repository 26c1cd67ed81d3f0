import pg from 'pg';
import type { Driver } from '../port';
import { abortedTransaction } from '../port';
import { positionalValues, settingsStatement, toPositional } from '../sql';
import { toSqlError } from './pglite';

const names = new Map<string, string>();

/** Each distinct statement is prepared once per connection under a stable name. */
const statementName = (text: string): string => {
  let name = names.get(text);
  if (name === undefined) {
    name = `s${names.size + 1}`;
    names.set(text, name);
  }
  return name;
};

/** Options of a PostgreSQL server connection. */
export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  /** Connections in the pool. */
  readonly maxConnections?: number;
}

/** Any PostgreSQL server through node-postgres (`DATABASE_URL`). */
export const postgresDriver = (options: PostgresOptions): Driver & { readonly pool: pg.Pool } => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 16,
  });
  pool.on('error', (error) => console.error('idle PostgreSQL connection failed:', error.message));
  return {
    name: 'postgres',
    pool,
    transaction: async (work, settings) => {
      const client = await pool.connect();
      let broken = false;
      try {
        // One simple query, one round trip: BEGIN and the transaction's settings.
        const set = settingsStatement(settings);
        await client.query(set === null ? 'BEGIN' : `BEGIN; ${set}`);
        const result = await work({
          execute: async (sql, params) => {
            const statement = toPositional(sql);
            try {
              const r = await client.query<Record<string, unknown>>({
                name: statementName(statement.text),
                text: statement.text,
                values: positionalValues(statement, params),
              });
              return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
            } catch (error) {
              throw toSqlError(error);
            }
          },
        });
        // COMMIT of a transaction a failed statement aborted rolls it back, and says so.
        const committed = await client.query('COMMIT');
        if (committed.command === 'ROLLBACK') throw abortedTransaction();
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw toSqlError(error);
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
};
