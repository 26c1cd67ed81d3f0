/**
 * The project's Lambda function: NodejsFunction with the defaults baked in (Node 22 on ARM64,
 * bundled by the local esbuild as ESM — no Docker — with its own log group and retention, X-Ray
 * tracing, JSON logs) and least-privilege grant helpers. Handlers read their environment through
 * a fail-fast getter (cloud/lambda/env.ts), whose variable names this construct shares.
 */
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { CfnElement } from 'aws-cdk-lib';
import type { IGraphqlApi } from 'aws-cdk-lib/aws-appsync';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IDatabaseCluster } from 'aws-cdk-lib/aws-rds';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EnvName } from '../lambda/env';

/** The Lambda entry points in cloud/lambda. */
export type LambdaEntry =
  'api' | 'tasks' | 'relay' | 'notifier' | 'pre-token' | 'migrate' | 'nightly' | 'rebuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const entryPath = (entry: LambdaEntry) =>
  fileURLToPath(new URL(`../lambda/${entry}.ts`, import.meta.url));
const copySql = fileURLToPath(new URL('./copy-sql.mjs', import.meta.url));

export interface ProjectFunctionProps {
  readonly entry: LambdaEntry;
  readonly description: string;
  readonly environment?: Readonly<Partial<Record<EnvName, string>>>;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly logRetention: RetentionDays;
  readonly removalPolicy?: RemovalPolicy;
  /** Where asynchronous invocations go after their retries fail. */
  readonly deadLetterQueue?: IQueue;
  /** Copy cloud/db/migrations/*.sql into the bundle (the migration resource reads them). */
  readonly bundleMigrations?: boolean;
}

/** One Stock-Mate Lambda function with its role, log group and grant helpers. */
export class ProjectFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.DESTROY,
    });
    // An own role instead of the managed basic-execution policy: logs only to its own group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Stock-Mate)`,
    });
    this.logGroup.grantWrite(this.role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: entryPath(props.entry),
      handler: 'handler',
      projectRoot: root,
      depsLockFilePath: `${root}package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      description: props.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: Tracing.ACTIVE,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      ...(props.deadLetterQueue === undefined ? {} : { deadLetterQueue: props.deadLetterQueue }),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // The AWS SDK is bundled too: the versions tested here are the versions that run.
        externalModules: [],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // CommonJS dependencies inside an ES module bundle still call require().
        banner:
          "import { createRequire as __smRequire } from 'node:module'; const require = __smRequire(import.meta.url);",
        ...(props.bundleMigrations === true
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `node "${copySql}" "${inputDir}/cloud/db/migrations" "${outputDir}/migrations"`,
                ],
              },
            }
          : {}),
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime the project targets and tests (package.json engines, esbuild target node22); a newer Lambda runtime is a deliberate upgrade, not a drift.',
    });
    // X-Ray's PutTraceSegments/PutTelemetryRecords take no resource: AWS documents only "*".
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing actions (xray:PutTraceSegments, xray:PutTelemetryRecords) support no resource-level permissions; this is the only wildcard statement on the role.',
    });
  }

  /**
   * The cdk-nag finding for a CDK-made grant that lets a service invoke this function and any of
   * its versions (`<arn>:*`), for acknowledging it where CDK offers no narrower grant.
   */
  get versionsWildcardFinding(): string {
    const logicalId = Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnElement);
    return `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`;
  }

  /** Adds one of the variables the handlers read. */
  addEnvironment(name: EnvName, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /** The Data API on one cluster, as the database user of one secret — nothing wider. */
  grantDataApi(cluster: IDatabaseCluster, secret: ISecret): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DataApiOnTheCluster',
        actions: [
          'rds-data:ExecuteStatement',
          'rds-data:BatchExecuteStatement',
          'rds-data:BeginTransaction',
          'rds-data:CommitTransaction',
          'rds-data:RollbackTransaction',
        ],
        resources: [cluster.clusterArn],
      }),
    );
    this.grantSecretRead(secret);
  }

  /** Reading one secret's value (the Data API reads the database user's with our credentials). */
  grantSecretRead(secret: ISecret): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        // A secret imported by name has a partial ARN; the real one ends in -<6 random chars>.
        resources: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
      }),
    );
    secret.encryptionKey?.grantDecrypt(this.role);
  }

  /** Calling the given mutation fields of the API with IAM (the publish mutations). */
  grantMutations(api: IGraphqlApi, ...fields: string[]): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['appsync:GraphQL'],
        resources: fields.map((f) => `${api.arn}/types/Mutation/fields/${f}`),
      }),
    );
  }

  /** Invoking another function asynchronously (the relay kick). */
  grantInvoke(target: IFunction): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [target.functionArn],
      }),
    );
  }
}
