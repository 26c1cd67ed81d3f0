/**
 * The cloud functions' surroundings on this machine: PGlite behind the local Data API endpoint,
 * and one local endpoint for Secrets Manager, Step Functions, SNS, Lambda and AppSync — each
 * reached by the real SDK clients (or the real signer) with test credentials.
 */
import { readFileSync } from 'node:fs';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { createDatabase } from '../../../cloud/db/database';
import { migrate } from '../../../cloud/db/migrate';
import type { Database } from '../../../cloud/db/port';
import { buildAppSyncSchema } from '../../../cloud/local/appsync-prelude';
import { schemaPath } from '../../../cloud/local/backend';
import type { Env } from '../../../cloud/lambda/env';
import type { AwsFake } from '../../fakes/aws-server';
import { startAwsFake } from '../../fakes/aws-server';
import type { DataApiServer } from '../../fakes/data-api-server';
import { startDataApiServer } from '../../fakes/data-api-server';

const ACCOUNT = '000000000000';

export interface Cloud {
  readonly aws: AwsFake;
  readonly dataApi: DataApiServer;
  /** The same database, opened directly, for setting up and checking. */
  readonly db: Database;
  readonly rdsData: RDSDataClient;
  readonly secretsManager: SecretsManagerClient;
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  /** The environment the stack gives the functions, pointing at these endpoints. */
  readonly env: Env;
  /** Applies the migrations directly (the tests of the migration function do it through it). */
  migrateSchema(): Promise<void>;
  close(): Promise<void>;
}

export const arns = {
  cluster: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:stockmate`,
  appSecret: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:stockmate/dev/db-stockmate-rw-AbCdEf`,
  readerSecret: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:stockmate/dev/db-stockmate-ro-GhIjKl`,
  topic: `arn:aws:sns:eu-west-1:${ACCOUNT}:StockMate-dev-Notifications`,
  stockChanged: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:stock-changed`,
  usageAnalysis: `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:usage-analysis`,
  relay: 'StockMate-dev-WorkflowsRelayFunction',
} as const;

/** Starts PGlite, the Data API endpoint and the AWS endpoint. */
export const openCloud = async (): Promise<Cloud> => {
  const engine = await pgliteDriver();
  const dataApi = await startDataApiServer(engine.pglite);
  const aws = await startAwsFake(buildAppSyncSchema(readFileSync(schemaPath, 'utf8')));
  const config = { region: aws.region, credentials: aws.credentials, maxAttempts: 1 };
  const local = { ...config, endpoint: aws.endpoint };
  const db = createDatabase(engine);
  return {
    aws,
    dataApi,
    db,
    rdsData: new RDSDataClient({ ...config, endpoint: dataApi.endpoint }),
    secretsManager: new SecretsManagerClient(local),
    sfn: new SFNClient(local),
    sns: new SNSClient(local),
    env: {
      AWS_REGION: aws.region,
      DB_CLUSTER_ARN: arns.cluster,
      DB_SECRET_ARN: arns.appSecret,
      DB_NAME: 'postgres',
      GRAPHQL_URL: `${aws.endpoint}/graphql`,
      NOTIFICATIONS_TOPIC_ARN: arns.topic,
      STOCK_CHANGED_STATE_MACHINE_ARN: arns.stockChanged,
      USAGE_ANALYSIS_STATE_MACHINE_ARN: arns.usageAnalysis,
      RELAY_FUNCTION_NAME: arns.relay,
    },
    migrateSchema: async () => {
      await migrate(engine);
    },
    close: async () => {
      await dataApi.close();
      await aws.close();
      await db.close();
    },
  };
};

/** A Cognito user pool identity as AppSync passes it, after the pre-token trigger ran. */
export const userIdentity = (userId: string, tenantId: string, role: string) => ({
  sub: userId,
  username: userId,
  groups: [role],
  claims: { sub: userId, 'custom:tenant_id': tenantId, 'cognito:groups': [role] },
});
