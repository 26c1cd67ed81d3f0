/**
 * What AppSync reads from its directives: which authorization modes may reach a field, and which
 * mutations feed a subscription.
 */
import type { DirectiveNode, GraphQLField, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getDirectiveValues } from 'graphql';

/** The authorization modes AppSync knows; the local server only ever sees user pools and IAM. */
export type AuthMode = 'userPool' | 'iam' | 'apiKey' | 'oidc' | 'lambda';

/** Who is asking, as far as field authorization cares. */
export interface AuthContext {
  readonly mode: AuthMode;
  readonly groups: readonly string[];
}

interface AuthRule {
  readonly mode: AuthMode;
  readonly groups: readonly string[] | null;
}

const directiveModes: ReadonlyArray<readonly [string, AuthMode]> = [
  ['aws_cognito_user_pools', 'userPool'],
  ['aws_auth', 'userPool'],
  ['aws_iam', 'iam'],
  ['aws_api_key', 'apiKey'],
  ['aws_oidc', 'oidc'],
  ['aws_lambda', 'lambda'],
];

interface WithDirectives {
  readonly directives?: readonly DirectiveNode[] | undefined;
}

const stringList = (value: unknown): readonly string[] | null =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;

const rulesOf = (schema: GraphQLSchema, nodes: readonly (WithDirectives | null | undefined)[]) => {
  const rules: AuthRule[] = [];
  for (const node of nodes) {
    if (node === null || node === undefined) continue;
    for (const [name, mode] of directiveModes) {
      const directive = schema.getDirective(name);
      if (!directive) continue;
      const values = getDirectiveValues(directive, node);
      if (values !== undefined) rules.push({ mode, groups: stringList(values['cognito_groups']) });
    }
  }
  return rules;
};

/**
 * Whether a caller may reach a field: the field's own auth directives decide, else its type's,
 * else the API's default mode — AppSync's precedence.
 */
export const mayAccess = (
  schema: GraphQLSchema,
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  caller: AuthContext,
  defaultMode: AuthMode = 'userPool',
): boolean => {
  const fieldRules = rulesOf(schema, [field.astNode]);
  const typeRules = rulesOf(schema, [parent.astNode, ...parent.extensionASTNodes]);
  const rules =
    fieldRules.length > 0
      ? fieldRules
      : typeRules.length > 0
        ? typeRules
        : [{ mode: defaultMode, groups: null }];
  return rules.some(
    (rule) =>
      rule.mode === caller.mode &&
      (rule.groups === null || rule.groups.some((g) => caller.groups.includes(g))),
  );
};

/** The mutations whose results a subscription field receives (its `@aws_subscribe`). */
export const subscribedMutations = (
  schema: GraphQLSchema,
  field: GraphQLField<unknown, unknown>,
): readonly string[] => {
  const directive = schema.getDirective('aws_subscribe');
  if (!directive || !field.astNode) return [];
  const values = getDirectiveValues(directive, field.astNode);
  return stringList(values?.['mutations']) ?? [];
};
