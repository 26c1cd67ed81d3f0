import { Buffer } from 'node:buffer';
import { StockMateError, validationError } from '../../shared/core';
import type {
  AccessMode,
  Connection,
  Database,
  Driver,
  StatementLimits,
  TransactionSettings,
  Tx,
} from './port';
import { SqlError } from './port';
import type { SqlParams, Statement } from './sql';
import { settingsStatement } from './sql';

/** Database roles the migrations create; every transaction runs as one of them. */
export const roles = { app: 'stockmate_app', reader: 'stockmate_reader' } as const;

/** What a tenant id may be (the `tenants` table checks the same). */
export const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** What every transaction runs under: its tenant (none for system work), role and access, in UTC. */
const scope = (tenant: string, role: string, readOnly: boolean): TransactionSettings => ({
  'app.tenant_id': tenant,
  role,
  transaction_read_only: readOnly ? 'on' : 'off',
  TimeZone: 'UTC',
});

/**
 * The class of the advisory locks that order a tenant's writes (keyed by tenant within it): a
 * write holds its tenant's shared, an exclusive transaction (a rebuild) holds it alone. Taken in
 * the opening statement, before anything is read, and held until the transaction ends.
 */
const TENANT_WRITES_LOCK = 0x534d_0001;

/** The statement that opens a transaction: its settings and, for a tenant's writes, its lock. */
const opening = (tenant: string, mode: AccessMode | 'system'): Statement | null => {
  const read = mode === 'read';
  const settings = scope(tenant, read ? roles.reader : roles.app, read);
  // Read as text: a lock function returns void, which the Data API need not know how to answer.
  const lock = `(${TENANT_WRITES_LOCK}, hashtext(:tenant::text))::text`;
  if (mode === 'write')
    return settingsStatement(settings, [`pg_advisory_xact_lock_shared${lock}`], { tenant });
  if (mode === 'exclusive')
    return settingsStatement(settings, [`pg_advisory_xact_lock${lock}`], { tenant });
  return settingsStatement(settings);
};

/** How a statement's rows are asked for and read back (see `jsonStatements`). */
interface JsonStatements {
  /** The statement as sent first. */
  readonly wrap: (sql: string) => string;
  /**
   * Where an answer is limited: the statement for a cursor over all the pieces of the document,
   * and how many pieces one answer may hold; null where one answer holds any document.
   */
  readonly pieces: { readonly all: (sql: string) => string; readonly perAnswer: number } | null;
  /** The document, from the rows of the answers. */
  readonly document: (rows: readonly Record<string, unknown>[]) => string | undefined;
}

/**
 * Every statement's rows come back as one JSON document that PostgreSQL builds, so all adapters
 * decode timestamps, numbers and JSON columns identically (the Data API's JSON records carry no
 * column types, and the wire drivers would otherwise parse them each their own way).
 *
 * Where answers are limited (`StatementLimits`), the document's UTF-8 bytes come in pieces, one a
 * row, in base64 (so a piece may end inside a character, and is cut at once wherever it begins:
 * cutting text by characters would count them from the start for every piece). A row holds as
 * many bytes as fit its limit in base64, and an answer as many rows as fit it even were every
 * character escaped in the service's JSON. Each row also says how many pieces there are in all:
 * when there are more than the first answer holds, the statement runs again as a cursor, and its
 * pieces are fetched an answer at a time (`Tx.rows`).
 */
