/**
 * The API's request and field logging: AppSync writes to `/aws/appsync/apis/<id>` through a role
 * of its own that may write to that group only, with the retention the environment asks for.
 */
import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { GraphqlApi } from 'aws-cdk-lib/aws-appsync';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/** The role AppSync logs with; grant it with `allowApiLogs` once the API exists. */
export const apiLogsRole = (scope: Construct): iam.Role =>
  new iam.Role(scope, 'LogsRole', {
    assumedBy: new iam.ServicePrincipal('appsync.amazonaws.com'),
    description: 'Lets AppSync write the Stock-Mate API logs',
  });

/** Lets the role write the API's own log group, and explains the choices to cdk-nag. */
export const allowApiLogs = (api: GraphqlApi, role: iam.Role): void => {
  const stack = Stack.of(api);
  const logGroupArn = stack.formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: `/aws/appsync/apis/${api.apiId}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
    }),
  );
  const apiId = `<${stack.getLogicalId(api.node.defaultChild as CfnElement)}.ApiId>`;
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/appsync/apis/${apiId}:log-stream:*]`,
    reason:
      "AppSync names its log streams itself; the role may write streams of this API's log group only.",
  });
  Validations.of(api).acknowledge({
    id: 'AwsSolutions-ASC3',
    reason:
      'Request and field logs are on (role and level set); verbose content is excluded because it would copy request headers and resolver payloads — user data — into the logs.',
  });
  // CDK sets the group's retention with its singleton log-retention function.
  const retention = stack.node.children.find((c) => c.node.id.startsWith('LogRetention'));
  if (retention !== undefined)
    Validations.of(retention).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's log-retention function (it sets the retention of the log group AppSync creates) writes only its own logs.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "CDK's log-retention function must set the retention of a log group that AppSync creates after the deploy, so it cannot be named in advance.",
      },
    );
};
