/**
 * The Stock-Mate stack: one construct per concern, wired in dependency order, and the outputs the
 * desktop app connects with (`npm run cloud:config` reads them from `cdk deploy --outputs-file`).
 */
import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { Alarms } from './alarms';
import { Api } from './api';
import { Auth } from './auth';
import type { StackConfig } from './config';
import { Database } from './database';
import { Notifications } from './notifications';
import { outputNames } from './outputs';
import { ExternalSecrets } from './secrets';
import { Workflows } from './workflows';

export interface StockMateStackProps extends StackProps {
  readonly config: StackConfig;
}

/** Everything one environment of Stock-Mate needs in an AWS account. */
export class StockMateStack extends Stack {
  public readonly auth: Auth;
  public readonly database: Database;
  public readonly api: Api;
  public readonly notifications: Notifications;
  public readonly workflows: Workflows;
  public readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: StockMateStackProps) {
    super(scope, id, props);
    const { config } = props;
    // RetentionDays' values are the numbers of days the configuration allows.
    const logRetention: RetentionDays = config.logRetentionDays;
    const secrets = new ExternalSecrets(this, 'Secrets', { config });
    this.database = new Database(this, 'Database', { config, logRetention });
    this.auth = new Auth(this, 'Auth', { config, database: this.database, logRetention });
    this.api = new Api(this, 'Api', {
      config,
      auth: this.auth,
      database: this.database,
      secrets,
      logRetention,
    });
    this.notifications = new Notifications(this, 'Notifications', { api: this.api, logRetention });
    this.workflows = new Workflows(this, 'Workflows', {
      config,
      database: this.database,
      api: this.api,
      notifications: this.notifications,
      secrets,
      logRetention,
    });
    this.api.connectWorkflows(this.workflows.stateMachines['usage-analysis'], this.workflows.relay);

    this.alarms = new Alarms(this, 'Alarms', {
      functions: {
        Queries: this.api.queryFunction,
        Mutations: this.api.mutationFunction,
        PreToken: this.auth.preTokenFunction,
        Notifier: this.notifications.notifier,
        Relay: this.workflows.relay,
        Nightly: this.workflows.nightly,
        Migrate: this.database.migrateFunction,
        Rebuild: this.database.rebuildFunction,
        ...Object.fromEntries(
          Object.entries(this.workflows.taskFunctions).map(([task, fn]) => [`${task}Task`, fn]),
        ),
      },
      deadLetterQueues: { NotificationsDlq: this.notifications.deadLetterQueue },
      stateMachines: {
        StockChanged: this.workflows.stateMachines['stock-changed'],
        UsageAnalysis: this.workflows.stateMachines['usage-analysis'],
      },
      api: this.api.graphqlApi,
      key: this.notifications.key,
      email: config.alarmEmail,
    });

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output(outputNames.endpoint, this.api.graphqlApi.graphqlUrl, 'AppSync GraphQL endpoint');
    output(outputNames.region, Aws.REGION, 'AWS region of the deployment');
    output(outputNames.userPoolId, this.auth.userPool.userPoolId, 'Cognito user pool id');
    output(
      outputNames.userPoolClientId,
      this.auth.desktopClient.userPoolClientId,
      'Desktop app client id',
    );
    output(outputNames.hostedUiDomain, this.auth.hostedUiDomain, 'Cognito hosted UI domain');
    output(
      outputNames.redirectSignIn,
      config.auth.callbackUrls[0]!,
      'Where the hosted UI returns after sign-in',
    );
    output(
      outputNames.redirectSignOut,
      config.auth.logoutUrls[0]!,
      'Where the hosted UI returns after sign-out',
    );
    output(
      'RebuildFunction',
      this.database.rebuildFunction.function.functionName,
      'Rebuilds the projections from the events when invoked: {} or { "tenantId": "…" }',
    );
  }
}
