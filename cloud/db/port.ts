import type { SqlParams, Statement } from './sql';

export type { SqlParams, SqlValue, Statement } from './sql';

/**
 * A statement runner inside one transaction. Statements run in the order they are sent; one may be
 * sent before the one before it is answered, and waits for it. The transaction ends only once all
 * are answered.
 */
export interface Tx {
  /**
   * Rows of a SELECT (or of an INSERT/UPDATE/DELETE … RETURNING), decoded the same way by every
   * adapter. The statement becomes a CTE, so it may not itself be a WITH holding data changes.
   * Where answers are limited (`Database.statementLimits`), a SELECT's rows come back whatever
   * their size, in as many answers as they need; a statement that writes fails if they take more
   * than one.
   */
  rows<T>(sql: string, params?: SqlParams): Promise<T[]>;
  /** The first row, or null. */
  one<T>(sql: string, params?: SqlParams): Promise<T | null>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
  /**
   * Runs the transaction's last statement, like `run`; the work must do nothing after it but
   * return. An adapter that can sends the COMMIT along with it, saving a round trip.
   */
  last(sql: string, params?: SqlParams): Promise<number>;
}

/**
 * How a tenant transaction may touch the tenant's data: `read` only; `write`, beside the tenant's
 * other writes; or `exclusive`, alone — it waits for the tenant's writes in progress, and new
 * ones wait for it (a rebuild of the projections, which must see every event and be overwritten
 * by none). Reads go on meanwhile and see the data as it was.
 */
export type AccessMode = 'read' | 'write' | 'exclusive';

/** What one statement may send and get back, where a service limits it (the Data API). */
export interface StatementLimits {
  /** Bytes in one row of the answer. */
  readonly rowBytes: number;
  /** Bytes in all the rows of one answer. */
  readonly answerBytes: number;
  /** Bytes in the request that sends the statement, its parameters included. */
  readonly requestBytes: number;
}

/** The Database port: transactions scoped to a tenant by row-level security. */
export interface Database {
  /** Which adapter serves this database, for logs and benchmarks. */
  readonly adapter: AdapterName;
  /** Whether its transactions run side by side (see `Driver.concurrent`). */
  readonly concurrent: boolean;
  /**
   * What one statement may send and get back, or null where nothing but memory limits it. What a
   * SELECT returns (`Tx.rows`) comes back whole however big, in several rows and answers if need
   * be; what a statement that writes returns must fit one answer, and a request its limit.
   */
  readonly statementLimits: StatementLimits | null;
  /** Runs `work` in one transaction as `tenantId`: the database shows it only that tenant's rows. */
  tenant<T>(tenantId: string, mode: AccessMode, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction with no tenant: only cross-tenant system tables are visible. */
  system<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** The same database for work that can wait: on one connection it yields to the rest. */
  background(): Database;
  /**
   * The same database, where a transaction may be shared (group commit): work asked for while
   * one of the same tenant and access waits or runs is done in the next one, together, so many
   * small writes cost one BEGIN and COMMIT. Each piece of work is still all or nothing: when one
   * fails, the group is undone and each piece runs in a transaction of its own. For independent
   * pieces only — they see each other's writes.
   */
  grouped(): Database;
  /**
   * Where the engine has no autovacuum (the embedded database), does its work: vacuums and
   * analyses the tables that PostgreSQL's autovacuum would, by its default thresholds, one at a
   * time and each in a background turn. Without fresh statistics the planner keeps plans made
   * for empty tables — scans that grow with the data — and dead rows pile up in the indexes.
   * Then, where the engine has no checkpointer either, takes a checkpoint when one is due, so
   * recovery after a crash replays a bounded stretch of the write-ahead log: when nothing was
   * written since the last pass (a checkpoint holds up whatever arrives meanwhile), or, however
   * busy, once the log is far past its limit. Elsewhere it does nothing. Returns how many tables
   * it looked after.
   */
  maintain(): Promise<number>;
  /** Waits for running transactions, then closes the connection(s). */
  close(): Promise<void>;
}

export type AdapterName = 'pglite' | 'postgres' | 'data-api';

/** One raw result, as a driver returns it. */
export interface RawResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly rowCount: number;
}

/** A connection inside a transaction, as a driver exposes it. */
export interface Connection {
  execute(sql: string, params: SqlParams): Promise<RawResult>;
  /** The transaction's last statement, with the COMMIT sent behind it where the driver can. */
  executeLast?(sql: string, params: SqlParams): Promise<RawResult>;
}

/**
 * Configuration parameters set for one transaction only (`set_config(name, value, true)`): the
 * tenant, the role, read-only. Names are plain identifiers; values are text.
 */
export type TransactionSettings = Readonly<Record<string, string>>;

/** What each adapter implements: transactions on its connection(s), and scripts for migrations. */
export interface Driver {
  readonly name: AdapterName;
  /**
   * Whether transactions run side by side, each on a connection of its own (a server's pool).
   * Where they take turns on one connection, work inside a transaction must not wait for another
   * transaction: that one waits for it.
   */
  readonly concurrent: boolean;
  /** What one statement may send and get back, or null where nothing but memory limits it. */
  readonly statementLimits: StatementLimits | null;
  /**
   * BEGIN and the opening statement (the transaction's settings and locks; see
   * `settingsStatement`); work; COMMIT — or ROLLBACK when work throws. Each adapter sends the
   * opening the cheapest way it can (with BEGIN, in one round trip, where the protocol allows),
   * prepared like any other statement.
   */
  transaction<T>(
    work: (connection: Connection) => Promise<T>,
    opening: Statement | null,
  ): Promise<T>;
  /** For an engine without autovacuum or checkpointer: the tables due, their treatment, checkpoints. */
  readonly maintenance?: {
    /** Each table due, and whether it is due for vacuuming or only for fresh statistics. */
    due(): Promise<{ readonly table: string; readonly vacuum: boolean }[]>;
    /** VACUUM (ANALYZE) of the table, or ANALYZE alone. */
    treat(table: string, vacuum: boolean): Promise<void>;
    /** Where the engine has no checkpointer of its own: when checkpoints are due, and taking one. */
    readonly checkpoints?: {
      /**
       * Whether one is due (by the write-ahead log written or the time since the last): at the
       * next quiet moment, or now, however busy, because the log has grown far past its limit.
       */
      due(): Promise<'no' | 'when-quiet' | 'now'>;
      /** CHECKPOINT: the data files catch up with the log, so recovery starts here. */
      take(): Promise<void>;
    };
  };
  close(): Promise<void>;
}

/** COMMIT of a transaction that a failed statement aborted: nothing of it was written. */
export const abortedTransaction = (): SqlError =>
  new SqlError('the transaction was aborted and rolled back', '25P02');

/** A PostgreSQL error as every driver reports it: SQLSTATE code, constraint and message. */
export class SqlError extends Error {
  override readonly name = 'SqlError';
  constructor(
    message: string,
    readonly code: string,
    readonly constraint: string | null = null,
  ) {
    super(message);
  }
}

/** A PostgreSQL error from a driver (node-postgres, PGlite) as the SqlError every adapter reports. */
export const toSqlError = (error: unknown): unknown => {
  const e = error as { message: string; code?: unknown; constraint?: string } | null;
  return typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)
    ? new SqlError(e.message, e.code, e.constraint ?? null)
    : error;
};
