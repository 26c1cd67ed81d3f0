import type { Duplex } from 'node:stream';
import pg from 'pg';
import type { Driver } from '../port';
import { abortedTransaction, toSqlError } from '../port';
import type { SqlParams } from '../sql';
import { toPositional } from '../sql';
import { wireValues } from './binary';

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

/**
 * Holds what a connection sends until the current turn of the event loop has run, then writes it
 * at once: BEGIN, the transaction's opening and its first statement cost one write, as do its last
 * statement and COMMIT. node-postgres writes each query as it is asked for, one system call apiece,
 * and those calls were a fifth of the process's time under load.
 */
const coalescing = (stream: Duplex) => {
  let held = false;
  return () => {
    if (held) return;
    held = true;
    stream.cork();
    process.nextTick(() => {
      held = false;
      stream.uncork();
    });
  };
};

/**
 * Every transaction sees, statement by statement, what was committed before the statement began
 * (READ COMMITTED), whatever the server's sessions default to: the statements after one that
 * waited for a lock see what the lock's holder committed. The store is built on that: a rebuild
 * reads every event committed before it took its tenant's lock, on a connection opened before.
 */
const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED';

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
    // A query is sent as soon as it is asked for, without waiting for the one before to be
    // answered: BEGIN goes down the wire with the first statement, COMMIT with the last.
    pipeline: true,
    // Each statement is planned once per connection, as on PGlite: left to choose, PostgreSQL
    // plans a command's statements anew on every execution whenever a plan for its actual
    // arguments looks cheaper, which costs more than running them.
    options: '-c plan_cache_mode=force_generic_plan',
  });
  pool.on('error', (error) => console.error('idle PostgreSQL connection failed:', error.message));
  return {
    name: 'postgres',
    concurrent: pool.options.max > 1,
    statementLimits: null,
    pool,
    transaction: async (work, opening) => {
      const client = await pool.connect();
      let broken = false;
      let ended: Promise<pg.QueryResult> | null = null;
      const hold = coalescing(client.connection.stream);
      const simple = (sql: typeof BEGIN | 'COMMIT' | 'ROLLBACK') => {
        hold();
        return client.query(sql);
      };
      const query = (sql: string, params: SqlParams) => {
        const statement = toPositional(sql);
        hold();
        return client.query<Record<string, unknown>>({
          name: statementName(statement.text),
          text: statement.text,
          // node-postgres sends a Buffer in binary format, anything else as text.
          values: wireValues(statement, params).map((v) =>
            v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.length) : v,
          ),
        });
      };
      // BEGIN and the transaction's opening, not waited for here: they go down the wire with the
      // first statement. If either fails, so does every statement behind it (the transaction is
      // aborted, or never began).
      const begun: Promise<unknown> = Promise.all([
        simple(BEGIN),
        ...(opening === null ? [] : [query(opening.sql, opening.params)]),
      ]);
      begun.catch(() => undefined);
      const answer = async (sent: Promise<pg.QueryResult<Record<string, unknown>>>) => {
        try {
          const r = await sent;
          return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
        } catch (error) {
          throw toSqlError(error);
        }
      };
      try {
        const result = await work({
          execute: (sql, params) => answer(query(sql, params)),
          executeLast: (sql, params) => {
            const sent = query(sql, params);
            ended = simple('COMMIT');
            ended.catch(() => undefined);
            return answer(sent);
          },
        });
        await begun;
        // COMMIT of a transaction a failed statement aborted rolls it back, and says so.
        const committed = await (ended ?? simple('COMMIT'));
        if (committed.command === 'ROLLBACK') throw abortedTransaction();
        return result;
      } catch (error) {
        // A COMMIT sent already ends the transaction either way; otherwise it is rolled back.
        const rolledBack = ended ?? simple('ROLLBACK');
        await rolledBack.catch(() => {
          broken = true;
        });
        const beginError = await begun.then(
          () => null,
          (e: unknown) => e,
        );
        throw toSqlError(beginError ?? error);
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
};
