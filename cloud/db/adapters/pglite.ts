import type { PGlite } from '@electric-sql/pglite';
import type { Driver, RawResult, Statement } from '../port';
import { abortedTransaction, toSqlError } from '../port';
import type { SqlValue } from '../sql';
import { toPositional } from '../sql';
import { wireValues } from './binary';
import type { Sync } from './engine';
import { openEngine } from './engine';
import { lockDataFolder } from './folder-lock';
import type { Answer } from './wire';
import { FrontendMessages, readAnswers } from './wire';

/** Options of the embedded database. */
export interface PgliteOptions {
  /**
   * A folder to keep the database in, held for this process while open, each commit on the disk
   * when it returns; in memory when absent.
   */
  readonly dataDir?: string;
  /**
   * When the maintenance of a data folder takes a checkpoint: once this much write-ahead log has
   * been written since the last one, or this long after it if anything was written — at a quiet
   * moment, or at once when writes go on past four times the log. PostgreSQL's checkpointer would
   * take one every 5 minutes; PGlite has none, and without one it waits for 1 GB of log
   * (`max_wal_size`), all of which recovery after a crash replays.
   */
  readonly checkpointEvery?: { readonly seconds: number; readonly walBytes: number };
  /** How a file of the data folder reaches the disk: fsync, unless told otherwise (tests). */
  readonly sync?: Sync;
}

const CHECKPOINT_EVERY = { seconds: 300, walBytes: 64 * 1024 * 1024 };

/** How far past its limit the log may grow while writes go on before a checkpoint waits no more. */
const OVERDUE = 4;

/**
 * Whether a checkpoint is due, and whether it is overdue. The last one's own record comes after
 * its redo point, so log beyond the record's end (the current position a page or more on) means
 * something was written since.
 */
const CHECKPOINT_DUE = `SELECT
    pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn) >= $1::bigint * ${OVERDUE} AS overdue,
    pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn) >= $1::bigint
      OR (pg_wal_lsn_diff(pg_current_wal_insert_lsn(), checkpoint_lsn) > 512
        AND checkpoint_time <= now() - make_interval(secs => $2)) AS due
  FROM pg_control_checkpoint()`;

/**
 * The tables PostgreSQL's autovacuum would treat now, by its default thresholds
 * (`autovacuum_*_threshold` + `autovacuum_*_scale_factor` × rows): a vacuum after 50 + 20 % of the
 * rows died or 1,000 + 20 % were inserted since the last one; fresh statistics alone after
 * 50 + 10 % changed since the last analyse. A table never analysed has no row estimate (−1) and
 * is due as soon as it has changed at all.
 */
const DUE = `SELECT name, vacuum FROM (
    SELECT s.relname AS name,
      s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
        OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0) AS vacuum,
      s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
        OR (c.reltuples < 0 AND s.n_mod_since_analyze > 0) AS stale,
      s.n_mod_since_analyze + s.n_dead_tup AS work
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    WHERE s.schemaname = 'public') t
  WHERE vacuum OR stale
  ORDER BY work DESC`;

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, in this process, one connection.
 * Statements go over PGlite's wire-protocol entry as named prepared statements, so each distinct
 * statement — the opening of a transaction too — is parsed and planned once per database instead
 * of on every call. A transaction's BEGIN and opening travel with its first statement, and its
 * COMMIT with its last: a command is two calls into the database. The messages are written and
 * read here (`./wire`), not by PGlite's general-purpose protocol layer, which builds an object for
 * every message of an answer: that takes a third off the cost of a short transaction.
 */
