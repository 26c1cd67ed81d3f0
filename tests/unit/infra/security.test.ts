import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext, synthesize } from './fixture';

const withKeys = (() => {
  const context = cdkJsonContext();
  const stockmate = context['stockmate'] as Record<string, Record<string, unknown>>;
  return synthesize({
    stockmate: {
      ...stockmate,
      dev: {
        ...stockmate['dev'],
        openAiSecretName: 'stockmate/dev/openai-api-key',
        stripeSecretName: 'stockmate/dev/stripe-secret-key',
      },
    },
  });
})();
const template = withKeys.template;
const resources = template.toJSON()['Resources'] as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

interface Statement {
  Action: string | string[];
  Resource: unknown;
}
const statements: Statement[] = Object.values(resources)
  .filter((r) => r.Type === 'AWS::IAM::Policy')
  .flatMap((r) => (r.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) =>
  Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource];

const projectFunctions = [
  withKeys.stack.api.queryFunction,
  withKeys.stack.api.mutationFunction,
  withKeys.stack.auth.preTokenFunction,
  withKeys.stack.database.migrateFunction,
  withKeys.stack.notifications.notifier,
  withKeys.stack.workflows.relay,
  withKeys.stack.workflows.nightly,
  ...Object.values(withKeys.stack.workflows.taskFunctions),
];

describe('the stack’s permissions and secrets', () => {
  it('never grants rds-data:* and never grants the Data API on "*"', () => {
    const dataApi = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('rds-data:')));
    expect(dataApi.length).toBeGreaterThan(0);
    for (const s of dataApi) {
      expect(actionsOf(s)).not.toContain('rds-data:*');
      expect(resourcesOf(s)).not.toContain('*');
      expect(JSON.stringify(s.Resource)).toContain(
        `":cluster:",{"Ref":"${withKeys.logicalId(withKeys.stack.database.cluster)}"}`,
      );
      expect(actionsOf(s).sort()).toEqual([
        'rds-data:BatchExecuteStatement',
        'rds-data:BeginTransaction',
        'rds-data:CommitTransaction',
        'rds-data:ExecuteStatement',
        'rds-data:RollbackTransaction',
      ]);
    }
  });

  it('reads secrets one by one: every GetSecretValue names its secret', () => {
    const reads = statements.filter((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'));
    expect(reads.length).toBeGreaterThan(0);
    for (const s of reads)
      for (const resource of resourcesOf(s)) {
        expect(resource).not.toBe('*');
        expect(JSON.stringify(resource)).not.toMatch(/secret:\*|:secret:"\]|\*"/);
      }
  });

  it('keeps "*" only for actions that take no resource (X-Ray, log delivery)', () => {
    const wildcard = statements.filter((s) => resourcesOf(s).includes('*'));
    const allowed =
      /^(xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups|PutRetentionPolicy|DeleteRetentionPolicy))$/;
    for (const s of wildcard) for (const action of actionsOf(s)) expect(action).toMatch(allowed);
  });

  it('puts no secret value in any function environment, only ARNs of secrets', () => {
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type !== 'AWS::Lambda::Function') continue;
      const variables =
        (r.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {};
      const text = JSON.stringify(variables);
      expect(text, id).not.toMatch(/resolve:secretsmanager|sk_(live|test)_|password/i);
      for (const [name, value] of Object.entries(variables))
        if (name.endsWith('_SECRET_ARN'))
          expect(JSON.stringify(value), `${id} ${name}`).toMatch(
            /"Ref":"(Database\w*Secret\w*)"|:secret:stockmate\//,
          );
    }
  });

  it('builds every function the project way: Node 22 on ARM64, traced, JSON logs in its own group', () => {
    for (const fn of projectFunctions) {
      const props = withKeys.functionProps(fn);
      expect(props).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: withKeys.logicalId(fn.logGroup) } },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      expect(resources[withKeys.logicalId(fn.logGroup)]!.Properties['RetentionInDays']).toBe(30);
    }
  });

  it('stops synth on a cdk-nag finding nobody acknowledged', () => {
    expect(() =>
      synthesize({}, (stack) => {
        new Queue(stack, 'Careless', { encryption: QueueEncryption.UNENCRYPTED });
      }),
    ).toThrow(/AwsSolutions-SQS2/);
  });

  it('explains every cdk-nag acknowledgement', () => {
    const acknowledged = withKeys.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, unknown>))
      .filter(([rule]) => rule.includes('AwsSolutions-'));
    expect(acknowledged.length).toBeGreaterThan(5);
    for (const [rule, reason] of acknowledged)
      expect(`${rule}: ${String(reason)}`).toMatch(/: \S.{40,}/);
  });
});
