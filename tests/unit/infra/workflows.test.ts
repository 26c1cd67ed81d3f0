import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { TaskFunction, WorkflowName } from '../../../cloud/workflows/definitions';
import {
  definitionText,
  substituted,
  taskFunctions,
  workflowNames,
} from '../../../cloud/workflows/definitions';
import { cdkJsonContext, environmentOf, referencedId, synthesize } from './fixture';

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
const { stack, template } = withKeys;
const workflows = stack.workflows;

interface MachineProps {
  DefinitionString: string;
  DefinitionSubstitutions: Record<string, { 'Fn::GetAtt': [string, string] }>;
  RoleArn: { 'Fn::GetAtt': [string, string] };
}
const machineProps = (workflow: WorkflowName) =>
  (template.toJSON()['Resources'] as Record<string, { Properties: MachineProps }>)[
    withKeys.logicalId(workflows.stateMachines[workflow])
  ]!.Properties;

const taskOfFunction = new Map<string, string>(
  taskFunctions.map((task) => [
    withKeys.logicalId(workflows.taskFunctions[task].function),
    String(environmentOf(withKeys.functionProps(workflows.taskFunctions[task]))['TASK_NAME']),
  ]),
);

describe('the Workflows construct', () => {
  it.each(workflowNames)(
    'deploys %s from its ASL file, each placeholder substituted by its own task function',
    (workflow) => {
      const props = machineProps(workflow);
      expect(props.DefinitionString).toBe(definitionText(workflow));
      const idOf = (fn: TaskFunction) =>
        props.DefinitionSubstitutions[`${fn}FunctionArn`]?.['Fn::GetAtt'][0];
      // The definition after substitution, with each function named by its logical id.
      const deployed = props.DefinitionString.replace(
        /\$\{([A-Za-z]+)FunctionArn\}/g,
        (_m, fn: string) => String(idOf(fn as TaskFunction)),
      );
      expect(deployed).toBe(
        substituted(workflow, (fn) => withKeys.logicalId(workflows.taskFunctions[fn].function)),
      );
      for (const [key, arn] of Object.entries(props.DefinitionSubstitutions))
        expect(`${key} runs ${taskOfFunction.get(arn['Fn::GetAtt'][0])}`).toBe(
          `${key} runs ${key.replace(/FunctionArn$/, '')}`,
        );
    },
  );

  it.each(workflowNames)(
    'lets %s invoke exactly its task functions, by unqualified ARN',
    (workflow) => {
      const props = machineProps(workflow);
      const role = props.RoleArn['Fn::GetAtt'][0];
      const policy = Object.values(template.findResources('AWS::IAM::Policy')).find(
        (p) =>
          JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles) ===
          JSON.stringify([{ Ref: role }]),
      ) as {
        Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } };
      };
      const invoke = policy.Properties.PolicyDocument.Statement.filter(
        (s) => s.Action === 'lambda:InvokeFunction',
      );
      expect(invoke).toHaveLength(1);
      expect(invoke[0]!.Resource).toEqual(Object.values(props.DefinitionSubstitutions));
    },
  );

  it('logs every state machine event and traces runs', () => {
    template.resourcePropertiesCountIs(
      'AWS::StepFunctions::StateMachine',
      {
        StateMachineType: 'STANDARD',
        LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
        TracingConfiguration: { Enabled: true },
      },
      2,
    );
  });

  it('gives each task only what it uses: OpenAI to Advise, Stripe to billing, the topic to notifiers', () => {
    const has = (task: TaskFunction, variable: string) =>
      variable in environmentOf(withKeys.functionProps(workflows.taskFunctions[task]));
    expect(taskFunctions.filter((t) => has(t, 'OPENAI_SECRET_ARN'))).toEqual(['Advise']);
    expect(taskFunctions.filter((t) => has(t, 'STRIPE_SECRET_ARN'))).toEqual([
      'MeterUsage',
      'SummariseAnalysis',
    ]);
    expect(taskFunctions.filter((t) => has(t, 'NOTIFICATIONS_TOPIC_ARN'))).toEqual([
      'Notify',
      'SummariseAnalysis',
    ]);
    expect(taskFunctions.every((t) => has(t, 'DB_CLUSTER_ARN'))).toBe(true);
  });

  it('sweeps the outbox every minute and starts the nightly analysis with the scheduled time', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [withKeys.logicalId(workflows.relay.function), 'Arn'] },
        Input: JSON.stringify({ source: 'sweep' }),
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [withKeys.logicalId(workflows.nightly.function), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
  });

  it('points the relay at the API, the topic and the stock-changed machine', () => {
    const env = environmentOf(withKeys.functionProps(workflows.relay));
    expect(referencedId(env['STOCK_CHANGED_STATE_MACHINE_ARN'])).toBe(
      withKeys.logicalId(workflows.stateMachines['stock-changed']),
    );
    expect(referencedId(env['NOTIFICATIONS_TOPIC_ARN'])).toBe(
      withKeys.logicalId(stack.notifications.topic),
    );
    expect(env['GRAPHQL_URL']).toEqual({
      'Fn::GetAtt': [withKeys.logicalId(stack.api.graphqlApi), 'GraphQLUrl'],
    });
  });
});
