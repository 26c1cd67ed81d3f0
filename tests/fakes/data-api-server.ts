/**
 * A local endpoint that speaks the RDS Data API wire format (REST-JSON: /BeginTransaction,
 * /Execute, /BatchExecute, /CommitTransaction, /RollbackTransaction) on 127.0.0.1 and runs the
 * statements on PGlite, so the real `@aws-sdk/client-rds-data` client can be exercised offline.
 * https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { toPositional } from '../../cloud/db/sql';

interface Field {
  isNull?: boolean;
  booleanValue?: boolean;
  longValue?: number;
  doubleValue?: number;
  stringValue?: string;
  blobValue?: string;
  arrayValue?: unknown;
}

interface Parameter {
  name: string;
  value: Field;
  typeHint?: 'UUID' | 'JSON' | 'TIMESTAMP' | 'DATE' | 'TIME' | 'DECIMAL';
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const casts: Record<string, string> = {
  UUID: 'uuid',
  JSON: 'json',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  DECIMAL: 'numeric',
};

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

const valueOf = (p: Parameter): unknown => {
  const v = p.value;
  if (v.arrayValue !== undefined)
    throw new ApiError('BadRequestException', `Array parameters are not supported: ${p.name}`);
  if (v.isNull === true) return null;
  if (v.booleanValue !== undefined) return v.booleanValue;
  if (v.longValue !== undefined) return v.longValue;
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.blobValue !== undefined) return Buffer.from(v.blobValue, 'base64');
  if (v.stringValue !== undefined) {
    if (p.typeHint === 'TIMESTAMP' && !TIMESTAMP.test(v.stringValue)) {
      throw new ApiError(
        'BadRequestException',
        `Invalid timestamp value for parameter ${p.name}: expected YYYY-MM-DD HH:MM:SS[.FFF]`,
      );
    }
    return v.stringValue;
  }
  throw new ApiError('BadRequestException', `Parameter ${p.name} has no value`);
};

/** `:name` → `$n`, with the parameter's type hint applied as a cast, as the service does. */
const bind = (sql: string, parameters: readonly Parameter[] = []) => {
  const statement = toPositional(sql);
  const byName = new Map(parameters.map((p) => [p.name, p]));
  let text = statement.text;
  statement.names.forEach((name, i) => {
    const p = byName.get(name);
    if (p === undefined)
      throw new ApiError('BadRequestException', `No value specified for parameter: ${name}`);
    const cast = p.typeHint === undefined ? undefined : casts[p.typeHint];
    if (cast !== undefined)
      text = text.replace(new RegExp(`\\$${i + 1}(?!\\d)`, 'g'), `$${i + 1}::${cast}`);
  });
  return { text, values: statement.names.map((name) => valueOf(byName.get(name)!)) };
};

const jsonValue = (v: unknown): unknown => {
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
};

const fieldValue = (v: unknown): Field => {
  if (v === null || v === undefined) return { isNull: true };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { longValue: v } : { doubleValue: v };
  const j = jsonValue(v);
  return typeof j === 'string' ? { stringValue: j } : { stringValue: String(j) };
};

/**
 * The service's limits on what a statement returns: 64 KB in one row, 1 MiB in all. A statement
 * that returns more is refused (the call is terminated), though it ran.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.limitations.html
 * A request of more than 4 MiB, headers and JSON included, is refused before it runs.
 * https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_BatchExecuteStatement.html
 */
export const DATA_API_LIMITS = {
  rowBytes: 64 * 1024,
  responseBytes: 1024 * 1024,
  requestBytes: 4 * 1024 * 1024,
} as const;

/** The bytes of a value as the database returns it (text, or its JSON for other types). */
const bytesOf = (v: unknown): number => {
  const j = jsonValue(v);
  if (j === null || j === undefined) return 0;
  return Buffer.byteLength(typeof j === 'string' ? j : JSON.stringify(j));
};

/** Refuses rows or a result bigger than the service returns. */
const withinLimits = (rows: readonly Record<string, unknown>[]) => {
  let total = 0;
  for (const row of rows) {
    const size = Object.values(row).reduce<number>((sum, v) => sum + bytesOf(v), 0);
    if (size > DATA_API_LIMITS.rowBytes)
      throw new ApiError(
        'BadRequestException',
        `Database returned a row of ${size} bytes, more than the allowed 64 KB`,
      );
    total += size;
  }
  if (total > DATA_API_LIMITS.responseBytes)
    throw new ApiError(
      'BadRequestException',
      'Database returned more than the allowed response size limit',
    );
};

interface OpenTransaction {
  tx: Transaction;
  finish: (commit: boolean) => void;
  done: Promise<{ message: string; code?: string } | null>;
  idle: NodeJS.Timeout;
  /** A statement of the transaction is running: the service refuses another meanwhile. */
  running: boolean;
}

