/**
 * Runs GraphQL operations the way AppSync does with one resolver per top-level field: each root
 * field becomes a resolver event, and nested fields are read from the resolver's data by name.
 */
import type {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLFieldResolver,
  GraphQLResolveInfo,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  defaultFieldResolver,
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  print,
  validate,
} from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { INTERNAL_MESSAGE } from '../api/errors';
import type { ResolverEvent, ResolverResult } from '../api/handler';
import { RESOLVERS_PER_REQUEST } from '../api/handler';
import type { AppSyncErrorEntry } from './appsync-errors';
import { fromGraphQLError, requestError } from './appsync-errors';
import { mayAccess } from './directives';
import type { CallerContext } from './identity';

/** A parsed, validated operation with its variables, ready to run. */
export interface PreparedOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
}

export type Prepared =
  | { readonly ok: true; readonly op: PreparedOperation }
  | { readonly ok: false; readonly errors: readonly AppSyncErrorEntry[] };

/** A response body: data, and AppSync-shaped errors when there are any. */
export interface GraphQLResponse {
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly errors?: readonly AppSyncErrorEntry[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Errors about the document carry `path` and `locations` like field errors do, null when unknown.
const failed = (errors: readonly AppSyncErrorEntry[]): Prepared => ({
  ok: false,
  errors: errors.map((e) => ({ ...e, path: e.path ?? null, locations: e.locations ?? null })),
});

/**
 * How deep a document may nest braces, brackets and parentheses. The parser, the validation and
 * the execution all descend a document by recursion, so a document of thousands of levels (a few
 * kilobytes of `[`) would exhaust the stack. No query of the desktop's comes near the limit.
 */
export const MAX_NESTING = 100;

const BLOCK_QUOTE = '"""';

/** The deepest nesting of `{`, `[` and `(` in a document, strings and comments aside. */
const nestingOf = (query: string): number => {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '#') {
      while (i < query.length && query[i] !== '\n' && query[i] !== '\r') i++;
    } else if (c === '"' && query.startsWith(BLOCK_QUOTE, i)) {
      // A block string ends at the first """ that is not escaped as \""".
      let end = query.indexOf(BLOCK_QUOTE, i + 3);
      while (end > 0 && query[end - 1] === '\\') end = query.indexOf(BLOCK_QUOTE, end + 3);
      i = end < 0 ? query.length : end + 2;
    } else if (c === '"') {
      for (i++; i < query.length && query[i] !== '"' && query[i] !== '\n'; i++)
        if (query[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(') {
      deepest = Math.max(deepest, ++depth);
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return deepest;
};

/** Parsed, valid documents by query text: clients send the same few operations again and again. */
const documents = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();
const DOCUMENT_CACHE_SIZE = 500;

const parsedAndValid = (
  schema: GraphQLSchema,
  query: string,
): DocumentNode | AppSyncErrorEntry[] => {
  const cache = documents.get(schema) ?? new Map<string, DocumentNode>();
  documents.set(schema, cache);
  const known = cache.get(query);
  if (known !== undefined) return known;
  const nesting = nestingOf(query);
  if (nesting > MAX_NESTING) {
    return [
      requestError(
        'ValidationError',
        `the document nests ${nesting} levels deep; at most ${MAX_NESTING} are served`,
      ),
    ];
  }
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return [fromGraphQLError(error as GraphQLError, 'InvalidSyntax')];
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((e) => fromGraphQLError(e, 'ValidationError'));
  if (cache.size >= DOCUMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(query, document);
  return document;
};

/**
 * The resolvers an operation runs: one for each response key at its root, through fragments
 * (execution merges fields of the same key). The schema's own fields (`__typename`, `__schema`)
 * run none. A field under `@skip` or `@include` counts whether or not it runs.
 */
const resolverCount = (document: DocumentNode, operation: OperationDefinitionNode): number => {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const keys = new Set<string>();
  const spread = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__'))
          keys.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return keys.size;
};

/** Parses and validates `{ query, variables, operationName }` for the allowed operation types. */
export const prepare = (
  schema: GraphQLSchema,
  request: unknown,
  allowed: readonly OperationTypeNode[],
): Prepared => {
  if (!isRecord(request) || typeof request['query'] !== 'string') {
    return failed([requestError('BadRequestException', 'the request needs a GraphQL `query`')]);
  }
  const { query, variables = {}, operationName } = request;
  if (variables !== null && !isRecord(variables)) {
    return failed([requestError('BadRequestException', '`variables` must be an object')]);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return failed([requestError('BadRequestException', '`operationName` must be a string')]);
  }
  const document = parsedAndValid(schema, query);
  if (Array.isArray(document)) return failed(document);
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation) {
    const message =
      typeof operationName === 'string'
        ? `the document has no operation named ${operationName}`
        : 'the document has several operations; name one in `operationName`';
    return failed([requestError('ValidationError', message)]);
  }
  if (!allowed.includes(operation.operation)) {
    const where =
      operation.operation === OperationTypeNode.SUBSCRIPTION
        ? 'subscriptions are served over the real-time endpoint, not over HTTP'
        : `a ${operation.operation} cannot be sent here; only ${allowed.join(' or ')}`;
    return failed([requestError('UnsupportedOperation', where)]);
  }
  const resolvers = resolverCount(document, operation);
  if (resolvers > RESOLVERS_PER_REQUEST) {
    return failed([
      requestError(
        'ValidationError',
        `the operation selects ${resolvers} fields at its root, each run by a resolver; one request may run at most ${RESOLVERS_PER_REQUEST}`,
      ),
    ]);
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors !== undefined) {
    return failed(coerced.errors.map((e) => fromGraphQLError(e, 'ValidationError')));
  }
  return { ok: true, op: { document, operation, variables: variables ?? {} } };
};

/** AppSync's `selectionSetList`: field paths below the root field, fragments flattened. */
export const selectionSetList = (
  selectionSet: SelectionSetNode | undefined,
  fragments: GraphQLResolveInfo['fragments'],
  prefix = '',
  out: Set<string> = new Set(),
): string[] => {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const path = prefix === '' ? selection.name.value : `${prefix}/${selection.name.value}`;
      out.add(path);
      selectionSetList(selection.selectionSet, fragments, path, out);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      selectionSetList(selection.selectionSet, fragments, prefix, out);
    } else {
      selectionSetList(fragments[selection.name.value]?.selectionSet, fragments, prefix, out);
    }
  }
  return [...out];
};

/** The resolver event AppSync sends a direct Lambda resolver; the handler reads a part of it. */
interface AppSyncResolverEvent extends ResolverEvent {
  readonly source: null;
  readonly request: {
    readonly headers: Readonly<Record<string, string | undefined>>;
    readonly domainName: null;
  };
  readonly info: ResolverEvent['info'] & {
    readonly variables: Readonly<Record<string, unknown>>;
    readonly selectionSetList: readonly string[];
    readonly selectionSetGraphQL: string;
  };
  readonly prev: null;
  readonly stash: Readonly<Record<string, unknown>>;
}

const typedError = (errorType: string, message: string, errorInfo: unknown = null) =>
  new GraphQLError(message, { extensions: { errorType, errorInfo } });

/** Runs operations against one schema, sending each root field to `resolve`. */
export const createExecutor = (deps: {
  readonly schema: GraphQLSchema;
  readonly resolve: (event: ResolverEvent) => Promise<ResolverResult>;
  readonly log: (message: string, error?: unknown) => void;
}) => {
  const { schema, resolve, log } = deps;

  const resolveRoot = async (
    args: Record<string, unknown>,
    caller: CallerContext,
    info: GraphQLResolveInfo,
  ): Promise<unknown> => {
    const field = info.parentType.getFields()[info.fieldName];
    if (field === undefined || !mayAccess(schema, info.parentType, field, caller.auth)) {
      throw typedError(
        'Unauthorized',
        `Not Authorized to access ${info.fieldName} on type ${info.parentType.name}`,
      );
    }
    const selection = info.fieldNodes[0]?.selectionSet;
    const event: AppSyncResolverEvent = {
      arguments: args,
      identity: caller.identity,
      source: null,
      request: { headers: caller.headers, domainName: null },
      info: {
        fieldName: info.fieldName,
        parentTypeName: info.parentType.name,
        variables: info.variableValues,
        selectionSetList: info.fieldNodes.flatMap((node) =>
          selectionSetList(node.selectionSet, info.fragments),
        ),
        selectionSetGraphQL: selection === undefined ? '' : print(selection),
      },
      prev: null,
      stash: {},
    };
    let result: ResolverResult;
    try {
      result = await resolve(event);
    } catch (error) {
      log(`the resolver of ${info.parentType.name}.${info.fieldName} threw`, error);
      throw typedError('Internal', INTERNAL_MESSAGE);
    }
    if ('error' in result) {
      throw typedError(result.error.errorType, result.error.message, result.error.errorInfo);
    }
    return result.data;
  };

  const fieldResolver: GraphQLFieldResolver<unknown, CallerContext, Record<string, unknown>> = (
    source,
    args,
    caller,
    info,
  ) =>
    info.path.prev === undefined
      ? resolveRoot(args, caller, info)
      : defaultFieldResolver(source, args, caller, info);

  /** Runs a prepared operation for a caller; never throws. */
  const run = async (op: PreparedOperation, caller: CallerContext): Promise<GraphQLResponse> => {
    const result = await execute({
      schema,
      document: op.document,
      operationName: op.operation.name?.value,
      variableValues: op.variables,
      contextValue: caller,
      fieldResolver,
    });
    return respond(result.data ?? null, result.errors);
  };

  const respond = (
    data: Record<string, unknown> | null,
    errors: readonly GraphQLError[] | undefined,
  ): GraphQLResponse => {
    if (errors === undefined || errors.length === 0) return { data };
    for (const error of errors) {
      if (typeof error.extensions['errorType'] !== 'string') log('an operation failed', error);
    }
    return { data, errors: errors.map((e) => fromGraphQLError(e, 'Internal')) };
  };

  /** Applies an operation's selection to a value already resolved (a subscription's payload). */
  const shape = async (op: PreparedOperation, rootValue: unknown): Promise<GraphQLResponse> => {
    const result = await execute({
      schema,
      document: op.document,
      operationName: op.operation.name?.value,
      variableValues: op.variables,
      rootValue,
    });
    return respond(result.data ?? null, result.errors);
  };

  return {
    schema,
    prepare: (request: unknown, allowed: readonly OperationTypeNode[]) =>
      prepare(schema, request, allowed),
    run,
    shape,
  };
};

export type Executor = ReturnType<typeof createExecutor>;
