/**
 * The GraphQL API: AppSync from shared/schema/schema.graphql, Cognito user pool as the default
 * authorization and IAM for the backend. Every query runs the resolver Lambda under the read-only
 * database user, every mutation under the read-write user; the publish mutations resolve on a
 * NONE data source; subscriptions check the caller's tenant. Field-level logs and X-Ray on.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, Validations } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { Kind, parse } from 'graphql';
import type { ObjectTypeDefinitionNode } from 'graphql';
import { RESOLVERS_PER_REQUEST, servedFields } from '../api/handler';
import { envNames } from '../lambda/env';
import type { StackConfig } from './config';
import type { Database } from './database';
import type { ExternalSecrets } from './secrets';
import { allowApiLogs, apiLogsRole } from './api-logging';
import type { Auth } from './auth';
import { ProjectFunction } from './function';
import { lambdaResolverCode, publishResolverCode, subscriptionResolverCode } from './resolver-code';

export const schemaFile = fileURLToPath(
  new URL('../../shared/schema/schema.graphql', import.meta.url),
);

const publishFields: readonly string[] = ['publishStockChanged', 'publishNotification'];

/** The root fields the schema declares, by root type. */
export const schemaRootFields = (
  sdl: string,
): Record<'Query' | 'Mutation' | 'Subscription', string[]> => {
  const roots = { Query: [] as string[], Mutation: [] as string[], Subscription: [] as string[] };
  for (const definition of parse(sdl).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION
    )
      continue;
    const name = definition.name.value;
    if (name === 'Query' || name === 'Mutation' || name === 'Subscription')
      roots[name].push(
        ...((definition as ObjectTypeDefinitionNode).fields ?? []).map((f) => f.name.value),
      );
  }
  return roots;
};

/** Fails synth when the schema and the handlers disagree on the fields there are. */
const checkServedFields = (roots: ReturnType<typeof schemaRootFields>): void => {
  for (const type of ['Query', 'Mutation'] as const) {
    const served: readonly string[] = servedFields[type];
    const missing = served.filter((f) => !roots[type].includes(f));
    const unserved = roots[type].filter((f) => !served.includes(f));
    if (missing.length + unserved.length > 0)
      throw new Error(
        `schema and handlers disagree on ${type}: not in the schema ${missing.join(', ') || '-'}; not served ${unserved.join(', ') || '-'}`,
      );
  }
};

export interface ApiProps {
  readonly config: StackConfig;
  readonly auth: Auth;
  readonly database: Database;
  readonly secrets: ExternalSecrets;
  readonly logRetention: RetentionDays;
}

/** AppSync, its resolver Lambdas, data sources and one resolver per served field. */
export class Api extends Construct {
  public readonly graphqlApi: appsync.GraphqlApi;
  public readonly queryFunction: ProjectFunction;
  public readonly mutationFunction: ProjectFunction;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { database } = props;
    const roots = schemaRootFields(readFileSync(schemaFile, 'utf8'));
    checkServedFields(roots);

    const logsRole = apiLogsRole(this);
    this.graphqlApi = new appsync.GraphqlApi(this, 'GraphqlApi', {
      name: props.config.stackName,
      definition: appsync.Definition.fromFile(schemaFile),
      authorizationConfig: {
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.USER_POOL,
          userPoolConfig: { userPool: props.auth.userPool },
        },
        additionalAuthorizationModes: [{ authorizationType: appsync.AuthorizationType.IAM }],
      },
      logConfig: {
        fieldLogLevel: appsync.FieldLogLevel[props.config.apiFieldLogLevel],
        excludeVerboseContent: true,
        retention: props.logRetention,
        role: logsRole,
      },
      xrayEnabled: true,
      resolverCountLimit: RESOLVERS_PER_REQUEST,
    });
    allowApiLogs(this.graphqlApi, logsRole);

    const resolverFunction = (name: string, access: 'read' | 'write', description: string) => {
      const secret = access === 'read' ? database.readerUserSecret : database.appUserSecret;
      const fn = new ProjectFunction(this, name, {
        entry: 'api',
        description,
        memorySize: 1024,
        timeout: Duration.seconds(30),
        logRetention: props.logRetention,
        environment: { [envNames.apiAccess]: access },
      });
      database.connect(fn, secret);
      return fn;
    };
    this.queryFunction = resolverFunction(
      'Queries',
      'read',
      'Resolves queries as the read-only database user',
    );
    this.mutationFunction = resolverFunction(
      'Mutations',
      'write',
      'Resolves mutations as the read-write database user',
    );
    // billingUsage reports whether Stripe is configured; reading the key is not needed for that.
    if (props.secrets.stripe !== undefined)
      this.queryFunction.addEnvironment(envNames.stripeSecretArn, props.secrets.stripe.secretArn);

    const lambdaSource = (id: string, fn: ProjectFunction, description: string) => {
      const source = this.graphqlApi.addLambdaDataSource(id, fn.function, { description });
      Validations.of(source).acknowledge({
        id: fn.versionsWildcardFinding,
        reason:
          "CDK grants the data source invoke on its one resolver function and that function's versions; no other function.",
      });
      return source;
    };
    const queries = lambdaSource(
      'QueriesSource',
      this.queryFunction,
      'Queries (read-only database user)',
    );
    const mutations = lambdaSource(
      'MutationsSource',
      this.mutationFunction,
      'Mutations (read-write database user)',
    );
    const none = this.graphqlApi.addNoneDataSource('LocalSource', {
      description: 'Publish mutations and subscription checks: no data source',
    });

    const resolve = (
      typeName: string,
      fieldName: string,
      dataSource: appsync.BaseDataSource,
      code: string,
    ) =>
      new appsync.Resolver(this, `${typeName}-${fieldName}`, {
        api: this.graphqlApi,
        typeName,
        fieldName,
        dataSource,
        runtime: appsync.FunctionRuntime.JS_1_0_0,
        code: appsync.Code.fromInline(code),
      });
    for (const field of servedFields.Query) resolve('Query', field, queries, lambdaResolverCode);
    for (const field of servedFields.Mutation)
      if (publishFields.includes(field)) resolve('Mutation', field, none, publishResolverCode);
      else resolve('Mutation', field, mutations, lambdaResolverCode);
    for (const field of roots.Subscription)
      resolve('Subscription', field, none, subscriptionResolverCode);
  }

  /** Lets the mutation function start usage-analysis runs and kick the outbox relay. */
  connectWorkflows(usageAnalysis: IStateMachine, relay: ProjectFunction): void {
    this.mutationFunction
      .addEnvironment(envNames.usageAnalysisArn, usageAnalysis.stateMachineArn)
      .addEnvironment(envNames.relayFunctionName, relay.function.functionName);
    usageAnalysis.grantStartExecution(this.mutationFunction.role);
    this.mutationFunction.grantInvoke(relay.function);
  }
}
