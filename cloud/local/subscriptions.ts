/**
 * Subscriptions fed by mutations, as AppSync runs them: a subscription field with
 * `@aws_subscribe(mutations: [...])` receives those mutations' results, filtered by the
 * subscriber's arguments, each through the subscriber's own selection set.
 */
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { GraphQLError, Kind, getArgumentValues, getVariableValues } from 'graphql';
import { TENANT_CLAIM } from '../api/caller';
import type { AppSyncErrorEntry } from './appsync-errors';
import { fromGraphQLError, requestError } from './appsync-errors';
import { mayAccess, subscribedMutations } from './directives';
import type { Executor, GraphQLResponse, PreparedOperation } from './graphql-exec';
import type { CallerContext } from './identity';

/** What one `start` subscribed to. */
export interface SubscriptionPlan {
  readonly field: string;
  readonly mutations: readonly string[];
  /** The arguments the subscriber gave, after coercion: the filter. */
  readonly filter: Readonly<Record<string, unknown>>;
}

export interface Subscriber extends SubscriptionPlan {
  readonly connection: string;
  readonly id: string;
  readonly op: PreparedOperation;
  readonly deliver: (payload: GraphQLResponse) => void;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

const rootField = (selectionSet: SelectionSetNode, fragments: Fragments): FieldNode | undefined => {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection;
    const inner =
      selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : fragments.get(selection.name.value)?.selectionSet;
    const found = inner === undefined ? undefined : rootField(inner, fragments);
    if (found !== undefined) return found;
  }
  return undefined;
};

const fragmentsOf = (op: PreparedOperation): Fragments =>
  new Map(
    op.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );

const denied = (message: string): { ok: false; error: AppSyncErrorEntry } => ({
  ok: false,
  error: requestError('Unauthorized', message),
});

/**
 * Checks a validated subscription for a caller: a field fed by mutations, reachable by the
 * caller's mode, and — what the cloud's subscription resolver checks — the caller's own tenant.
 */
export const planSubscription = (
  schema: GraphQLSchema,
  op: PreparedOperation,
  caller: CallerContext,
): { ok: true; plan: SubscriptionPlan } | { ok: false; error: AppSyncErrorEntry } => {
  const root = schema.getSubscriptionType();
  const node = rootField(op.operation.selectionSet, fragmentsOf(op));
  const field = node === undefined ? undefined : root?.getFields()[node.name.value];
  if (!root || node === undefined || field === undefined) {
    return { ok: false, error: requestError('ValidationError', 'the subscription names no field') };
  }
  if (!mayAccess(schema, root, field, caller.auth)) {
    return denied(`Not Authorized to access ${field.name} on type ${root.name}`);
  }
  const mutations = subscribedMutations(schema, field);
  if (mutations.length === 0) {
    const message = `${field.name} is not fed by any mutation`;
    return { ok: false, error: requestError('UnsupportedOperation', message) };
  }
  const variables = getVariableValues(schema, op.operation.variableDefinitions ?? [], op.variables);
  let filter: Record<string, unknown>;
  try {
    filter = getArgumentValues(field, node, variables.coerced);
  } catch (error) {
    const entry =
      error instanceof GraphQLError
        ? fromGraphQLError(error, 'ValidationError')
        : requestError('ValidationError', String(error));
    return { ok: false, error: entry };
  }
  if (field.args.some((a) => a.name === 'tenantId')) {
    const claims = caller.identity.claims ?? {};
    if (filter['tenantId'] !== claims[TENANT_CLAIM]) {
      return denied(
        `you can only subscribe to updates of your own tenant, not ${String(filter['tenantId'])}`,
      );
    }
  }
  return { ok: true, plan: { field: field.name, mutations, filter } };
};

const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));

/** AppSync's filter: every argument the subscriber gave equals the same-named field of the result. */
export const matches = (filter: Readonly<Record<string, unknown>>, result: unknown): boolean => {
  if (typeof result !== 'object' || result === null) return false;
  const fields = result as Record<string, unknown>;
  return Object.entries(filter).every(
    ([name, value]) => value === null || value === undefined || sameValue(value, fields[name]),
  );
};

/** The live subscriptions of all connections. */
export const createSubscriptions = (deps: {
  readonly executor: Executor;
  readonly log: (message: string, error?: unknown) => void;
}) => {
  const byConnection = new Map<string, Map<string, Subscriber>>();

  const has = (connection: string, id: string): boolean =>
    byConnection.get(connection)?.has(id) ?? false;

  /** How many subscriptions a connection has running. */
  const countOn = (connection: string): number => byConnection.get(connection)?.size ?? 0;

  const add = (subscriber: Subscriber): void => {
    const subs = byConnection.get(subscriber.connection) ?? new Map<string, Subscriber>();
    subs.set(subscriber.id, subscriber);
    byConnection.set(subscriber.connection, subs);
  };

  const remove = (connection: string, id: string): boolean =>
    byConnection.get(connection)?.delete(id) ?? false;

  /** Drops a connection's subscriptions and returns their ids. */
  const removeConnection = (connection: string): string[] => {
    const ids = [...(byConnection.get(connection)?.keys() ?? [])];
    byConnection.delete(connection);
    return ids;
  };

  /** Whether anyone subscribes to what `mutation` feeds (the publisher skips its work if not). */
  const listening = (mutation: string): boolean =>
    [...byConnection.values()].some((subs) =>
      [...subs.values()].some((s) => s.mutations.includes(mutation)),
    );

  /** Delivers a mutation's result to every subscriber it is for; returns how many got it. */
  const fanOut = async (mutation: string, result: unknown): Promise<number> => {
    const targets = [...byConnection.values()]
      .flatMap((subs) => [...subs.values()])
      .filter((s) => s.mutations.includes(mutation) && matches(s.filter, result));
    // Subscribers of the same operation with the same variables (every desktop of a tenant, say)
    // get the same payload: it is shaped once.
    const shaped = new Map<OperationDefinitionNode, Map<string, Promise<GraphQLResponse>>>();
    const shape = (s: Subscriber) => {
      const byVariables = shaped.get(s.op.operation) ?? new Map<string, Promise<GraphQLResponse>>();
      shaped.set(s.op.operation, byVariables);
      const variables = JSON.stringify(s.op.variables);
      let payload = byVariables.get(variables);
      if (payload === undefined) {
        payload = deps.executor.shape(s.op, { [s.field]: result });
        byVariables.set(variables, payload);
      }
      return payload;
    };
    await Promise.all(
      targets.map(async (s) => {
        try {
          s.deliver(await shape(s));
        } catch (error) {
          deps.log(`delivering ${mutation} to subscription ${s.id} failed`, error);
        }
      }),
    );
    return targets.length;
  };

  return { has, countOn, add, remove, removeConnection, listening, fanOut };
};

export type Subscriptions = ReturnType<typeof createSubscriptions>;
