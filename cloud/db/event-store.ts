import type { EventMetadata, StockMateEvent } from '../../shared';
import type { Tx } from './port';
import type { RowChanges } from './projection/row-set';
import type { TableName } from './projection/rows';
import { tables } from './projection/rows';
import type { SqlParams } from './sql';
import type { Table } from './tables';
import { deleteStatement, deltaStatement, writeStatement } from './tables';

/** An event about to be appended, with its place in its stream. */
export interface NewEvent {
  readonly eventId: string;
  readonly stream: string;
  readonly version: number;
  readonly event: StockMateEvent;
}

/** Everything one command commits, written by one statement. */
export interface Commit {
  readonly events: readonly NewEvent[];
  readonly metadata: EventMetadata;
  readonly changes: RowChanges;
  readonly outbox: {
    readonly eventId: string;
    readonly topic: string;
    readonly payload: unknown;
  } | null;
  readonly idempotency: {
    readonly key: string;
    readonly command: string;
    readonly requestHash: string;
    readonly result: unknown;
  } | null;
}

const streamType = (stream: string) => stream.slice(0, stream.indexOf(':'));

const APPEND_EVENTS = `INSERT INTO events (event_id, tenant_id, stream_id, version, type, payload, metadata, occurred_at)
  SELECT e.event_id, current_tenant(), e.stream_id, e.version, e.type, e.payload, :metadata::jsonb, :occurredAt::timestamptz
  FROM jsonb_to_recordset(:events::jsonb) AS e(n integer, event_id uuid, stream_id text, version integer, type text, payload jsonb)
  ORDER BY e.n`;

const MOVE_STREAM_HEADS = `INSERT INTO streams (tenant_id, stream_id, stream_type, version)
  SELECT current_tenant(), s.stream_id, s.stream_type, s.version
  FROM jsonb_to_recordset(:streams::jsonb) AS s(stream_id text, stream_type text, version integer)
  ON CONFLICT (tenant_id, stream_id) DO UPDATE SET version = excluded.version`;

const WRITE_OUTBOX = `INSERT INTO outbox (tenant_id, event_id, topic, payload)
  VALUES (current_tenant(), :outboxEventId::uuid, :outboxTopic, :outboxPayload::jsonb)`;

const REMEMBER_RESULT = `INSERT INTO idempotency (tenant_id, key, command, request_hash, result)
  VALUES (current_tenant(), :idempotencyKey, :command, :requestHash, :result::jsonb)`;

/**
 * Appends a command's events, moves its stream heads, writes its projection changes, its outbox
 * row and its idempotency record — all in one statement, so a command costs one round trip to
 * commit whatever adapter carries it.
 */
export const commit = async (tx: Tx, c: Commit): Promise<void> => {
  const parts: string[] = [];
  const params: Record<string, string | null> = {};
  if (c.events.length > 0) {
    params['events'] = JSON.stringify(
      c.events.map((e, n) => ({
        n,
        event_id: e.eventId,
        stream_id: e.stream,
        version: e.version,
        type: e.event.type,
        payload: e.event.data,
      })),
    );
    params['metadata'] = JSON.stringify(c.metadata);
    params['occurredAt'] = c.metadata.occurredAt;
    const heads = new Map<string, number>();
    for (const e of c.events) heads.set(e.stream, Math.max(heads.get(e.stream) ?? 0, e.version));
    params['streams'] = JSON.stringify(
      [...heads].map(([stream_id, version]) => ({
        stream_id,
        stream_type: streamType(stream_id),
        version,
      })),
    );
    parts.push(APPEND_EVENTS, MOVE_STREAM_HEADS);
  }
  for (const name of Object.keys(c.changes) as TableName[]) {
    const table = tables[name] as unknown as Table<unknown>;
    const { upserts, deltas, deletes } = c.changes[name];
    if (deletes.length > 0) {
      params[`${name}Deleted`] = JSON.stringify(deletes);
      parts.push(deleteStatement(table, `${name}Deleted`));
    }
    if (deltas.length > 0) {
      params[`${name}Deltas`] = JSON.stringify(deltas);
      parts.push(deltaStatement(table, `${name}Deltas`));
    }
    if (upserts.length > 0) {
      params[name] = JSON.stringify(upserts);
      parts.push(writeStatement(table, name));
    }
  }
  if (c.outbox !== null) {
    params['outboxEventId'] = c.outbox.eventId;
    params['outboxTopic'] = c.outbox.topic;
    params['outboxPayload'] = JSON.stringify(c.outbox.payload);
    parts.push(WRITE_OUTBOX);
  }
  if (c.idempotency !== null) {
    params['idempotencyKey'] = c.idempotency.key;
    params['command'] = c.idempotency.command;
    params['requestHash'] = c.idempotency.requestHash;
    params['result'] = JSON.stringify(c.idempotency.result);
    parts.push(REMEMBER_RESULT);
  }
  if (parts.length === 0) return;
  const sql = `WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(',\n')} SELECT 1`;
  await tx.run(sql, params satisfies SqlParams);
};
