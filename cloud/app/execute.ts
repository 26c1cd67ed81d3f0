import { createHash } from 'node:crypto';
import type { EventMetadata } from '../../shared';
import {
  StockMateError,
  conflict,
  parseInput,
  productsNoLongerDue,
  stockEventTypes,
} from '../../shared';
import type { NewEvent } from '../db/event-store';
import { commit } from '../db/event-store';
import type { LoadPlan } from '../db/load';
import { load, mergePlans, mergeable } from '../db/load';
import type { Database, Tx } from '../db/port';
import { project } from '../db/projection/project';
import { fromDatabase, isRace } from './errors';
import type { Operation } from './operation';
import type { OperationName } from './operations';
import { operationNamed } from './operations';
import type { OutboxCommand, OutboxPayload } from './outbox';
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
/** Commands of one tenant committed together at most; more wait for the next group. */
const MAX_GROUP = 64;

interface Pending {
  readonly op: Operation;
  readonly input: unknown;
  readonly requestHash: string;
  readonly context: CommandContext;
  readonly resolve: (result: CommandResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  | { readonly ok: true; readonly result: CommandResult }
  | { readonly ok: false; readonly error: unknown };

/** A tenant's counters as the group sees them: read once, moved in memory, written at commit. */
const counters = (tx: Tx) => {
  const values = new Map<string, number>();
  const owners = new Map<string, string[]>();
  return {
    next: async (name: string, owner: string): Promise<number> => {
      let value = values.get(name);
      if (value === undefined) {
        const row = await tx.one<{ value: number }>(
          `SELECT value FROM counters WHERE name = :name`,
          { name },
        );
        value = row?.value ?? 0;
      }
      values.set(name, value + 1);
      owners.set(name, [...(owners.get(name) ?? []), owner]);
      return value + 1;
    },
    /** Gives back what a command that will not commit took, when it took the last number. */
    release: (owner: string) => {
      for (const [name, list] of owners) {
        if (list[list.length - 1] === owner) {
          list.pop();
          values.set(name, (values.get(name) ?? 1) - 1);
        }
      }
    },
    moved: () =>
      [...owners]
        .filter(([, list]) => list.length > 0)
        .map(([name]) => ({ name, value: values.get(name) ?? 0 })),
  };
};

/**
 * Builds the application service over the Database port. Commands of a tenant that arrive in the
 * same turn of the event loop, or while another group is being committed, are committed together:
 * one load, one write, one commit — each command still decided on its own, its refusal its own,
 * its result its own.
 */
export const createCommandService = (deps: {
  db: Database;
  clock: Clock;
  ids: Ids;
}): CommandService => {
  const { db, clock, ids } = deps;
  const queues = new Map<string, Pending[]>();
  const busy = new Set<string>();

  /** One transaction for a group; returns each command's outcome in order. */
  const attempt = (tenantId: string, group: readonly Pending[]): Promise<Outcome[]> =>
    db.tenant(tenantId, group[0]?.op.exclusive === true ? 'exclusive' : 'write', async (tx) => {
      const allocation = counters(tx);
      const outcomes: (Outcome | null)[] = group.map(() => null);
      const commands: unknown[] = [];
      const plans: LoadPlan[] = [];
      for (const [i, p] of group.entries()) {
        try {
          const command = await p.op.prepare(p.input, {
            tx,
            ids,
            allocate: (name) => allocation.next(name, String(i)),
          });
          commands[i] = command;
          plans.push({ ...p.op.plan(command), idempotencyKeys: [p.context.idempotencyKey] });
        } catch (error) {
          allocation.release(String(i));
          outcomes[i] = { ok: false, error };
        }
      }
      if (plans.length > 1 && !plans.every(mergeable))
        throw new Error('a solo command was grouped with others');
      const loaded = await load(tx, plans.length === 1 ? plans[0]! : mergePlans(plans));
      const now = clock.now();
      const decision = { now: now.toISOString(), today: now.toISOString().slice(0, 10) };
      const events: NewEvent[] = [];
      // One outbox row per topic for the whole group, named after its first command's event.
      const outbox = new Map<string, { eventId: string; commands: OutboxCommand[] }>();
      const remembered: { key: string; command: string; requestHash: string; result: unknown }[] =
        [];
      const answered = new Map<
        string,
        { requestHash: string; command: string; result: CommandResult }
      >();
      const next = new Map<string, number>();

      for (const [i, p] of group.entries()) {
        if (outcomes[i] !== null) continue;
        const key = p.context.idempotencyKey;
        const earlier = loaded.idempotency.get(key) ?? answered.get(key);
        if (earlier !== undefined) {
          allocation.release(String(i));
          outcomes[i] =
            earlier.command !== p.op.name || earlier.requestHash !== p.requestHash
              ? {
                  ok: false,
                  error: conflict('idempotencyKey', 'was already used for a different request'),
                }
              : { ok: true, result: { ...(earlier.result as CommandResult), replayed: true } };
          continue;
        }
        let decided;
        try {
          decided = p.op.decide(commands[i], loaded, decision);
        } catch (error) {
          allocation.release(String(i));
          outcomes[i] = { ok: false, error };
          continue;
        }
        const eventIds = decided.map(() => ids.uuid());
        const metadata: EventMetadata = {
          actor: p.context.actor,
          idempotencyKey: key,
          occurredAt: decision.now,
          correlationId: p.context.correlationId ?? eventIds[0] ?? ids.uuid(),
          causationId: p.context.causationId ?? null,
        };
        const stamped: NewEvent[] = decided.map(({ stream, event }, n) => {
          const version = (next.get(stream) ?? loaded.versions.get(stream) ?? 0) + 1;
          next.set(stream, version);
          return { eventId: eventIds[n]!, stream, version, event, metadata };
        });
        const changed = loaded.rows.capture(() => {
          for (const e of stamped)
            project(loaded.rows, {
              eventId: e.eventId,
              occurredAt: metadata.occurredAt,
              actor: metadata.actor,
              event: e.event,
            });
        });
        const result = resultFrom(
          loaded.rows,
          changed,
          stamped.map((e) => ({
            eventId: e.eventId,
            type: e.event.type,
            stream: e.stream,
            version: e.version,
          })),
        );
        events.push(...stamped);
        const first = stamped[0];
        if (first !== undefined) {
          const noLongerDue = stamped.flatMap((e) => productsNoLongerDue(e.event));
          // What changes a product's stock, or what it has coming, is analysed.
          const topic =
            stamped.some((e) => stockEventTypes.has(e.event.type)) || noLongerDue.length > 0
              ? 'stock-changed'
              : 'changed';
          const row = outbox.get(topic) ?? { eventId: first.eventId, commands: [] };
          row.commands.push({
            command: p.op.name,
            eventIds: stamped.map((e) => e.eventId),
            types: [...new Set(stamped.map((e) => e.event.type))],
            productIds: [
              ...new Set([
                ...stamped.flatMap((e) =>
                  'productId' in e.event.data ? [e.event.data.productId] : [],
                ),
                ...noLongerDue,
              ]),
            ],
            correlationId: metadata.correlationId,
            occurredAt: metadata.occurredAt,
            movementCount: result.movements.length,
            levels: result.stockLevels.map((l) => ({ ...l, available: l.onHand - l.reserved })),
          });
          outbox.set(topic, row);
        }
        remembered.push({ key, command: p.op.name, requestHash: p.requestHash, result });
        answered.set(key, { requestHash: p.requestHash, command: p.op.name, result });
        outcomes[i] = { ok: true, result };
      }
      await commit(tx, {
        events,
        changes: loaded.rows.changes(),
        outbox: [...outbox].map(([topic, { eventId, commands }]) => ({
          eventId,
          topic,
          payload: { commands } satisfies OutboxPayload,
        })),
        idempotency: remembered,
        counters: allocation.moved(),
      });
      return outcomes.map(
        (o) => o ?? { ok: false, error: new Error('a command of the group was not decided') },
      );
    });

  /** Runs a group, retrying races; a group whose write fails is split so each command stands alone. */
  const run = async (tenantId: string, group: readonly Pending[]): Promise<void> => {
    for (let n = 1; ; n++) {
      try {
        const outcomes = await attempt(tenantId, group);
        outcomes.forEach((o, i) =>
          o.ok ? group[i]!.resolve(o.result) : group[i]!.reject(fromDatabase(o.error)),
        );
        return;
      } catch (error) {
        if (isRace(error) && n < MAX_ATTEMPTS) continue;
        if (group.length > 1 && !(error instanceof StockMateError)) {
          for (const p of group) await run(tenantId, [p]);
          return;
        }
        for (const p of group) p.reject(fromDatabase(error));
        return;
      }
    }
  };

  /** Takes the next group: commands whose loads can merge, or one command that needs its own. */
  const takeGroup = (queue: Pending[]): Pending[] => {
    const first = queue[0];
    if (first === undefined) return [];
    const alone = (p: Pending) => p.op.solo === true || p.op.exclusive === true;
    if (alone(first)) return queue.splice(0, 1);
    let size = 1;
    while (size < queue.length && size < MAX_GROUP && !alone(queue[size]!)) size++;
    return queue.splice(0, size);
  };

  const scheduled = new Set<string>();
  /**
   * Starts the tenant's next group once the event loop has taken in what else has arrived: a
   * database that answers without waiting for I/O (PGlite) would otherwise commit each request
   * before the next one is even read, one transaction apiece.
   */
  const pumpSoon = (tenantId: string) => {
    if (busy.has(tenantId) || scheduled.has(tenantId)) return;
    scheduled.add(tenantId);
    setImmediate(() => {
      scheduled.delete(tenantId);
      pump(tenantId);
    });
  };

  const pump = (tenantId: string) => {
    if (busy.has(tenantId)) return;
    const queue = queues.get(tenantId) ?? [];
    const group = takeGroup(queue);
    if (group.length === 0) {
      queues.delete(tenantId);
      return;
    }
    busy.add(tenantId);
    void run(tenantId, group).finally(() => {
      busy.delete(tenantId);
      pumpSoon(tenantId);
    });
  };

  return {
    execute: async (name, rawInput, context) => {
      const op = operationNamed(name);
      const input = parseInput(op.input, rawInput);
      const requestHash = hash(op.name, input);
      return new Promise<CommandResult>((resolve, reject) => {
        const queue = queues.get(context.tenantId) ?? [];
        queue.push({ op, input, requestHash, context, resolve, reject });
        queues.set(context.tenantId, queue);
        pumpSoon(context.tenantId);
      });
    },
  };
};
