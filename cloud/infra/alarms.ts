/**
 * Alarms, to an encrypted SNS topic (and an admin's email when configured): any Lambda error or
 * throttle, anything in the dead-letter queue, any failed, timed-out or throttled workflow run,
 * and server errors in the API. Thresholds are "one is too many": each alarm is a thing to read.
 */
import { Duration } from 'aws-cdk-lib';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ProjectFunction } from './function';

export interface AlarmsProps {
  readonly functions: Readonly<Record<string, ProjectFunction>>;
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly stateMachines: Readonly<Record<string, IStateMachine>>;
  readonly api: IGraphqlApi;
  readonly key: IKey;
  readonly email: string | null;
}

const FIVE_MINUTES = Duration.minutes(5);

/** One alarm per failure signal, all notifying the alarm topic. */
export class Alarms extends Construct {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { masterKey: props.key, enforceSSL: true });
    // CloudWatch must be able to encrypt what it publishes to the alarm topic.
    props.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    if (props.email !== null) this.topic.addSubscription(new EmailSubscription(props.email));
    const action = new SnsAction(this.topic);

    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      const f = fn.function;
      alarm(
        `${name}Errors`,
        f.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `${name}: the function failed`,
      );
      alarm(
        `${name}Throttles`,
        f.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `${name}: invocations were throttled`,
      );
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues))
      alarm(
        `${name}Depth`,
        queue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        `${name}: messages are waiting in the dead-letter queue`,
      );
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      alarm(
        `${name}Failed`,
        machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `${name}: a run failed`,
      );
      alarm(
        `${name}TimedOut`,
        machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `${name}: a run timed out`,
      );
      alarm(
        `${name}Throttled`,
        machine.metricThrottled({ period: FIVE_MINUTES, statistic: 'Sum' }),
        `${name}: runs were throttled`,
      );
    }
    alarm(
      'Api5xx',
      new cloudwatch.Metric({
        namespace: 'AWS/AppSync',
        metricName: '5XXError',
        dimensionsMap: { GraphQLAPIId: props.api.apiId },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      }),
      'API: server errors',
    );
  }
}
