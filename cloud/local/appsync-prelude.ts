/**
 * What AppSync provides before it reads a schema: its scalars and its directives. The schema file
 * does not declare them, so graphql-js needs them prepended, with scalars that accept and refuse
 * the same values AppSync does.
 */
import { isIP } from 'node:net';
import type { GraphQLSchema, ValueNode } from 'graphql';
import { GraphQLError, GraphQLScalarType, Kind, buildSchema, isScalarType, print } from 'graphql';

/** AppSync's scalar and directive declarations, in its own SDL. */
export const appSyncPrelude = `
scalar AWSDate
scalar AWSTime
scalar AWSDateTime
scalar AWSTimestamp
scalar AWSEmail
scalar AWSJSON
scalar AWSURL
scalar AWSPhone
scalar AWSIPAddress
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
directive @aws_publish(subscriptions: [String]) on FIELD_DEFINITION
directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | INTERFACE | FIELD_DEFINITION
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_iam on OBJECT | INTERFACE | FIELD_DEFINITION
directive @aws_api_key on OBJECT | INTERFACE | FIELD_DEFINITION
directive @aws_oidc on OBJECT | INTERFACE | FIELD_DEFINITION
directive @aws_lambda on OBJECT | INTERFACE | FIELD_DEFINITION
`;

const pad = '(\\d{2})';
const offset = '(Z|[+-]\\d{2}:\\d{2}(?::\\d{2})?)';
const timePart = `${pad}:${pad}(?::${pad}(?:\\.\\d{1,9})?)?`;
const dateRe = new RegExp(`^(\\d{4})-${pad}-${pad}${offset}?$`);
const timeRe = new RegExp(`^${timePart}${offset}?$`);
const dateTimeRe = new RegExp(`^(\\d{4})-${pad}-${pad}T${timePart}${offset}$`);

const validDate = (y: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
const validTime = (h: number, min: number, s: number): boolean => h < 24 && min < 60 && s < 60;

const digits = (match: RegExpExecArray, from: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => Number(match[from + i] ?? '0'));

const isDate = (value: string): boolean => {
  const m = dateRe.exec(value);
  if (m === null) return false;
  const [y = 0, mo = 0, d = 0] = digits(m, 1, 3);
  return validDate(y, mo, d);
};

const isTime = (value: string): boolean => {
  const m = timeRe.exec(value);
  if (m === null) return false;
  const [h = 0, min = 0, s = 0] = digits(m, 1, 3);
  return validTime(h, min, s);
};

const isDateTime = (value: string): boolean => {
  const m = dateTimeRe.exec(value);
  if (m === null) return false;
  const [y = 0, mo = 0, d = 0, h = 0, min = 0, s = 0] = digits(m, 1, 6);
  return validDate(y, mo, d) && validTime(h, min, s);
};

const isEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
const isPhone = (value: string): boolean =>
  /^\+?[\d\s().-]+$/.test(value) && (value.match(/\d/g) ?? []).length >= 3;
const isUrl = (value: string): boolean => URL.canParse(value);
const isIpAddress = (value: string): boolean => {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
};
const isJson = (value: string): boolean => {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
};

const shown = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : String(value);

/** A string scalar checked by `test`, as AppSync checks its string scalars on the way in and out. */
const stringScalar = (name: string, test: (value: string) => boolean, expected: string) => {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !test(value)) {
      throw new GraphQLError(`${name} must be ${expected}; got ${shown(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    serialize: check,
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING)
        throw new GraphQLError(`${name} must be a string; got ${print(ast)}`);
      return check(ast.value);
    },
  });
};

const timestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  serialize: (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (value instanceof Date) return Math.floor(value.getTime() / 1000);
    throw new GraphQLError(
      `AWSTimestamp must be whole seconds since the epoch; got ${shown(value)}`,
    );
  },
  parseValue: (value) => {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw new GraphQLError(
      `AWSTimestamp must be whole seconds since the epoch; got ${shown(value)}`,
    );
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT) return Number(ast.value);
    throw new GraphQLError(`AWSTimestamp must be whole seconds since the epoch; got ${print(ast)}`);
  },
});

// AppSync hands resolvers AWSJSON arguments already parsed, and turns objects a resolver returns
// back into JSON text.
const json = new GraphQLScalarType({
  name: 'AWSJSON',
  serialize: (value) => {
    if (typeof value === 'string') {
      if (!isJson(value)) throw new GraphQLError('AWSJSON must hold valid JSON');
      return value;
    }
    return JSON.stringify(value);
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || !isJson(value)) {
      throw new GraphQLError(`AWSJSON must be a string holding JSON; got ${shown(value)}`);
    }
    return JSON.parse(value) as unknown;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || !isJson(ast.value)) {
      throw new GraphQLError(`AWSJSON must be a string holding JSON; got ${print(ast)}`);
    }
    return JSON.parse(ast.value) as unknown;
  },
});

const dateOut = (slice: number) => (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, slice) : value;

/** AppSync's scalars, by name. */
export const appSyncScalars: ReadonlyMap<string, GraphQLScalarType> = new Map(
  [
    stringScalar('AWSDate', isDate, 'a date as YYYY-MM-DD'),
    stringScalar('AWSTime', isTime, 'a time as hh:mm:ss'),
    stringScalar('AWSDateTime', isDateTime, 'an ISO 8601 date-time with Z or an offset'),
    timestamp,
    stringScalar('AWSEmail', isEmail, 'an email address'),
    json,
    stringScalar('AWSURL', isUrl, 'a URL with a scheme'),
    stringScalar('AWSPhone', isPhone, 'a phone number'),
    stringScalar('AWSIPAddress', isIpAddress, 'an IPv4 or IPv6 address'),
  ].map((scalar) => [scalar.name, scalar]),
);

const dateCoercions: Record<string, (value: unknown) => unknown> = {
  AWSDate: dateOut(10),
  AWSDateTime: dateOut(24),
};

/** Builds the schema as AppSync would: prelude first, then the schema's own SDL. */
export const buildAppSyncSchema = (sdl: string): GraphQLSchema => {
  const schema = buildSchema(`${appSyncPrelude}\n${sdl}`);
  for (const [name, implementation] of appSyncScalars) {
    const placeholder = schema.getType(name);
    if (!isScalarType(placeholder)) continue;
    // buildSchema gives custom scalars pass-through behaviour; the schema's types already point at
    // these placeholders, so giving them AppSync's behaviour in place is the least intrusive way.
    const toWire = dateCoercions[name];
    placeholder.serialize =
      toWire === undefined
        ? implementation.serialize
        : (value) => implementation.serialize(toWire(value));
    placeholder.parseValue = implementation.parseValue;
    placeholder.parseLiteral = implementation.parseLiteral;
  }
  return schema;
};
