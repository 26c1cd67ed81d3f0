import type { EventMetadata, StockMateEvent } from '../../shared';
import type { Tx } from './port';
import type { RowChanges } from './projection/row-set';
import type { TableName } from './projection/rows';
import { tables } from './projection/rows';
import type { SqlParams, SqlValue } from './sql';
import type { Table } from './tables';
import { deleteStatement, deltaStatement, keyParams, rowParams, writeStatement } from './tables';

/** An event about to be appended, with its place in its stream and the metadata of its command. */
export interface NewEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly version: number;
  readonly event: StockMateEvent;
  readonly metadata: EventMetadata;
}

/**
 * Everything a transaction of commands commits (one command, or a group committed together),
 * written by one statement.
 */
export interface Commit {
  readonly events: readonly NewEvent[];
  readonly changes: RowChanges;
  readonly outbox: readonly {
    readonly eventId: string;
    readonly topic: string;
    readonly payload: unknown;
  }[];
  readonly idempotency: readonly {
    readonly key: string;
    readonly command: string;
    readonly requestHash: string;
    readonly result: unknown;
  }[];
  /** Counters moved by the commands (purchase-order numbers), with their new values. */
  readonly counters: readonly { readonly name: string; readonly value: number }[];
}

const streamType = (stream: string) => stream.slice(0, stream.indexOf(':'));

const APPEND_EVENTS = `INSERT INTO events (event_id, tenant_id, stream_id, version, type, payload, metadata, occurred_at)
  SELECT e.event_id, current_tenant(), e.stream_id, e.version, e.type, e.payload, e.metadata, e.occurred_at
  FROM jsonb_to_recordset(:events::jsonb)
    AS e(n integer, event_id uuid, stream_id text, version integer, type text, payload jsonb, metadata jsonb, occurred_at timestamptz)
  ORDER BY e.n`;

const MOVE_STREAM_HEADS = `INSERT INTO streams (tenant_id, stream_id, stream_type, version)
  SELECT current_tenant(), s.stream_id, s.stream_type, s.version
  FROM jsonb_to_recordset(:streams::jsonb) AS s(stream_id text, stream_type text, version integer)
  ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = excluded.version`;

const WRITE_OUTBOX = `INSERT INTO outbox (tenant_id, event_id, topic, payload)
  SELECT current_tenant(), o.event_id, o.topic, o.payload
  FROM jsonb_to_recordset(:outbox::jsonb) AS o(n integer, event_id uuid, topic text, payload jsonb)
  ORDER BY o.n`;

const REMEMBER_RESULTS = `INSERT INTO idempotency (tenant_id, key, command, request_hash, result)
  SELECT current_tenant(), i.key, i.command, i.request_hash, i.result
  FROM jsonb_to_recordset(:idempotency::jsonb) AS i(key text, command text, request_hash text, result jsonb)`;

const MOVE_COUNTERS = `INSERT INTO counters (tenant_id, name, value)
  SELECT current_tenant(), c.name, c.value FROM jsonb_to_recordset(:counters::jsonb) AS c(name text, value bigint)
  ON CONFLICT (tenant_id, name) DO UPDATE SET value = greatest(counters.value, excluded.value)`;

/** Commit statements by the parts they have: a command of a kind commits the same statement. */
const statements = new Map<string, string>();

/**
 * Appends the commands' events, moves their stream heads, writes their projection changes, outbox
 * rows, idempotency records and counters — all in one statement, the transaction's last, so
 * committing costs one round trip whatever adapter carries it, for one command or a group.
 */
export const commit = async (tx: Tx, c: Commit): Promise<void> => {
  // Each part's name, and how to write it: built once per set of parts.
  const parts: [name: string, sql: () => string][] = [];
  const params: Record<string, SqlValue> = {};
  if (c.events.length > 0) {
    params['events'] = JSON.stringify(
      c.events.map((e, n) => ({
        n,
        event_id: e.eventId,
        stream_id: e.stream,
        version: e.version,
        type: e.event.type,
        payload: e.event.data,
        metadata: e.metadata,
        occurred_at: e.metadata.occurredAt,
      })),
    );
    const heads = new Map<string, number>();
    for (const e of c.events) heads.set(e.stream, Math.max(heads.get(e.stream) ?? 0, e.version));
    params['streams'] = JSON.stringify(
      [...heads].map(([stream_id, version]) => ({
        stream_id,
        stream_type: streamType(stream_id),
        version,
      })),
    );
    parts.push(['events', () => APPEND_EVENTS], ['streams', () => MOVE_STREAM_HEADS]);
  }
  for (const name of Object.keys(c.changes) as TableName[]) {
    const table = tables[name] as unknown as Table<unknown>;
    const { upserts, deltas, deletes } = c.changes[name];
    if (deletes.length > 0) {
      Object.assign(params, keyParams(table, `${name}Deleted`, deletes));
      parts.push([`${name}Deleted`, () => deleteStatement(table, `${name}Deleted`)]);
    }
    if (deltas.length > 0) {
      Object.assign(params, rowParams(table, `${name}Deltas`, deltas));
      parts.push([`${name}Deltas`, () => deltaStatement(table, `${name}Deltas`)]);
    }
    if (upserts.length > 0) {
      Object.assign(params, rowParams(table, name, upserts));
      parts.push([name, () => writeStatement(table, name)]);
    }
  }
  if (c.outbox.length > 0) {
    params['outbox'] = JSON.stringify(
      c.outbox.map((o, n) => ({ n, event_id: o.eventId, topic: o.topic, payload: o.payload })),
    );
    parts.push(['outbox', () => WRITE_OUTBOX]);
  }
  if (c.idempotency.length > 0) {
    params['idempotency'] = JSON.stringify(
      c.idempotency.map((i) => ({
        key: i.key,
        command: i.command,
        request_hash: i.requestHash,
        result: i.result,
      })),
    );
    parts.push(['idempotency', () => REMEMBER_RESULTS]);
  }
  if (c.counters.length > 0) {
    params['counters'] = JSON.stringify(c.counters);
    parts.push(['counters', () => MOVE_COUNTERS]);
  }
  if (parts.length === 0) return;
  const shape = parts.map(([name]) => name).join(',');
  let sql = statements.get(shape);
  if (sql === undefined) {
    sql = `WITH ${parts.map(([, part], i) => `w${i} AS (${part()})`).join(',\n')} SELECT 1`;
    statements.set(shape, sql);
  }
  await tx.last(sql, params satisfies SqlParams);
};
