import type { Tx } from '../port';
import type { CursorShape } from './paging';
import { decodeCursor, pageOf, pageSize } from './paging';

export interface EventView {
  eventId: string;
  stream: string;
  version: number;
  type: string;
  data: unknown;
  actor: string;
  occurredAt: string;
  correlationId: string;
}

const cursor: CursorShape = { list: 'history', parts: ['int'] };

/** The events of one stream, oldest first. */
export const streamHistory = async (
  tx: Tx,
  q: { stream: string; limit?: number | null; nextToken?: string | null },
) => {
  const limit = pageSize(q.limit);
  const after = decodeCursor(q.nextToken, cursor);
  const rows = await tx.rows<EventView>(
    `SELECT event_id AS "eventId", stream_id AS stream, version, type, payload AS data,
            metadata->>'actor' AS actor, iso_time(occurred_at) AS "occurredAt", metadata->>'correlationId' AS "correlationId"
     FROM events WHERE stream_id = :stream AND version > :after ORDER BY version LIMIT :take`,
    { stream: q.stream, after: (after?.[0] as number | undefined) ?? 0, take: limit + 1 },
  );
  const page = pageOf(rows, limit, cursor, (r) => [r.version]);
  return page;
};
