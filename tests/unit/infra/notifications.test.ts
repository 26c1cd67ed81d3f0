import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { environmentOf, synthesize } from './fixture';

const dev = synthesize({ alarmEmail: 'ops@example.com' });
const { notifications, alarms } = dev.stack;
const resources = dev.template.toJSON()['Resources'] as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

const policyOf = (roleId: string) =>
  Object.values(resources).find(
    (r) =>
      r.Type === 'AWS::IAM::Policy' &&
      JSON.stringify(r.Properties['Roles']) === JSON.stringify([{ Ref: roleId }]),
  )!.Properties['PolicyDocument'] as { Statement: { Action: unknown; Resource: unknown }[] };

describe('the Notifications construct', () => {
  it('encrypts the topic with a rotating key and refuses plain-text publishing', () => {
    dev.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [dev.logicalId(notifications.key), 'Arn'] },
    });
    dev.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    dev.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('delivers to the notifier, with failed deliveries kept in an encrypted dead-letter queue', () => {
    const queue = { 'Fn::GetAtt': [dev.logicalId(notifications.deadLetterQueue), 'Arn'] };
    dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [dev.logicalId(notifications.notifier.function), 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: queue },
    });
    expect(dev.functionProps(notifications.notifier)['DeadLetterConfig']).toEqual({
      TargetArn: queue,
    });
    dev.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('lets the notifier call publishNotification with IAM and nothing else on the API', () => {
    const env = environmentOf(dev.functionProps(notifications.notifier));
    expect(env['GRAPHQL_URL']).toEqual({
      'Fn::GetAtt': [dev.logicalId(dev.stack.api.graphqlApi), 'GraphQLUrl'],
    });
    const graphql = policyOf(dev.logicalId(notifications.notifier.role)).Statement.filter(
      (s) => s.Action === 'appsync:GraphQL',
    );
    expect(JSON.stringify(graphql)).toMatch(/\/types\/Mutation\/fields\/publishNotification"/);
    expect(JSON.stringify(graphql)).not.toMatch(/publishStockChanged|fields\/\*/);
  });

  it('lets the relay publish to the topic with exactly the key actions it needs', () => {
    const statements = policyOf(dev.logicalId(dev.stack.workflows.relay.role)).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'sns:Publish',
        Resource: { Ref: dev.logicalId(notifications.topic) },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: { 'Fn::GetAtt': [dev.logicalId(notifications.key), 'Arn'] },
      }),
    );
  });
});

describe('the Alarms construct', () => {
  const alarmProps = Object.values(resources)
    .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
    .map(
      (r) =>
        r.Properties as {
          MetricName?: string;
          Namespace?: string;
          Dimensions?: { Value: unknown }[];
          AlarmActions: unknown[];
        },
    );
  const watched = (namespace: string, metric: string) =>
    alarmProps
      .filter((a) => a.Namespace === namespace && a.MetricName === metric)
      .map((a) => JSON.stringify(a.Dimensions?.[0]?.Value));

  it('alarms on errors and throttles of every function', () => {
    const fns = Object.values(resources).filter(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        JSON.stringify(r.Properties['Runtime']) === '"nodejs22.x"',
    );
    expect(watched('AWS/Lambda', 'Errors')).toHaveLength(fns.length);
    expect(watched('AWS/Lambda', 'Throttles')).toHaveLength(fns.length);
  });

  it('alarms on a waiting dead letter, and on failed, timed-out and throttled runs', () => {
    expect(watched('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toEqual([
      JSON.stringify({ 'Fn::GetAtt': [dev.logicalId(notifications.deadLetterQueue), 'QueueName'] }),
    ]);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled'])
      expect(watched('AWS/States', metric)).toHaveLength(2);
  });

  it('sends every alarm to the encrypted alarm topic, which mails the configured address', () => {
    const topic = { Ref: dev.logicalId(alarms.topic) };
    for (const alarm of alarmProps) expect(alarm.AlarmActions).toEqual([topic]);
    dev.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: topic,
    });
  });
});