const jsonStatements = (limits: StatementLimits | null): JsonStatements => {
  // Statements as wrapped, so the same text is the same string each time: a string met before is
  // found in the adapters' caches without being read again.
  const remembered = (wrapping: (sql: string) => string) => {
    const wrapped = new Map<string, string>();
    return (sql: string): string => {
      let text = wrapped.get(sql);
      if (text === undefined) {
        text = wrapping(sql);
        if (wrapped.size < 10_000) wrapped.set(sql, text);
      }
      return text;
    };
  };
  const document = `coalesce(json_agg(q), '[]'::json)::text`;
  if (limits === null)
    return {
      wrap: remembered((sql) => `WITH q AS (${sql}) SELECT ${document} AS rows FROM q`),
      pieces: null,
      document: (rows) =>
        rows.length === 1 && typeof rows[0]?.['rows'] === 'string' ? rows[0]['rows'] : undefined,
    };
  // Base64 takes 4 characters for 3 bytes, and PostgreSQL adds a line break after 76 of them;
  // the rest of the row is the count beside the piece.
  const piece = 3 * Math.floor(((limits.rowBytes - 64) * 76) / 77 / 4);
  const perAnswer = Math.max(1, Math.floor(limits.answerBytes / (2 * limits.rowBytes)));
  const inPieces = (sql: string) =>
    `WITH q AS (${sql}), d AS (SELECT convert_to(${document}, 'UTF8') AS bytes FROM q)
     SELECT encode(substring(d.bytes FROM i FOR ${piece}), 'base64') AS rows,
            (octet_length(d.bytes) + ${piece - 1}) / ${piece} AS pieces
     FROM d, generate_series(1, octet_length(d.bytes), ${piece}) AS i ORDER BY i`;
  return {
    wrap: remembered((sql) => `${inPieces(sql)} LIMIT ${perAnswer}`),
    pieces: { all: remembered(inPieces), perAnswer },
    document: (rows) =>
      Buffer.concat(rows.map((r) => Buffer.from(String(r['rows']), 'base64'))).toString('utf8'),
  };
};

/**
 * A transaction's statements, one at a time, in the order they are sent: the Data API refuses a
 * statement sent while another of the same transaction runs ("Transaction is still running a
 * query"), so on every adapter a statement waits for the one sent before it. Work may send the
 * next statement before the last is answered (a rebuild reads ahead while it writes); `finish`
 * waits for all of them, so none outlives its transaction. Nothing follows the last one, which may
 * carry the COMMIT.
 */
