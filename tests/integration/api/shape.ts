/**
 * Checks a resolver's data against the type the schema declares for its field, the way a client
 * relies on it: required fields present, scalars of the right kind, enum values the schema knows.
 */
import { readFileSync } from 'node:fs';
import type { GraphQLOutputType } from 'graphql';
import {
  buildSchema,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

export const apiSchema = buildSchema(
  `${read('../../unit/schema/appsync-prelude.graphql')}\n${read('../../../shared/schema/schema.graphql')}`,
);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

const scalarProblem = (name: string, value: unknown): string | null => {
  const ok = (() => {
    switch (name) {
      case 'Int':
        return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31;
      case 'Float':
        return typeof value === 'number' && Number.isFinite(value);
      case 'String':
      case 'ID':
        return typeof value === 'string';
      case 'Boolean':
        return typeof value === 'boolean';
      case 'AWSDate':
        return typeof value === 'string' && DATE.test(value);
      case 'AWSDateTime':
        return (
          typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))
        );
      case 'AWSJSON':
        if (typeof value !== 'string') return false;
        try {
          JSON.parse(value);
          return true;
        } catch {
          return false;
        }
      default:
        return false;
    }
  })();
  return ok ? null : `is not a valid ${name}: ${JSON.stringify(value)}`;
};

const problems = (type: GraphQLOutputType, value: unknown, path: string): string[] => {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return [`${path} is required`];
    return problems(type.ofType, value, path);
  }
  if (value === null || value === undefined) return [];
  if (isListType(type)) {
    if (!Array.isArray(value)) return [`${path} is not a list`];
    return value.flatMap((item, i) => problems(type.ofType, item, `${path}.${i}`));
  }
  if (isScalarType(type)) {
    const problem = scalarProblem(type.name, value);
    return problem === null ? [] : [`${path} ${problem}`];
  }
  if (isEnumType(type)) {
    return typeof value !== 'string' || type.getValue(value) === undefined
      ? [`${path} is not a ${type.name}: ${JSON.stringify(value)}`]
      : [];
  }
  if (isObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${path} is not an object`];
    const record = value as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((f) =>
      problems(f.type, record[f.name], `${path}.${f.name}`),
    );
  }
  return [`${path} has a type this check does not know`];
};

/** Everything in `value` that does not fit the return type of `Parent.field`. */
export const shapeProblems = (parent: 'Query' | 'Mutation', field: string, value: unknown) => {
  const type = apiSchema.getType(parent);
  if (!isObjectType(type)) throw new Error(`no ${parent} type`);
  const definition = type.getFields()[field];
  if (definition === undefined) throw new Error(`no ${parent}.${field}`);
  return problems(definition.type, value, field);
};
