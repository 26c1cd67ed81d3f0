/**
 * The workflows: both state machines from the same ASL files the local runner runs, with each
 * `${<Name>FunctionArn}` substituted by the ARN of a function that runs exactly that task, and
 * explicit invoke grants. Also the outbox relay with its one-minute EventBridge Scheduler sweep,
 * and the nightly usage analysis schedule.
 */
import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { envNames } from '../lambda/env';
import type { TaskFunction, WorkflowName } from '../workflows/definitions';
import { definitionText, taskFunctions, taskStates, workflowNames } from '../workflows/definitions';
import type { Api } from './api';
import type { StackConfig } from './config';
import type { Database } from './database';
import { ProjectFunction } from './function';
import type { Notifications } from './notifications';
import type { ExternalSecrets } from './secrets';

/** What each task uses besides the database, so its function gets only that. */
const taskNeeds: Readonly<
  Record<TaskFunction, { advisor?: true; billing?: true; notify?: true; long?: true }>
> = {
  AnalyseIssues: {},
  Advise: { advisor: true },
  Notify: { notify: true },
  MeterUsage: { billing: true },
  RecordRun: {},
  ListProductBatches: {},
  AnalyseBatch: { long: true },
  SummariseAnalysis: { notify: true, billing: true },
};

const timeouts: Readonly<Record<WorkflowName, Duration>> = {
  'stock-changed': Duration.minutes(15),
  'usage-analysis': Duration.hours(2),
};

export interface WorkflowsProps {
  readonly config: StackConfig;
  readonly database: Database;
  readonly api: Api;
  readonly notifications: Notifications;
  readonly secrets: ExternalSecrets;
  readonly logRetention: RetentionDays;
}

/** State machines, their task functions, the relay and the schedules. */
export class Workflows extends Construct {
  public readonly stateMachines: Readonly<Record<WorkflowName, sfn.StateMachine>>;
  public readonly taskFunctions: Readonly<Record<TaskFunction, ProjectFunction>>;
  public readonly relay: ProjectFunction;
  public readonly nightly: ProjectFunction;

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    const { config, database, notifications, secrets } = props;
    const withDatabase = (
      name: string,
      entry: 'tasks' | 'relay' | 'nightly',
      description: string,
      extra: { timeout?: Duration; memorySize?: number } = {},
    ) => {
      const fn = new ProjectFunction(this, name, {
        entry,
        description,
        logRetention: props.logRetention,
        timeout: extra.timeout ?? Duration.seconds(60),
        memorySize: extra.memorySize ?? 512,
      });
      database.connect(fn);
      return fn;
    };
    const withStripe = (fn: ProjectFunction) => {
      if (secrets.stripe === undefined) return;
      fn.addEnvironment(envNames.stripeSecretArn, secrets.stripe.secretArn).grantSecretRead(
        secrets.stripe,
      );
    };
    const withNotifications = (fn: ProjectFunction) => {
      fn.addEnvironment(envNames.notificationsTopicArn, notifications.topic.topicArn);
      notifications.grantPublish(fn);
    };

    const tasks = Object.fromEntries(
      taskFunctions.map((task) => {
        const needs = taskNeeds[task];
        const fn = withDatabase(
          `${task}Task`,
          'tasks',
          `Workflow task ${task}`,
          needs.long ? { timeout: Duration.minutes(5), memorySize: 1769 } : {},
        );
        fn.addEnvironment(envNames.taskName, task);
        if (needs.advisor && secrets.openAi !== undefined) {
          fn.addEnvironment(envNames.openAiSecretArn, secrets.openAi.secretArn).addEnvironment(
            envNames.openAiModel,
            config.openAiModel,
          );
          fn.grantSecretRead(secrets.openAi);
        }
        if (needs.billing) withStripe(fn);
        if (needs.notify) withNotifications(fn);
        return [task, fn];
      }),
    ) as Record<TaskFunction, ProjectFunction>;
    this.taskFunctions = tasks;

    this.stateMachines = Object.fromEntries(
      workflowNames.map((workflow) => [workflow, this.stateMachine(workflow, props.logRetention)]),
    ) as Record<WorkflowName, sfn.StateMachine>;

    this.relay = withDatabase(
      'Relay',
      'relay',
      'Relays committed commands: live updates, workflows, sweeps',
      { timeout: Duration.minutes(2) },
    );
    this.relay
      .addEnvironment(envNames.graphqlUrl, props.api.graphqlApi.graphqlUrl)
      .addEnvironment(
        envNames.stockChangedArn,
        this.stateMachines['stock-changed'].stateMachineArn,
      );
    this.relay.grantMutations(props.api.graphqlApi, 'publishStockChanged');
    this.stateMachines['stock-changed'].grantStartExecution(this.relay.role);
    withNotifications(this.relay);
    withStripe(this.relay);
    new Schedule(this, 'RelaySweep', {
      description: 'Drains the outbox and sweeps billing and notifications every minute',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      // The next minute's sweep is the retry.
      target: new LambdaInvoke(this.relay.function, {
        input: ScheduleTargetInput.fromObject({ source: 'sweep' }),
        retryAttempts: 0,
        role: this.schedulerRole('RelaySweepRole', this.relay),
      }),
    });

    this.nightly = withDatabase(
      'Nightly',
      'nightly',
      'Starts the nightly usage analysis of every tenant',
      { timeout: Duration.minutes(5) },
    );
    this.nightly.addEnvironment(
      envNames.usageAnalysisArn,
      this.stateMachines['usage-analysis'].stateMachineArn,
    );
    this.stateMachines['usage-analysis'].grantStartExecution(this.nightly.role);
    new Schedule(this, 'NightlyAnalysis', {
      description: 'Starts the usage analysis of every tenant once a day',
      schedule: ScheduleExpression.cron({
        minute: '0',
        hour: String(config.nightly.hour),
        timeZone: TimeZone.of(config.nightly.timeZone),
      }),
      target: new LambdaInvoke(this.nightly.function, {
        input: ScheduleTargetInput.fromObject({ scheduledTime: ContextAttribute.scheduledTime }),
        retryAttempts: 3,
        role: this.schedulerRole('NightlyAnalysisRole', this.nightly),
      }),
    });
  }

  /** A role for one schedule, allowed to invoke only its function. */
  private schedulerRole(id: string, target: ProjectFunction): iam.Role {
    const role = new iam.Role(this, id, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    Validations.of(role).acknowledge({
      id: target.versionsWildcardFinding,
      reason:
        "CDK grants the schedule invoke on its one function and that function's versions; no other function.",
    });
    return role;
  }

  private stateMachine(workflow: WorkflowName, logRetention: RetentionDays): sfn.StateMachine {
    const text = definitionText(workflow);
    const used = new Set(taskStates(JSON.parse(text) as Parameters<typeof taskStates>[0]).values());
    const machine = new sfn.StateMachine(this, `${workflow}-machine`, {
      comment: `Stock-Mate ${workflow}`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(text),
      definitionSubstitutions: Object.fromEntries(
        [...used].map((task) => [
          `${task}FunctionArn`,
          this.taskFunctions[task].function.functionArn,
        ]),
      ),
      timeout: timeouts[workflow],
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, `${workflow}-logs`, {
          retention: logRetention,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    // The definition names functions only by ARN, so CDK cannot infer the grants: give them,
    // for exactly the unqualified ARNs the definition calls.
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTheTaskFunctions',
        actions: ['lambda:InvokeFunction'],
        resources: [...used].map((task) => this.taskFunctions[task].function.functionArn),
      }),
    );
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray tracing actions support no resource-level permissions.',
    });
    return machine;
  }
}