const txOn = (connection: Connection, json: JsonStatements): Tx & { finish(): Promise<void> } => {
  let queue: Promise<unknown> = Promise.resolve();
  let ended = false;
  let finished = false;
  let cursors = 0;
  const execute = async (sql: string, params: SqlParams, last = false) => {
    if (finished) throw new Error('a statement after its transaction ended');
    if (ended) throw new Error("a statement after the transaction's last");
    ended = last;
    const sent = queue.then(() =>
      last && connection.executeLast !== undefined
        ? connection.executeLast(sql, params)
        : connection.execute(sql, params),
    );
    // A statement that fails leaves the transaction aborted: the ones behind it are still sent,
    // and PostgreSQL refuses them, as it would have had they come one by one.
    queue = sent.catch(() => undefined);
    return sent;
  };
  /**
   * All the pieces of a statement's document, through a cursor: one run of the statement, so
   * they are of one document. PostgreSQL refuses a cursor over a statement that writes: such a
   * statement fails rather than run twice.
   */
  const throughCursor = async (
    sql: string,
    params: SqlParams,
    pieces: NonNullable<JsonStatements['pieces']>,
  ) => {
    const cursor = `answer_${++cursors}`;
    await execute(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${pieces.all(sql)}`, params);
    const all: Record<string, unknown>[] = [];
    for (;;) {
      const { rows } = await execute(`FETCH FORWARD ${pieces.perAnswer} FROM ${cursor}`, {});
      all.push(...rows);
      if (rows.length < pieces.perAnswer) break;
    }
    await execute(`CLOSE ${cursor}`, {});
    return all;
  };
  const rows = async <T>(sql: string, params: SqlParams = {}): Promise<T[]> => {
    let answer = (await execute(json.wrap(sql), params)).rows;
    if (json.pieces !== null && answer.length < Number(answer[0]?.['pieces'] ?? 0))
      answer = await throughCursor(sql, params, json.pieces);
    const text = json.document(answer);
    return text === undefined ? [] : (JSON.parse(text) as T[]);
  };
  return {
    rows,
    one: async <T>(sql: string, params: SqlParams = {}) => (await rows<T>(sql, params))[0] ?? null,
    run: async (sql, params = {}) => (await execute(sql, params)).rowCount,
    last: async (sql, params = {}) => (await execute(sql, params, true)).rowCount,
    finish: async () => {
      finished = true;
      await queue;
    },
  };
};

const withRetries = async <T>(attempt: () => Promise<T>): Promise<T> => {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof SqlError) || !RETRYABLE.has(error.code) || n >= MAX_ATTEMPTS)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** n + Math.random() * 5));
    }
  }
};

type Priority = 'foreground' | 'background';

/** The pause between two tables' maintenance. */
const MAINTENANCE_PAUSE_MS = 20;

/** Pieces of work that share one transaction at most. */
const MAX_PIECES = 64;

/** A piece of work waiting for a transaction it may share. */
interface Piece {
  readonly work: (tx: Tx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Turns on a single connection: background transactions start only when no foreground one is
 * waiting, so what a user waits for is not queued behind what can wait.
 */
const turns = () => {
  let busy = false;
  const waiting: Record<Priority, (() => void)[]> = { foreground: [], background: [] };
  return {
    acquire: (priority: Priority) =>
      new Promise<void>((resolve) => {
        if (!busy) {
          busy = true;
          resolve();
        } else waiting[priority].push(resolve);
      }),
    release: () => {
      const next = waiting.foreground.shift() ?? waiting.background.shift();
      if (next === undefined) busy = false;
      else next();
    },
  };
};

/** Builds the Database port over a driver: tenant scoping, read-only queries, uniform rows, retries. */
export const createDatabase = (driver: Driver): Database => {
  let open = true;
  let running = 0;
  let drained: (() => void) | null = null;
  // PGlite has one connection; a server's pool runs transactions side by side, priorities aside.
  const queue = driver.name === 'pglite' ? turns() : null;
  const json = jsonStatements(driver.statementLimits);

  /** Counts work in progress, so `close` can wait for it; refuses work once closed. */
  const tracked = async <T>(work: () => Promise<T>): Promise<T> => {
    if (!open) throw new StockMateError('Internal', 'the database is closed');
    running++;
    try {
      return await work();
    } finally {
      running--;
      if (running === 0) drained?.();
    }
  };

  /** Work on the connection in a turn of its own (on a pool, at once). */
  const turn = async <T>(priority: Priority, work: () => Promise<T>): Promise<T> => {
    await queue?.acquire(priority);
    try {
      return await work();
    } finally {
      queue?.release();
    }
  };

  const transaction = <T>(
    priority: Priority,
    begin: Statement | null,
    work: (tx: Tx) => Promise<T>,
  ): Promise<T> =>
    tracked(() =>
      withRetries(() =>
        turn(priority, () =>
          driver.transaction(async (connection) => {
            const tx = txOn(connection, json);
            try {
              return await work(tx);
            } finally {
              await tx.finish();
            }
          }, begin),
        ),
      ),
    );

  /** One piece of background work outside any transaction (maintenance). */
  const alone = <T>(work: () => Promise<T>): Promise<T> => tracked(() => turn('background', work));

  /** Vacuums and analyses the tables due for it, each in a turn of its own, then checkpoints. */
  const maintainDue = async (): Promise<number> => {
    const maintenance = driver.maintenance;
    if (maintenance === undefined || !open) return 0;
    const tables = await alone(() => maintenance.due());
    for (const { table, vacuum } of tables) {
      // A pause between tables: the embedded database answers without I/O, so without one the
      // requests that arrived meanwhile would not even be read until every table was treated.
      // Spaced out, a request that takes several turns meets one treatment at most.
      await new Promise((resolve) => setTimeout(resolve, MAINTENANCE_PAUSE_MS));
      if (!open) break;
      await alone(() => maintenance.treat(table, vacuum));
    }
    // Quiet: nothing written since the last pass. A checkpoint holds up what arrives meanwhile,
    // so a due one waits for a lull, unless the log has grown far past its limit.
    const quiet = writes === writesAtLastPass;
    writesAtLastPass = writes;
    const checkpoints = maintenance.checkpoints;
    if (open && checkpoints !== undefined) {
      const due = await alone(() => checkpoints.due());
      if (due === 'now' || (due === 'when-quiet' && quiet)) await alone(() => checkpoints.take());
    }
    return tables.length;
  };
  // A check asked for while one runs is that one.
  let maintaining: Promise<number> | null = null;
  // Write transactions begun, and their count when the last maintenance pass ended.
  let writes = 0;
  let writesAtLastPass = 0;

  /** Work waiting to share a transaction, by priority and opening statement. */
  const groups = new Map<string, { waiting: Piece[]; busy: boolean }>();

  /** One transaction for the pieces; a piece that fails undoes the group, and each runs alone. */
  const runPieces = async (priority: Priority, begin: Statement | null, pieces: Piece[]) => {
    if (pieces.length > 1) {
      try {
        const results = await transaction(priority, begin, async (tx) => {
          // A piece's last statement is not the shared transaction's.
          const shared: Tx = { ...tx, last: (sql, params) => tx.run(sql, params) };
          const out: unknown[] = [];
          for (const piece of pieces) out.push(await piece.work(shared));
          return out;
        });
        pieces.forEach((piece, i) => piece.resolve(results[i]));
        return;
      } catch {
        // Nothing of the group was written; the failing piece fails on its own below.
      }
    }
    await Promise.all(
      pieces.map((piece) =>
        transaction(priority, begin, piece.work).then(piece.resolve, piece.reject),
      ),
    );
  };

  const pump = (key: string, priority: Priority, begin: Statement | null) => {
    const group = groups.get(key);
    if (group === undefined || group.busy) return;
    const pieces = group.waiting.splice(0, MAX_PIECES);
    if (pieces.length === 0) {
      groups.delete(key);
      return;
    }
    group.busy = true;
    void runPieces(priority, begin, pieces).finally(() => {
      group.busy = false;
      pump(key, priority, begin);
    });
  };

  /** Work that shares the next transaction of its priority and opening with what else is waiting. */
  const together = <T>(
    priority: Priority,
    begin: Statement | null,
    work: (tx: Tx) => Promise<T>,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      // Work shares a transaction only with work opened alike: same tenant, access and priority.
      const opened = begin === null ? '' : `${begin.sql}\n${JSON.stringify(begin.params)}`;
      const key = `${priority}\n${opened}`;
      const group = groups.get(key) ?? { waiting: [], busy: false };
      groups.set(key, group);
      group.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      pump(key, priority, begin);
    });

  const view = (priority: Priority, grouped: boolean): Database => {
    const run = <T>(begin: Statement | null, work: (tx: Tx) => Promise<T>) =>
      grouped ? together(priority, begin, work) : transaction(priority, begin, work);
    return {
      adapter: driver.name,
      concurrent: driver.concurrent,
      statementLimits: driver.statementLimits,
      tenant: (tenantId: string, mode: AccessMode, work) => {
        if (!TENANT_ID.test(tenantId))
          throw validationError('tenantId', 'must be 1-64 letters, digits, _ or -');
        if (mode !== 'read') writes++;
        return run(opening(tenantId, mode), work);
      },
      system: (work) => {
        writes++;
        return run(opening('', 'system'), work);
      },
      background: () => view('background', grouped),
      grouped: () => view(priority, true),
      maintain: () => (maintaining ??= maintainDue().finally(() => (maintaining = null))),
      close: async () => {
        open = false;
        if (running > 0) await new Promise<void>((resolve) => (drained = resolve));
        await driver.close();
      },
    };
  };
  return view('foreground', false);
};
