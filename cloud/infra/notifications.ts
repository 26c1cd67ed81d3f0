/**
 * Notifications: an encrypted SNS topic that the workflows' Notify task and the notification sweep
 * publish to, and the notifier Lambda subscribed to it, which calls AppSync's publishNotification
 * with IAM. Deliveries that still fail after Lambda's retries land in a dead-letter queue (alarmed).
 */
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { envNames } from '../lambda/env';
import type { Api } from './api';
import { ProjectFunction } from './function';

export interface NotificationsProps {
  readonly api: Api;
  readonly logRetention: RetentionDays;
}

/** The notifications topic, its notifier, and the dead-letter queue behind them. */
export class Notifications extends Construct {
  /** Encrypts the topics of this stack (notifications and alarms). */
  public readonly key: kms.Key;
  public readonly topic: sns.Topic;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly notifier: ProjectFunction;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Stock-Mate SNS topics',
      enableKeyRotation: true,
    });
    this.topic = new sns.Topic(this, 'Topic', { masterKey: this.key, enforceSSL: true });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the notifier function and its subscription.',
    });

    this.notifier = new ProjectFunction(this, 'Notifier', {
      entry: 'notifier',
      description: 'Publishes notifications from SNS to AppSync subscribers',
      timeout: Duration.seconds(30),
      logRetention: props.logRetention,
      deadLetterQueue: this.deadLetterQueue,
      environment: { [envNames.graphqlUrl]: props.api.graphqlApi.graphqlUrl },
    });
    this.notifier.grantMutations(props.api.graphqlApi, 'publishNotification');
    this.topic.addSubscription(
      new LambdaSubscription(this.notifier.function, { deadLetterQueue: this.deadLetterQueue }),
    );
  }

  /** Lets a function publish notifications (the topic, and its key to encrypt them). */
  grantPublish(fn: ProjectFunction): void {
    // Written out rather than topic.grantPublish, whose KMS grant is kms:GenerateDataKey*.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.topic.topicArn] }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
      }),
    );
  }

  /** The functions of this construct, for alarms. */
  get functions(): IFunction[] {
    return [this.notifier.function];
  }
}
