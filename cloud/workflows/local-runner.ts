import { storable } from '../../shared';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { Clock } from '../app/ports';
import type { Database } from '../db/port';
import type { Workflows } from '../services/workflows';
import { recordStart } from '../services/workflows';
import type { TaskFunction, WorkflowName } from './definitions';
import { definitionText, substituted, taskStates, workflowNames } from './definitions';
import type { TaskHandler, TaskPorts } from './tasks';

/** The ARN the local runner puts where the cloud puts a function's; never called, only named. */
const localArn = (fn: TaskFunction) =>
  `arn:aws:lambda:us-east-1:000000000000:function:stockmate-local-${fn}`;

export interface LocalWorkflows extends Workflows {
  /** Runs again every run left RUNNING by a previous process (tasks are safe to repeat). */
  resume(): Promise<number>;
  /** Resolves when every run in progress has finished. */
  idle(): Promise<void>;
}

/**
 * Runs the ASL state machines in this process with aws-local-stepfunctions; each Task state calls
 * the task function its `${<Name>FunctionArn}` placeholder names — the function the cloud's Lambda runs.
 */
export const createLocalWorkflows = (deps: {
  readonly db: Database;
  readonly clock: Clock;
  readonly tasks: Readonly<Record<TaskFunction, TaskHandler>>;
  readonly ports: TaskPorts;
  /** Milliseconds between retries instead of the definitions' intervals (tests). */
  readonly retryIntervalMs?: number;
  readonly log: (message: string, error?: unknown) => void;
}): LocalWorkflows => {
  const machines = new Map(
    workflowNames.map((name) => {
      const states = taskStates(
        JSON.parse(definitionText(name)) as Parameters<typeof taskStates>[0],
      );
      const definition = JSON.parse(substituted(name, localArn)) as StateMachineDefinition;
      return [name, { machine: new StateMachine(definition), states }] as const;
    }),
  );
  const running = new Map<string, Promise<void>>();

  const execute = async (workflow: WorkflowName, tenantId: string, name: string, input: object) => {
    const { machine, states } = machines.get(workflow)!;
    const handlers = Object.fromEntries(
      [...states].map(([state, fn]) => [
        state,
        (taskInput: unknown) => deps.tasks[fn](taskInput as never, deps.ports) as never,
      ]),
    );
    const retries =
      deps.retryIntervalMs === undefined
        ? {}
        : Object.fromEntries([...states.keys()].map((state) => [state, deps.retryIntervalMs!]));
    try {
      await machine.run(
        { ...input, tenantId, executionName: name },
        {
          overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retries },
        },
      ).result;
    } catch (error) {
      // The definitions record their own failures; this covers a run that could not even do that.
      deps.log(`workflow ${name} failed`, error);
      await deps.db
        .system((tx) =>
          tx.run(
            `UPDATE workflow_runs SET status = 'FAILED', error = coalesce(error, :error), ended_at = coalesce(ended_at, now())
             WHERE tenant_id = :tenant AND execution_name = :name AND status = 'RUNNING'`,
            { tenant: tenantId, name, error: storable(String(error).slice(0, 2000)) },
          ),
        )
        .catch((e: unknown) => deps.log('recording a failed run failed', e));
    }
  };

  const launch = (workflow: WorkflowName, tenantId: string, name: string, input: object) => {
    const key = `${tenantId}/${name}`;
    const run = execute(workflow, tenantId, name, input).finally(() => running.delete(key));
    running.set(key, run);
  };

  return {
    start: async (workflow, tenantId, name, input) => {
      const key = `${tenantId}/${name}`;
      if (running.has(key)) return { started: false };
      const recorded = await recordStart(
        deps.db,
        workflow,
        tenantId,
        name,
        input,
        deps.clock.now().toISOString(),
      );
      if (recorded.status !== 'RUNNING' || running.has(key)) return { started: false };
      launch(workflow, tenantId, name, recorded.input);
      return { started: true };
    },
    resume: async () => {
      const left = await deps.db.system((tx) =>
        tx.rows<{ tenantId: string; name: string; workflow: WorkflowName; input: object }>(
          `SELECT tenant_id AS "tenantId", execution_name AS name, workflow, input FROM workflow_runs
           WHERE status = 'RUNNING' ORDER BY started_at`,
        ),
      );
      for (const run of left)
        if (!running.has(`${run.tenantId}/${run.name}`))
          launch(run.workflow, run.tenantId, run.name, run.input);
      return left.length;
    },
    idle: async () => {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
  };
};
