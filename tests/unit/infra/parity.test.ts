/**
 * The cloud serves what the local backend serves, through the same code: the template's resolvers,
 * the handler's served fields and the schema both servers load name the same fields, and every
 * Task of the state machines runs a task function that exists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESOLVERS_PER_REQUEST, servedFields } from '../../../cloud/api/handler';
import { schemaFile } from '../../../cloud/infra/api';
import { buildAppSyncSchema } from '../../../cloud/local/appsync-prelude';
import { schemaPath } from '../../../cloud/local/backend';
import {
  definitionText,
  taskFunctions,
  taskStates,
  workflowNames,
} from '../../../cloud/workflows/definitions';
import { tasks } from '../../../cloud/workflows/tasks';
import { environmentOf, synthesize } from './fixture';

const dev = synthesize();
const sorted = (names: Iterable<string>) => [...names].sort();

const resolved = (typeName: string) =>
  sorted(
    Object.values(dev.template.findResources('AWS::AppSync::Resolver'))
      .map((r) => (r as { Properties: { TypeName: string; FieldName: string } }).Properties)
      .filter((p) => p.TypeName === typeName)
      .map((p) => p.FieldName),
  );

// The executable schema exactly as the local server builds it.
const localSchema = buildAppSyncSchema(readFileSync(schemaPath, 'utf8'));
const localFields = (type: 'Query' | 'Mutation' | 'Subscription') => {
  const root =
    type === 'Query'
      ? localSchema.getQueryType()
      : type === 'Mutation'
        ? localSchema.getMutationType()
        : localSchema.getSubscriptionType();
  return sorted(Object.keys(root?.getFields() ?? {}));
};

describe('parity between the cloud stack and the local backend', () => {
  it('reads the one schema file: the stack and the local server load the same contract', () => {
    expect(schemaFile).toBe(decodeURIComponent(schemaPath.pathname));
  });

  it.each(['Query', 'Mutation'] as const)(
    'resolves in the cloud exactly the %s fields the handler serves and the local server exposes',
    (type) => {
      expect(resolved(type)).toEqual(sorted(servedFields[type]));
      expect(localFields(type)).toEqual(sorted(servedFields[type]));
    },
  );

  it('lets one request run as many resolvers in the cloud as the local server does', () => {
    dev.template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      ResolverCountLimit: RESOLVERS_PER_REQUEST,
    });
  });

  it('checks every subscription of the schema in the cloud', () => {
    expect(resolved('Subscription')).toEqual(localFields('Subscription'));
  });

  it('maps every Task placeholder of both state machines to a task function that exists', () => {
    const named = new Set<string>();
    for (const workflow of workflowNames) {
      const states = taskStates(
        JSON.parse(definitionText(workflow)) as Parameters<typeof taskStates>[0],
      );
      for (const [state, fn] of states) {
        expect(`${workflow}.${state} → ${fn}: ${typeof tasks[fn]}`).toBe(
          `${workflow}.${state} → ${fn}: function`,
        );
        named.add(fn);
      }
    }
    expect(sorted(named)).toEqual(sorted(taskFunctions));
    expect(sorted(Object.keys(tasks))).toEqual(sorted(taskFunctions));
  });

  it('deploys one function per task function, each told which task it runs', () => {
    const deployed = Object.values(dev.stack.workflows.taskFunctions).map(
      (fn) => environmentOf(dev.functionProps(fn))['TASK_NAME'],
    );
    expect(sorted(deployed as string[])).toEqual(sorted(taskFunctions));
  });
});
