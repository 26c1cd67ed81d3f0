import { z } from 'zod';
import { fields, forbidden, parseInput, validationError } from '../../shared';
import type { CommandService } from '../app/execute';
import type { OperationName } from '../app/operations';
import type { CommandResult } from '../app/result';
import type { Clock } from '../app/ports';
import type { Database } from '../db/port';
import type { Billing } from '../services/billing';
import type { Workflows } from '../services/workflows';
import type { Caller, Identity } from './caller';
import { callerOf, requireRole } from './caller';
import type { AppSyncError } from './errors';
import { toAppSyncError } from './errors';
import { extraMutations, extraQueries } from './extras';
import { commandInput, mutationOperation } from './mutations';
import { queries } from './queries';
import { changeSetView } from './views';

/** The parts of an AppSync resolver event a handler reads (direct Lambda resolvers send all of it). */
export interface ResolverEvent {
  readonly arguments: Readonly<Record<string, unknown>> | null;
  readonly identity: Identity | null;
  readonly info: {
    readonly fieldName: string;
    readonly parentTypeName: string;
    readonly selectionSetList?: readonly string[];
  };
  readonly request?: { readonly headers?: Readonly<Record<string, string | undefined>> };
}

/** What the handlers need from their environment; each composition root supplies its own. */
export interface ApiPorts {
  readonly db: Database;
  readonly commands: CommandService;
  /** Starts on-demand workflow runs (runUsageAnalysis). */
  readonly workflows?: Workflows;
  /** Answers billingUsage. */
  readonly billing?: Billing;
  readonly clock?: Clock;
  /** Called after a mutation committed, without holding up the response (starts the outbox relay). */
  readonly committed?: (tenantId: string, result: CommandResult) => void;
  readonly log?: (message: string, error: unknown) => void;
}

/** Data, or an error as AppSync reports it; a resolver never throws. */
export type ResolverResult = { readonly data: unknown } | { readonly error: AppSyncError };

/**
 * How many resolvers one request may run: one for each field it selects at its root, an alias
 * counting as a field of its own. The cloud stack sets it as AppSync's `resolverCountLimit`, and
 * the local server refuses a request over it before running any, so one request cannot turn into
 * thousands of database transactions. The desktop sends at most 50 in one request (products read
 * by id, or registered by an import).
 */
export const RESOLVERS_PER_REQUEST = 100;

/** The fields the handlers serve, by parent type: the API's whole surface. */
export const servedFields = {
  Query: [...Object.keys(queries), ...Object.keys(extraQueries)],
  Mutation: [
    ...([
      'registerProduct',
      'updateProduct',
      'archiveProduct',
      'restoreProduct',
      'createWarehouse',
      'updateWarehouse',
      'archiveWarehouse',
      'restoreWarehouse',
      'createSupplier',
      'updateSupplier',
      'archiveSupplier',
      'restoreSupplier',
      'receiveStock',
      'issueStock',
      'adjustStock',
      'transferStock',
      'countStock',
      'reserveStock',
      'releaseReservation',
      'draftPurchaseOrder',
      'revisePurchaseOrder',
      'submitPurchaseOrder',
      'receivePurchaseOrder',
      'cancelPurchaseOrder',
      'closePurchaseOrder',
      'postponePurchaseOrder',
    ] satisfies OperationName[]),
    ...Object.keys(extraMutations),
    'publishStockChanged',
    'publishNotification',
  ],
} as const;

const publishers = new Set(['publishStockChanged', 'publishNotification']);
const keySchema = z.object({ idempotencyKey: fields.idempotencyKey });

/** Tells the environment about a commit; its failure must not report a saved change as unsaved. */
const announce = (ports: ApiPorts, tenantId: string, result: CommandResult) => {
  try {
    ports.committed?.(tenantId, result);
  } catch (error) {
    (ports.log ?? console.error)(
      'could not announce a committed mutation; its outbox row waits for the relay',
      error,
    );
  }
};

const mutate = async (event: ResolverEvent, caller: Caller, ports: ApiPorts): Promise<unknown> => {
  const field = event.info.fieldName;
  const extra = extraMutations[field];
  if (extra !== undefined) return extra(event, caller, ports);
  if (publishers.has(field)) {
    // AppSync resolves these with a NONE data source: the input is the result, fanned out to
    // subscribers. Only the backend (IAM) may call them.
    if (caller.kind !== 'backend') throw forbidden(`${field} is for the backend only`);
    return event.arguments?.['input'] ?? null;
  }
  const op = mutationOperation(field);
  if (op === null) throw validationError('field', `unknown mutation ${field}`);
  const user = requireRole(caller, op.role, field);
  const { idempotencyKey, input } = commandInput(op.name as OperationName, event.arguments);
  const key = parseInput(keySchema, { idempotencyKey }).idempotencyKey;
  const result = await ports.commands.execute(op.name as OperationName, input, {
    tenantId: user.tenantId,
    actor: user.userId,
    idempotencyKey: key,
  });
  if (!result.replayed) announce(ports, user.tenantId, result);
  return changeSetView(result);
};

const read = async (event: ResolverEvent, caller: Caller, ports: ApiPorts): Promise<unknown> => {
  const extra = extraQueries[event.info.fieldName];
  if (extra !== undefined) return extra(event, caller, ports);
  const resolve = queries[event.info.fieldName];
  if (resolve === undefined)
    throw validationError('field', `unknown query ${event.info.fieldName}`);
  const user = requireRole(caller, 'viewer', event.info.fieldName);
  return ports.db.tenant(user.tenantId, 'read', (tx) => resolve(tx, event.arguments, user));
};

/**
 * The one resolver entry, run by AppSync's Lambda resolvers in the cloud and by the local server:
 * identity → role → validated arguments → application service or read → data or typed error.
 */
export const handle = async (event: ResolverEvent, ports: ApiPorts): Promise<ResolverResult> => {
  const log = ports.log ?? ((message, error) => console.error(message, error));
  try {
    const caller = callerOf(event.identity);
    const data =
      event.info.parentTypeName === 'Mutation'
        ? await mutate(event, caller, ports)
        : event.info.parentTypeName === 'Query'
          ? await read(event, caller, ports)
          : (() => {
              throw validationError(
                'field',
                `${event.info.parentTypeName}.${event.info.fieldName} is not served here`,
              );
            })();
    return { data };
  } catch (error) {
    return { error: toAppSyncError(error, log) };
  }
};
