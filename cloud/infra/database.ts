/**
 * The database: Aurora PostgreSQL Serverless v2 with the Data API, in isolated subnets of its own
 * VPC (no NAT, no inbound rules: the Data API is the only way in), encrypted, backed up; in prod
 * with deletion protection and a reader instance to fail over to. Two login users with secrets —
 * read-write and read-only — and the migration resource that applies the project's SQL on deploy.
 */
import { createHash } from 'node:crypto';
import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { readMigrations } from '../db/migrate';
import { roles } from '../db/database';
import { envNames } from '../lambda/env';
import type { StackConfig } from './config';
import { ProjectFunction } from './function';

export const DATABASE_NAME = 'stockmate';

export interface DatabaseProps {
  readonly config: StackConfig;
  readonly logRetention: RetentionDays;
}

const removalPolicyOf = (removal: StackConfig['database']['removal']) =>
  removal === 'retain'
    ? RemovalPolicy.RETAIN
    : removal === 'snapshot'
      ? RemovalPolicy.SNAPSHOT
      : RemovalPolicy.DESTROY;

/** The checksum of every migration: a changed or added file re-runs the migration resource. */
export const migrationsChecksum = (): string =>
  createHash('sha256')
    .update(
      readMigrations()
        .map((m) => `${m.version}:${m.name}:${m.sql}`)
        .join('\n'),
    )
    .digest('hex');

/** Aurora PostgreSQL behind the Data API, its two users, and the schema migrations. */
export class Database extends Construct {
  public readonly cluster: rds.DatabaseCluster;
  /** The read-write user: mutations, workflow tasks, the relay, triggers. */
  public readonly appUserSecret: ISecret;
  /** The read-only user: queries. */
  public readonly readerUserSecret: ISecret;
  public readonly databaseName = DATABASE_NAME;
  public readonly migrateFunction: ProjectFunction;
  /** Rebuilds the projections from the events, when an admin invokes it. */
  public readonly rebuildFunction: ProjectFunction;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { config } = props;
    const db = config.database;
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      // Nothing is placed in the default group; restricting it would add a custom-resource Lambda.
      restrictDefaultSecurityGroup: false,
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new LogGroup(this, 'FlowLogGroup', {
          retention: props.logRetention,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });

    this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
      engine: rds.DatabaseClusterEngine.auroraPostgres({
        version: rds.AuroraPostgresEngineVersion.VER_16_8,
      }),
      credentials: rds.Credentials.fromGeneratedSecret('stockmate_admin'),
      defaultDatabaseName: DATABASE_NAME,
      writer: rds.ClusterInstance.serverlessV2('writer', { autoMinorVersionUpgrade: true }),
      readers: db.readerInstance
        ? [
            rds.ClusterInstance.serverlessV2('reader', {
              scaleWithWriter: true,
              autoMinorVersionUpgrade: true,
            }),
          ]
        : [],
      serverlessV2MinCapacity: db.minCapacity,
      serverlessV2MaxCapacity: db.maxCapacity,
      enableDataApi: true,
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      iamAuthentication: true,
      backup: { retention: Duration.days(db.backupRetentionDays) },
      deletionProtection: db.deletionProtection,
      removalPolicy: removalPolicyOf(db.removal),
      copyTagsToSnapshot: true,
    });

    // Names are left to CloudFormation: a deleted secret keeps its name for its recovery window,
    // which would block tearing an environment down and deploying it again.
    const user = (name: string, username: string) =>
      new rds.DatabaseSecret(this, name, { username }).attach(this.cluster);
    this.appUserSecret = user('AppUserSecret', 'stockmate_rw');
    this.readerUserSecret = user('ReaderUserSecret', 'stockmate_ro');

    this.migrateFunction = new ProjectFunction(this, 'Migrate', {
      entry: 'migrate',
      description: 'Applies the database migrations and creates the login users',
      timeout: Duration.minutes(10),
      logRetention: props.logRetention,
      bundleMigrations: true,
    });
    // The migrations run as the cluster's admin; passed as it is, a missing one would be taken
    // for the default (the app's login).
    const admin = this.cluster.secret;
    if (admin === undefined) throw new Error('the database cluster has no admin secret');
    this.connect(this.migrateFunction, admin);
    this.migrateFunction.grantSecretRead(this.appUserSecret);
    this.migrateFunction.grantSecretRead(this.readerUserSecret);

    this.rebuildFunction = new ProjectFunction(this, 'Rebuild', {
      entry: 'rebuild',
      description: 'Rebuilds the projections from the events: {} for every tenant, or { tenantId }',
      timeout: Duration.minutes(15),
      memorySize: 1769,
      logRetention: props.logRetention,
    });
    this.connect(this.rebuildFunction);

    const provider = new Provider(this, 'MigrationProvider', {
      onEventHandler: this.migrateFunction.function,
      logGroup: new LogGroup(this, 'MigrationProviderLogs', {
        retention: props.logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const migration = new CustomResource(this, 'Migrations', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::StockMateMigrations',
      properties: {
        MigrationsChecksum: migrationsChecksum(),
        Logins: [
          { SecretArn: this.appUserSecret.secretArn, Roles: `${roles.app},${roles.reader}` },
          { SecretArn: this.readerUserSecret.secretArn, Roles: roles.reader },
        ],
      },
    });
    migration.node.addDependency(this.cluster);

    acknowledge(this, config);
    Validations.of(provider).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'The custom-resource provider framework function is CDK-owned; its role only writes its own logs.',
      },
      {
        id: this.migrateFunction.versionsWildcardFinding,
        reason:
          'The CDK provider framework may invoke the migration function (and its versions, as CDK grants); nothing else.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'The provider framework function is CDK-owned; its runtime follows the aws-cdk-lib version.',
      },
    );
  }

  /**
   * Gives `fn` the Data API on this cluster as the user whose login `secret` holds (the app's by
   * default): the cluster, secret and database in its environment, and the rights to use them.
   */
  public connect(fn: ProjectFunction, secret: ISecret = this.appUserSecret): void {
    fn.addEnvironment(envNames.clusterArn, this.cluster.clusterArn);
    fn.addEnvironment(envNames.dbSecretArn, secret.secretArn);
    fn.addEnvironment(envNames.dbName, DATABASE_NAME);
    fn.grantDataApi(this.cluster, secret);
  }
}

const acknowledge = (scope: Database, config: StackConfig) => {
  Validations.of(scope).acknowledge(
    {
      id: 'AwsSolutions-SMG4',
      reason:
        'Database user secrets are rotated by putting a new secret version and redeploying: the migration resource sets the new password. A hosted rotation Lambda would need network access to the isolated cluster and to Secrets Manager (NAT or interface endpoints), which this stack avoids.',
    },
    {
      id: 'AwsSolutions-RDS11',
      reason:
        'No client connects over the network: the Data API is the only access path and the cluster security group has no inbound rules, so the port is not exposed.',
    },
  );
  if (!config.database.deletionProtection)
    Validations.of(scope).acknowledge({
      id: 'AwsSolutions-RDS10',
      reason: `Deletion protection is off in ${config.envName} so the environment can be torn down; prod turns it on.`,
    });
};