export interface DataApiServer {
  readonly endpoint: string;
  /** Statements executed, for tests that check what went over the wire. */
  readonly requests: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** Starts the endpoint on 127.0.0.1 (an ephemeral port unless given). */
export const startDataApiServer = async (
  pglite: PGlite,
  options: {
    port?: number;
    idleTimeoutMs?: number;
    /** Holds a statement after it has begun, until the promise returned for it settles (tests). */
    hold?: (sql: string) => Promise<void> | undefined;
  } = {},
): Promise<DataApiServer> => {
  const transactions = new Map<string, OpenTransaction>();
  const requests: DataApiServer['requests'] = [];
  const idleTimeoutMs = options.idleTimeoutMs ?? 180_000;

  const rollbackLater = (id: string) =>
    setTimeout(() => {
      transactions.get(id)?.finish(false);
      transactions.delete(id);
    }, idleTimeoutMs);

  const begin = async () => {
    const id = randomUUID();
    let opened: (tx: Transaction) => void = () => undefined;
    const ready = new Promise<Transaction>((resolve) => (opened = resolve));
    let finish: (commit: boolean) => void = () => undefined;
    const decided = new Promise<boolean>((resolve) => (finish = resolve));
    // What ending the transaction raised: a COMMIT may fail (a deferred check), as on a server.
    const done = pglite
      .transaction(async (tx) => {
        opened(tx);
        if (!(await decided)) await tx.rollback();
      })
      .then(
        () => null,
        (error: unknown) => error as { message: string; code?: string },
      );
    const tx = await ready;
    transactions.set(id, { tx, finish, done, idle: rollbackLater(id), running: false });
    return { transactionId: id };
  };

  const open = (id: unknown): OpenTransaction => {
    const t = typeof id === 'string' ? transactions.get(id) : undefined;
    if (t === undefined)
      throw new ApiError('NotFoundException', `Transaction ${String(id)} is not found`, 404);
    clearTimeout(t.idle);
    t.idle = rollbackLater(id as string);
    return t;
  };

  const end = async (id: unknown, commit: boolean) => {
    const t = open(id);
    clearTimeout(t.idle);
    transactions.delete(id as string);
    t.finish(commit);
    const failed = await t.done;
    if (commit && failed !== null)
      throw new ApiError(
        'DatabaseErrorException',
        `ERROR: ${failed.message}; SQLState: ${failed.code ?? 'XX000'}`,
      );
    return { transactionStatus: commit ? 'Transaction Committed' : 'Rollback Complete' };
  };

  const run = async (
    body: Record<string, unknown>,
    sql: string,
    parameters: Parameter[] | undefined,
  ) => {
    const { text, values } = bind(sql, parameters);
    const transaction = body['transactionId'] === undefined ? null : open(body['transactionId']);
    if (transaction?.running === true)
      throw new ApiError('DatabaseErrorException', 'Transaction is still running a query');
    if (transaction !== null) transaction.running = true;
    try {
      await options.hold?.(sql);
      return await (transaction?.tx ?? pglite).query<Record<string, unknown>>(text, values);
    } catch (error) {
      const e = error as { message: string; code?: string };
      if (e.code === undefined) throw error;
      throw new ApiError('DatabaseErrorException', `ERROR: ${e.message}; SQLState: ${e.code}`);
    } finally {
      if (transaction !== null) transaction.running = false;
    }
  };

  const execute = async (body: Record<string, unknown>) => {
    if (typeof body['sql'] !== 'string')
      throw new ApiError('BadRequestException', 'sql is required');
    const result = await run(body, body['sql'], body['parameters'] as Parameter[] | undefined);
    withinLimits(result.rows);
    const names = result.fields.map((f) => f.name);
    const updated = result.affectedRows ?? 0;
    if (body['formatRecordsAs'] === 'JSON') {
      const records = result.rows.map((row) =>
        Object.fromEntries(names.map((n) => [n, jsonValue(row[n])])),
      );
      return {
        numberOfRecordsUpdated: updated,
        formattedRecords: JSON.stringify(records),
        generatedFields: [],
      };
    }
    return {
      numberOfRecordsUpdated: updated,
      records: result.rows.map((row) => names.map((n) => fieldValue(row[n]))),
      ...(body['includeResultMetadata'] === true
        ? {
            columnMetadata: result.fields.map((f) => ({
              name: f.name,
              label: f.name,
              type: f.dataTypeID,
            })),
          }
        : {}),
      generatedFields: [],
    };
  };

  const batch = async (body: Record<string, unknown>) => {
    if (typeof body['sql'] !== 'string')
      throw new ApiError('BadRequestException', 'sql is required');
    const sets = (body['parameterSets'] as Parameter[][] | undefined) ?? [[]];
    const updateResults = [];
    for (const set of sets) {
      await run(body, body['sql'], set);
      updateResults.push({ generatedFields: [] });
    }
    return { updateResults };
  };

  const routes: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    '/BeginTransaction': begin,
    '/Execute': execute,
    '/BatchExecute': batch,
    '/CommitTransaction': (body) => end(body['transactionId'], true),
    '/RollbackTransaction': (body) => end(body['transactionId'], false),
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    if (size > DATA_API_LIMITS.requestBytes)
      throw new ApiError('BadRequestException', 'Request size exceeds the 4 MiB limit', 413);
    const text = Buffer.concat(chunks).toString('utf8');
    return (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
  };

  const reply = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-amzn-requestid': randomUUID(),
      ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
    });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const route = req.method === 'POST' ? routes[req.url ?? ''] : undefined;
        if (route === undefined)
          throw new ApiError(
            'UnknownOperationException',
            `Unknown operation ${req.method} ${req.url}`,
            404,
          );
        const body = await readBody(req);
        if (typeof body['resourceArn'] !== 'string' || typeof body['secretArn'] !== 'string') {
          throw new ApiError('BadRequestException', 'resourceArn and secretArn are required');
        }
        requests.push({ path: req.url ?? '', body });
        reply(res, 200, await route(body));
      } catch (error) {
        const e =
          error instanceof ApiError
            ? error
            : new ApiError('InternalServerErrorException', (error as Error).message, 500);
        reply(res, e.status, { message: e.message }, e.type);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const [id] of transactions) await end(id, false).catch(() => undefined);
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
};
