/**
 * The API contract checked as AppSync will check it: shared/schema/schema.graphql on top of
 * AppSync's own scalars and directives (the prelude), plus the rules this API keeps on top.
 */
import { readFileSync } from 'node:fs';
import type {
  ConstDirectiveNode,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
} from 'graphql';
import {
  Kind,
  assertValidSchema,
  buildSchema,
  getNamedType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { servedFields } from '../../../cloud/api/handler';

const schemaText = readFileSync(
  new URL('../../../shared/schema/schema.graphql', import.meta.url),
  'utf8',
);
const preludeText = readFileSync(new URL('./appsync-prelude.graphql', import.meta.url), 'utf8');

const schema: GraphQLSchema = buildSchema(`${preludeText}\n${schemaText}`);

const authDirectives = [
  'aws_cognito_user_pools',
  'aws_iam',
  'aws_oidc',
  'aws_api_key',
  'aws_lambda',
  'aws_auth',
];

const directivesOf = (node: { astNode?: { directives?: readonly ConstDirectiveNode[] } | null }) =>
  (node.astNode?.directives ?? []).map((d) => d.name.value);

const rootFields = (type: GraphQLObjectType | null | undefined): GraphQLField<unknown, unknown>[] =>
  Object.values(type?.getFields() ?? {});

/** The mutations each subscription field says it is triggered by. */
const subscribedMutations = (field: GraphQLField<unknown, unknown>): string[] => {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
  const value = directive?.arguments?.find((a) => a.name.value === 'mutations')?.value;
  if (value?.kind !== Kind.LIST) return [];
  return value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
};

const subscriptionFields = rootFields(schema.getSubscriptionType());
const publishMutations = new Set(subscriptionFields.flatMap(subscribedMutations));
const queryType = schema.getQueryType();
const mutationType = schema.getMutationType();

describe('the API schema in AppSync dialect', () => {
  it('builds and validates with AppSync’s scalars and directives as the only additions', () => {
    expect(() => assertValidSchema(schema)).not.toThrow();
    expect(queryType?.name).toBe('Query');
    expect(mutationType?.name).toBe('Mutation');
    expect(schema.getSubscriptionType()?.name).toBe('Subscription');
  });

  it('does not build without the prelude, so it really relies on AppSync’s definitions', () => {
    expect(() => buildSchema(schemaText)).toThrow(/AWSDateTime|aws_/);
  });

  it('declares none of AppSync’s scalars or directives itself (AppSync rejects redefinitions)', () => {
    const prelude = parse(preludeText);
    const appSyncNames = new Set(
      prelude.definitions.flatMap((d) =>
        d.kind === Kind.SCALAR_TYPE_DEFINITION || d.kind === Kind.DIRECTIVE_DEFINITION
          ? [d.name.value]
          : [],
      ),
    );
    expect(appSyncNames.size).toBe(9 + 7);

    const declared = parse(schemaText).definitions.flatMap((d) =>
      'name' in d && d.name !== undefined ? [{ kind: d.kind, name: d.name.value }] : [],
    );
    expect(declared.filter((d) => appSyncNames.has(d.name))).toEqual([]);
    // AppSync supports no user-defined scalars or directives, and reserves the AWS prefix.
    expect(
      declared.filter(
        (d) => d.kind === Kind.SCALAR_TYPE_DEFINITION || d.kind === Kind.DIRECTIVE_DEFINITION,
      ),
    ).toEqual([]);
    expect(declared.filter((d) => d.name.startsWith('AWS'))).toEqual([]);
  });

  it('names in every @aws_subscribe only mutations that exist and return the subscription’s type', () => {
    expect(subscriptionFields.length).toBeGreaterThan(0);
    for (const field of subscriptionFields) {
      const mutations = subscribedMutations(field);
      expect(mutations, `Subscription.${field.name} names no mutation`).not.toEqual([]);
      for (const name of mutations) {
        const mutation = mutationType?.getFields()[name];
        expect(mutation, `Subscription.${field.name} names unknown ${name}`).toBeDefined();
        expect(getNamedType(mutation!.type).name, `${name} vs Subscription.${field.name}`).toBe(
          getNamedType(field.type).name,
        );
      }
    }
  });

  it('opens the publish mutations to IAM callers only, and no other root field to IAM', () => {
    expect([...publishMutations].sort()).toEqual(['publishNotification', 'publishStockChanged']);
    for (const name of publishMutations) {
      const field = mutationType!.getFields()[name]!;
      expect(directivesOf(field).filter((d) => authDirectives.includes(d))).toEqual(['aws_iam']);
    }
    const otherIamFields = [...rootFields(queryType), ...rootFields(mutationType)]
      .filter((f) => !publishMutations.has(f.name))
      .filter((f) => directivesOf(f).includes('aws_iam'))
      .map((f) => f.name);
    expect(otherIamFields).toEqual([]);
  });

  it('marks with @aws_iam every object type an IAM caller can reach through an @aws_iam field', () => {
    const iamFields = [
      ...rootFields(queryType),
      ...rootFields(mutationType),
      ...subscriptionFields,
    ].filter((f) => directivesOf(f).includes('aws_iam'));
    expect(iamFields.length).toBeGreaterThan(0);

    const reached = new Set<string>();
    const missing: string[] = [];
    const visit = (type: GraphQLNamedType) => {
      if (!isObjectType(type) || reached.has(type.name)) return;
      reached.add(type.name);
      if (!directivesOf(type).includes('aws_iam')) missing.push(type.name);
      for (const f of Object.values(type.getFields())) visit(getNamedType(f.type));
    };
    for (const f of iamFields) visit(getNamedType(f.type));

    expect(missing).toEqual([]);
    expect([...reached]).toEqual(
      expect.arrayContaining(['StockChange', 'StockLevel', 'Notification']),
    );
  });

  it('makes every subscription take the tenant it listens to as tenantId: ID!', () => {
    for (const field of subscriptionFields) {
      const tenantId = field.args.find((a) => a.name === 'tenantId');
      expect(tenantId?.type.toString(), `Subscription.${field.name}`).toBe('ID!');
    }
  });

  it('gives every user mutation one input carrying a required idempotencyKey: String!', () => {
    const userMutations = rootFields(mutationType).filter((f) => !publishMutations.has(f.name));
    expect(userMutations.length).toBeGreaterThan(20);
    for (const field of userMutations) {
      expect(
        field.args.map((a) => a.name),
        field.name,
      ).toEqual(['input']);
      const input = field.args[0]!;
      expect(isNonNullType(input.type), `${field.name}(input) must be required`).toBe(true);
      const inputType = getNamedType(input.type);
      expect(isInputObjectType(inputType), field.name).toBe(true);
      if (!isInputObjectType(inputType)) continue;
      expect(inputType.getFields()['idempotencyKey']?.type.toString(), inputType.name).toBe(
        'String!',
      );
    }
  });

  it('serves exactly the fields of Query and Mutation, no more and no fewer', () => {
    const sorted = (names: readonly string[]) => [...names].sort();
    expect(sorted(servedFields.Query)).toEqual(sorted(Object.keys(queryType!.getFields())));
    expect(sorted(servedFields.Mutation)).toEqual(sorted(Object.keys(mutationType!.getFields())));
    expect(new Set(servedFields.Query).size).toBe(servedFields.Query.length);
    expect(new Set(servedFields.Mutation).size).toBe(servedFields.Mutation.length);
  });
});
