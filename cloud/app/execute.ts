import { createHash } from 'node:crypto';
import type { EventMetadata } from '../../shared';
import { conflict, parseInput, stockEventTypes } from '../../shared';
import { commit } from '../db/event-store';
import type { NewEvent } from '../db/event-store';
import { load } from '../db/load';
import type { Database } from '../db/port';
import { project } from '../db/projection/project';
import { fromDatabase, isRace } from './errors';
import type { Operation } from './operation';
import type { OperationName } from './operations';
import { operationNamed } from './operations';
import type { OutboxPayload } from './outbox';
import type { Clock, Ids } from './ports';
import type { CommandResult } from './result';
import { resultFrom } from './result';

/** Who asks, for which tenant, under which idempotency key. */
export interface CommandContext {
  readonly tenantId: string;
  readonly actor: string;
  readonly idempotencyKey: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/** The application service: runs a command end to end in one transaction. */
export interface CommandService {
  execute(name: OperationName, input: unknown, context: CommandContext): Promise<CommandResult>;
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

const hash = (name: string, input: unknown) =>
  createHash('sha256')
    .update(`${name}\n${canonical(input)}`)
    .digest('hex');

const MAX_ATTEMPTS = 4;

/** The stored result of an earlier request with the same key, carried out of its transaction. */
class Replay extends Error {
  constructor(readonly result: CommandResult) {
    super('replay of a stored result');
  }
}

/** Builds the application service over the Database port. */
export const createCommandService = (deps: {
  db: Database;
  clock: Clock;
  ids: Ids;
}): CommandService => {
  const { db, clock, ids } = deps;

  const attempt = (op: Operation, input: unknown, requestHash: string, context: CommandContext) =>
    db.tenant(context.tenantId, 'write', async (tx) => {
      const command = await op.prepare(input, { tx, ids });
      const loaded = await load(tx, {
        ...op.plan(command),
        idempotencyKey: context.idempotencyKey,
      });
      if (loaded.idempotency !== null) {
        if (
          loaded.idempotency.command !== op.name ||
          loaded.idempotency.requestHash !== requestHash
        ) {
          throw conflict('idempotencyKey', 'was already used for a different request');
        }
        // Thrown, not returned: the transaction rolls back whatever preparing the command touched
        // (a purchase-order number, say), so a replay leaves no trace.
        throw new Replay({ ...(loaded.idempotency.result as CommandResult), replayed: true });
      }
      const now = clock.now();
      const decided = op.decide(command, loaded, {
        now: now.toISOString(),
        today: now.toISOString().slice(0, 10),
      });

      const next = new Map<string, number>();
      const events: NewEvent[] = decided.map(({ stream, event }) => {
        const version = (next.get(stream) ?? loaded.versions.get(stream) ?? 0) + 1;
        next.set(stream, version);
        return { eventId: ids.uuid(), stream, version, event };
      });
      const metadata: EventMetadata = {
        actor: context.actor,
        idempotencyKey: context.idempotencyKey,
        occurredAt: now.toISOString(),
        correlationId: context.correlationId ?? events[0]?.eventId ?? ids.uuid(),
        causationId: context.causationId ?? null,
      };
      for (const e of events) {
        project(loaded.rows, {
          eventId: e.eventId,
          occurredAt: metadata.occurredAt,
          actor: metadata.actor,
          event: e.event,
        });
      }
      const result = resultFrom(
        loaded.rows,
        events.map((e) => ({
          eventId: e.eventId,
          type: e.event.type,
          stream: e.stream,
          version: e.version,
        })),
      );
      const first = events[0];
      await commit(tx, {
        events,
        metadata,
        changes: loaded.rows.changes(),
        outbox:
          first === undefined
            ? null
            : {
                eventId: first.eventId,
                topic: events.some((e) => stockEventTypes.has(e.event.type))
                  ? 'stock-changed'
                  : 'changed',
                payload: {
                  command: op.name,
                  eventIds: events.map((e) => e.eventId),
                  types: [...new Set(events.map((e) => e.event.type))],
                  productIds: [
                    ...new Set(
                      events.flatMap((e) =>
                        'productId' in e.event.data ? [e.event.data.productId] : [],
                      ),
                    ),
                  ],
                  correlationId: metadata.correlationId,
                  occurredAt: metadata.occurredAt,
                  movementCount: result.movements.length,
                  levels: result.stockLevels.map((l) => ({
                    ...l,
                    available: l.onHand - l.reserved,
                  })),
                } satisfies OutboxPayload,
              },
        idempotency: { key: context.idempotencyKey, command: op.name, requestHash, result },
      });
      return result;
    });

  return {
    execute: async (name, rawInput, context) => {
      const op = operationNamed(name);
      const input = parseInput(op.input, rawInput);
      const requestHash = hash(op.name, input);
      for (let n = 1; ; n++) {
        try {
          return await attempt(op, input, requestHash, context);
        } catch (error) {
          if (error instanceof Replay) return error.result;
          if (isRace(error) && n < MAX_ATTEMPTS) continue;
          throw fromDatabase(error);
        }
      }
    },
  };
};