export const pgliteDriver = async (
  options: PgliteOptions = {},
): Promise<Driver & { readonly pglite: PGlite }> => {
  const folder = options.dataDir === undefined ? null : await lockDataFolder(options.dataDir);
  const pglite = await openEngine(options).catch(async (error: unknown) => {
    await folder?.release();
    throw error;
  });
  await pglite.exec('SET plan_cache_mode = force_generic_plan');
  // Maintenance analyses on the thread that serves requests: a sample of 3,000 rows instead of
  // 30,000 keeps each analysis to a few milliseconds, and is plenty for these keyed lookups.
  await pglite.exec('SET default_statistics_target = 10');
  const prepared = new Map<string, string>();
  let named = 0;

  /**
   * Sends `messages` in one call into the database and reads its answers, one per ReadyForQuery.
   * The first error among them is thrown.
   */
  const call = async (
    messages: FrontendMessages,
    syncToFs: boolean,
  ): Promise<readonly Answer[]> => {
    const chunks: Uint8Array[] = [];
    // The answer arrives as views of the engine's memory, reused by the next call: copied here.
    await pglite.execProtocolRawStream(messages.bytes(), {
      syncToFs,
      onRawData: (chunk) => chunks.push(chunk.slice()),
    });
    const { answers, error } = readAnswers(chunks.length === 1 ? chunks[0]! : concat(chunks));
    if (error !== null) throw error;
    return answers;
  };

  /**
   * Sends `before`, then `statements` as named prepared statements, then `after`, in one call into
   * the database, and reads the last statement's own result. `before` and `after` are simple
   * queries; the first error of the whole message is the one thrown.
   */
  const send = async (
    statements: readonly Statement[],
    around: { readonly before?: string; readonly after?: string; readonly syncToFs: boolean },
  ): Promise<RawResult & { readonly afterTag: string | null }> => {
    const messages = new FrontendMessages();
    if (around.before !== undefined) messages.query(around.before);
    const fresh: [text: string, name: string][] = [];
    for (const { sql, params } of statements) {
      const statement = toPositional(sql);
      let name = prepared.get(statement.text);
      if (name === undefined) {
        // A statement that failed on its first run may or may not have been prepared: a fresh
        // name next time avoids guessing.
        name = `s${++named}`;
        fresh.push([statement.text, name]);
        messages.parse(name, statement.text);
      }
      messages.bind(name, wireValues(statement, params)).describePortal().execute().sync();
    }
    if (around.after !== undefined) messages.query(around.after);
    const answers = await call(messages, around.syncToFs);
    for (const [text, name] of fresh) prepared.set(text, name);
    // Each simple query and each statement end with ReadyForQuery: `before` answers first.
    const at = (around.before === undefined ? 0 : 1) + statements.length - 1;
    const own = answers[at];
    const names = own?.names ?? [];
    const rows = (own?.rows ?? []).map((values) =>
      Object.fromEntries(names.map((n, i) => [n, values[i] ?? null])),
    );
    const rowCount = Number(/(\d+)$/.exec(own?.tag ?? '')?.[1] ?? 0);
    return { rows, rowCount, afterTag: answers[at + 1]?.tag ?? null };
  };

  /** A simple query; the tag of its last command. */
  const simple = async (text: string, syncToFs: boolean) =>
    (await call(new FrontendMessages().query(text), syncToFs)).at(-1)?.tag ?? null;

  return {
    name: 'pglite',
    concurrent: false,
    statementLimits: null,
    pglite,
    transaction: (work, opening) => {
      // BEGIN and the opening go in the same call as the first statement, COMMIT in the same
      // call as the last: a command's transaction is two calls into the database, not four.
      // Until the first statement is sent, the opening waits here (undefined once sent).
      let waiting: readonly Statement[] | undefined = opening === null ? [] : [opening];
      // Whether the COMMIT went with the last statement, and what it answered (null: unknown).
      let lastSent = false;
      let committed: boolean | null = null;
      const statement = (
        sql: string,
        params: Readonly<Record<string, SqlValue>>,
        last: boolean,
      ) => {
        lastSent = last;
        const first = waiting;
        waiting = undefined;
        // Inside a transaction what is written reaches the file system at COMMIT.
        const sent = send([...(first ?? []), { sql, params }], {
          ...(first === undefined ? {} : { before: 'BEGIN' }),
          ...(last ? { after: 'COMMIT' } : {}),
          syncToFs: last,
        });
        return !last
          ? sent
          : sent.then((result) => {
              committed = result.afterTag === 'COMMIT';
              return result;
            });
      };
      // No other transaction or query of this instance runs in between (PGlite's own two locks).
      return pglite._runExclusiveTransaction(() =>
        pglite.runExclusive(async () => {
          let result: Awaited<ReturnType<typeof work>>;
          try {
            result = await work({
              execute: (sql, params) => statement(sql, params, false),
              executeLast: (sql, params) => statement(sql, params, true),
            });
          } catch (error) {
            // Whatever was sent is undone; after a COMMIT that found the transaction aborted,
            // or when nothing reached the database, ROLLBACK only warns.
            if (waiting === undefined) await simple('ROLLBACK', false).catch(() => undefined);
            throw error;
          }
          // A transaction that ran no statement never began.
          if (waiting !== undefined) return result;
          if (!lastSent) committed = (await simple('COMMIT', true)) === 'COMMIT';
          // A failed statement whose error the work swallowed: COMMIT rolled everything back.
          if (committed !== true) throw abortedTransaction();
          return result;
        }),
      );
    },
    // PGlite runs no autovacuum and no checkpointer: Database.maintain does their work.
    maintenance: {
      due: async () => {
        // Activity counts reach the statistics at most once a second unless a flush is asked for.
        await pglite.exec('SELECT pg_stat_force_next_flush()');
        return (await pglite.query<{ name: string; vacuum: boolean }>(DUE)).rows.map((r) => ({
          table: r.name,
          vacuum: r.vacuum,
        }));
      },
      // In memory there is nothing to recover, so no checkpoint is ever due.
      checkpoints: {
        due: async () => {
          if (options.dataDir === undefined) return 'no';
          const every = options.checkpointEvery ?? CHECKPOINT_EVERY;
          const result = await pglite.query<{ overdue: boolean; due: boolean }>(CHECKPOINT_DUE, [
            every.walBytes,
            every.seconds,
          ]);
          const row = result.rows[0];
          return row?.overdue === true ? 'now' : row?.due === true ? 'when-quiet' : 'no';
        },
        take: async () => {
          await pglite.exec('CHECKPOINT');
        },
      },
      // Statistics alone cost a sample of the rows; a vacuum reads the table and its indexes.
      treat: async (table, vacuum) => {
        if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`not a table name: ${table}`);
        try {
          await pglite.exec(vacuum ? `VACUUM (ANALYZE) "${table}"` : `ANALYZE "${table}"`);
        } catch (error) {
          throw toSqlError(error);
        }
      },
    },
    close: async () => {
      await pglite.close();
      await folder?.release();
    },
  };
};
