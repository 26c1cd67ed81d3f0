import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  lambdaResolverCode,
  publishResolverCode,
  subscriptionResolverCode,
} from '../../../cloud/infra/resolver-code';
import { environmentOf, referencedId, synthesize } from './fixture';

const dev = synthesize();
const api = dev.stack.api;

interface ResolverProps {
  TypeName: string;
  FieldName: string;
  DataSourceName: string;
  Code: string;
  Runtime: { Name: string; RuntimeVersion: string };
}

const resolvers = Object.values(dev.template.findResources('AWS::AppSync::Resolver')).map(
  (r) => (r as { Properties: ResolverProps }).Properties,
);

describe('the Api construct', () => {
  it('authorizes with the Cognito user pool by default and IAM for the backend', () => {
    dev.template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
      UserPoolConfig: { UserPoolId: { Ref: dev.logicalId(dev.stack.auth.userPool) } },
      AdditionalAuthenticationProviders: [{ AuthenticationType: 'AWS_IAM' }],
    });
  });

  it('logs field errors through its own role, and traces with X-Ray', () => {
    dev.template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      XrayEnabled: true,
      LogConfig: {
        FieldLogLevel: 'ERROR',
        ExcludeVerboseContent: true,
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiLogsRole'), 'Arn'] },
      },
    });
    dev.template.hasResourceProperties('Custom::LogRetention', { RetentionInDays: 30 });
  });

  it('runs queries as the read-only database user and mutations as the read-write one', () => {
    const queries = environmentOf(dev.functionProps(api.queryFunction));
    const mutations = environmentOf(dev.functionProps(api.mutationFunction));
    expect(queries['API_ACCESS']).toBe('read');
    expect(referencedId(queries['DB_SECRET_ARN'])).toBe(
      dev.logicalId(dev.stack.database.readerUserSecret),
    );
    expect(mutations['API_ACCESS']).toBe('write');
    expect(referencedId(mutations['DB_SECRET_ARN'])).toBe(
      dev.logicalId(dev.stack.database.appUserSecret),
    );
    expect(referencedId(mutations['RELAY_FUNCTION_NAME'])).toBe(
      dev.logicalId(dev.stack.workflows.relay.function),
    );
    expect(referencedId(mutations['USAGE_ANALYSIS_STATE_MACHINE_ARN'])).toBe(
      dev.logicalId(dev.stack.workflows.stateMachines['usage-analysis']),
    );
  });

  it('wires every query to the query function and every command mutation to the mutation function', () => {
    dev.template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'QueriesSource',
      Type: 'AWS_LAMBDA',
      LambdaConfig: {
        LambdaFunctionArn: { 'Fn::GetAtt': [dev.logicalId(api.queryFunction.function), 'Arn'] },
      },
    });
    dev.template.hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'MutationsSource',
      LambdaConfig: {
        LambdaFunctionArn: { 'Fn::GetAtt': [dev.logicalId(api.mutationFunction.function), 'Arn'] },
      },
    });
    for (const r of resolvers) {
      const expected =
        r.TypeName === 'Query'
          ? 'QueriesSource'
          : r.TypeName === 'Mutation' && !r.FieldName.startsWith('publish')
            ? 'MutationsSource'
            : 'LocalSource';
      expect(`${r.TypeName}.${r.FieldName} → ${r.DataSourceName}`).toBe(
        `${r.TypeName}.${r.FieldName} → ${expected}`,
      );
      expect(r.Runtime).toEqual({ Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' });
    }
  });

  it('maps handler errors with the Lambda resolvers, echoes publish inputs and checks subscription tenants', () => {
    for (const r of resolvers) {
      const code =
        r.TypeName === 'Subscription'
          ? subscriptionResolverCode
          : r.FieldName.startsWith('publish')
            ? publishResolverCode
            : lambdaResolverCode;
      expect(r.Code, `${r.TypeName}.${r.FieldName}`).toBe(code);
    }
    expect(
      resolvers
        .filter((r) => r.TypeName === 'Subscription')
        .map((r) => r.FieldName)
        .sort(),
    ).toEqual(['onNotification', 'onStockChanged']);
    expect(subscriptionResolverCode).toContain("claims['custom:tenant_id']");
    expect(lambdaResolverCode).toContain(
      'util.error(result.error.message, result.error.errorType, null, result.error.errorInfo)',
    );
  });

  it('lets the mutation function start only usage-analysis runs and invoke only the relay', () => {
    const role = dev.logicalId(api.mutationFunction.role);
    const policy = Object.entries(dev.template.findResources('AWS::IAM::Policy')).find(([, p]) =>
      JSON.stringify(p).includes(`"Ref":"${role}"`),
    )?.[1] as {
      Properties: {
        PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
      };
    };
    const statements = policy.Properties.PolicyDocument.Statement;
    const start = statements.find((s) => s.Action === 'states:StartExecution');
    expect(referencedId(start?.Resource)).toBe(
      dev.logicalId(dev.stack.workflows.stateMachines['usage-analysis']),
    );
    const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');
    expect(referencedId(invoke?.Resource)).toBe(dev.logicalId(dev.stack.workflows.relay.function));
  });
});
