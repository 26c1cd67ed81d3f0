/**
 * The backend's publish mutations: run as an IAM caller through the same resolver, then fanned out
 * to the subscriptions they feed — what AppSync does when a Lambda calls a NONE-resolved mutation.
 */
import type {
  DocumentNode,
  FieldNode,
  GraphQLOutputType,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  Kind,
  OperationTypeNode,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parseType,
  validate,
} from 'graphql';
import type { Executor, PreparedOperation } from './graphql-exec';
import { backendCaller } from './identity';
import type { Subscriptions } from './subscriptions';

// Deep enough for any payload type; a guard against self-referencing types, not a real limit.
const MAX_DEPTH = 6;

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/** Every field of a type, nested, so subscribers can pick any of them. */
const fullSelection = (type: GraphQLOutputType, depth = 0): SelectionSetNode | undefined => {
  const named = getNamedType(type);
  if (!isObjectType(named) || depth > MAX_DEPTH) return undefined;
  const selections: FieldNode[] = [];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type))) continue;
    if (isLeafType(getNamedType(field.type))) {
      selections.push({ kind: Kind.FIELD, name: name(field.name) });
      continue;
    }
    const selectionSet = fullSelection(field.type, depth + 1);
    if (selectionSet !== undefined)
      selections.push({ kind: Kind.FIELD, name: name(field.name), selectionSet });
  }
  return selections.length === 0 ? undefined : { kind: Kind.SELECTION_SET, selections };
};

const publishOperation = (executor: Executor, field: string): PreparedOperation => {
  const definition = executor.schema.getMutationType()?.getFields()[field];
  if (definition === undefined || !definition.args.some((a) => a.name === 'input')) {
    throw new Error(`${field} is not a publish mutation of this schema`);
  }
  const selectionSet = fullSelection(definition.type);
  const operation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: OperationTypeNode.MUTATION,
    name: name('Publish'),
    variableDefinitions: definition.args.map((arg) => ({
      kind: Kind.VARIABLE_DEFINITION,
      variable: { kind: Kind.VARIABLE, name: name(arg.name) },
      type: parseType(arg.type.toString()),
    })),
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.FIELD,
          name: name(field),
          arguments: definition.args.map((arg) => ({
            kind: Kind.ARGUMENT,
            name: name(arg.name),
            value: { kind: Kind.VARIABLE, name: name(arg.name) },
          })),
          ...(selectionSet === undefined ? {} : { selectionSet }),
        },
      ],
    },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation] };
  const invalid = validate(executor.schema, document);
  if (invalid.length > 0) throw new Error(`cannot publish ${field}: ${invalid[0]?.message}`);
  return { document, operation, variables: {} };
};

/** `publish(field, input)`: resolves the mutation as the backend and delivers its result. */
export const createPublisher = (deps: {
  readonly executor: Executor;
  readonly subscriptions: Subscriptions;
}) => {
  const operations = new Map<string, PreparedOperation>();

  return async (field: string, input: object): Promise<number> => {
    // With nobody listening, AppSync's fan-out would deliver nothing: skip the execution too.
    if (!deps.subscriptions.listening(field)) return 0;
    const op = operations.get(field) ?? publishOperation(deps.executor, field);
    operations.set(field, op);
    const response = await deps.executor.run({ ...op, variables: { input } }, backendCaller);
    if (response.errors !== undefined && response.errors.length > 0) {
      const reasons = response.errors.map((e) => `${e.errorType}: ${e.message}`).join('; ');
      throw new Error(`${field} was refused: ${reasons}`);
    }
    const result = response.data?.[field];
    return result === null || result === undefined ? 0 : deps.subscriptions.fanOut(field, result);
  };
};
