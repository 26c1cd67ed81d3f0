import type { Field, SqlParameter, TypeHint, RDSDataClient } from '@aws-sdk/client-rds-data';
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import type { Driver } from '../port';
import { SqlError, abortedTransaction } from '../port';
import type { SqlParams, SqlValue } from '../sql';
import { parameterCasts, pgArray } from '../sql';

/** Where the Aurora cluster is and which secret signs in to it. */
export interface DataApiOptions {
  readonly resourceArn: string;
  readonly secretArn: string;
  readonly database: string;
  /** The RDS Data API client; pass one with `endpoint` set to talk to a local endpoint. */
  readonly client: RDSDataClient;
}

const field = (value: SqlValue): Field => {
  if (value === null) return { isNull: true };
  if (typeof value === 'boolean') return { booleanValue: value };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { longValue: value } : { doubleValue: value };
  // The Data API takes no array parameters: a list goes as an array literal for its cast.
  return { stringValue: typeof value === 'string' ? value : pgArray(value) };
};

/** The Data API type hint for a PostgreSQL cast, where the Data API has one. */
const hints: Readonly<Record<string, TypeHint>> = {
  uuid: 'UUID',
  json: 'JSON',
  jsonb: 'JSON',
  timestamptz: 'TIMESTAMP',
  timestamp: 'TIMESTAMP',
  date: 'DATE',
  numeric: 'DECIMAL',
};

/** The Data API takes timestamps as `YYYY-MM-DD HH:MM:SS[.FFF]` in UTC, not ISO 8601. */
const dataApiTimestamp = (iso: string) =>
  new Date(iso).toISOString().replace('T', ' ').replace('Z', '');

/**
 * Named parameters as the Data API takes them. Each parameter's type hint comes from the cast the
 * statement puts on it (`:id::uuid` → UUID), so one SQL text serves every adapter.
 */
export const toParameters = (sql: string, params: SqlParams): SqlParameter[] => {
  const casts = parameterCasts(sql);
  return Object.entries(params).map(([name, value]) => {
    const typeHint = hints[casts.get(name) ?? ''];
    if (typeHint === undefined || typeof value !== 'string') return { name, value: field(value) };
    const text = typeHint === 'TIMESTAMP' ? dataApiTimestamp(value) : value;
    return { name, value: { stringValue: text }, typeHint };
  });
};

/** The Data API reports a failed statement's SQLSTATE at the end of its message. */
export const fromDataApiError = (error: unknown): unknown => {
  if (!(error instanceof Error)) return error;
  const state = /SQLState: ([0-9A-Z]{5})/.exec(error.message);
  if (state === null) return error;
  const constraint = /constraint "([^"]+)"/.exec(error.message);
  return new SqlError(
    error.message.replace(/; SQLState: .*$/s, ''),
    state[1]!,
    constraint?.[1] ?? null,
  );
};

/** Aurora PostgreSQL through the RDS Data API: transactions by id, JSON records. */
export const dataApiDriver = (options: DataApiOptions): Driver => {
  const { client, resourceArn, secretArn, database } = options;
  const send = async <T>(promise: Promise<T>): Promise<T> => {
    try {
      return await promise;
    } catch (error) {
      throw fromDataApiError(error);
    }
  };
  return {
    name: 'data-api',
    // Aurora runs the service's transactions side by side, but the endpoints this adapter is
    // tested against run one at a time on one connection; it claims only what is tested.
    concurrent: false,
    // The service returns at most 64 KB in a row and 1 MiB in all, and refuses a statement that
    // would return more (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/data-api.limitations.html);
    // it takes requests of 4 MiB at most (https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/API_BatchExecuteStatement.html).
    statementLimits: {
      rowBytes: 64 * 1024,
      answerBytes: 1024 * 1024,
      requestBytes: 4 * 1024 * 1024,
    },
    transaction: async (work, opening) => {
      // BeginTransaction takes no isolation level: the cluster's default, READ COMMITTED unless
      // its parameter group says otherwise, is the one the store is built on (see postgres.ts).
      const { transactionId } = await send(
        client.send(new BeginTransactionCommand({ resourceArn, secretArn, database })),
      );
      // A failed statement aborts the transaction: it must end in a rollback, whatever work does.
      let failed: unknown = null;
      try {
        const execute = async (sql: string, params: SqlParams) => {
          const response = await send(
            client.send(
              new ExecuteStatementCommand({
                resourceArn,
                secretArn,
                database,
                transactionId,
                sql,
                parameters: toParameters(sql, params),
                formatRecordsAs: 'JSON',
              }),
            ),
          ).catch((error: unknown) => {
            failed ??= error;
            throw error;
          });
          const rows = response.formattedRecords
            ? (JSON.parse(response.formattedRecords) as Record<string, unknown>[])
            : [];
          return { rows, rowCount: response.numberOfRecordsUpdated ?? rows.length };
        };
        // The Data API runs one statement per call: the opening follows BeginTransaction.
        if (opening !== null) await execute(opening.sql, opening.params);
        const result = await work({ execute });
        if (failed !== null) throw abortedTransaction();
        await send(
          client.send(new CommitTransactionCommand({ resourceArn, secretArn, transactionId })),
        );
        return result;
      } catch (error) {
        await client
          .send(new RollbackTransactionCommand({ resourceArn, secretArn, transactionId }))
          .catch(() => undefined);
        throw error;
      }
    },
    close: async () => {
      client.destroy();
      return Promise.resolve();
    },
  };
};
