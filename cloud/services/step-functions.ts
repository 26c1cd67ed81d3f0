/**
 * The cloud's Workflows adapter: a run is recorded in the database, then started in Step Functions
 * under its execution name. Standard state machines refuse a second execution of one name, so a
 * relay that delivers the same outbox row twice still starts one run.
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Clock } from '../app/ports';
import type { Database } from '../db/port';
import type { WorkflowName } from '../workflows/definitions';
import type { Workflows } from './workflows';
import { recordStart } from './workflows';

export interface StepFunctionsWorkflowsOptions {
  readonly client: SFNClient;
  readonly db: Database;
  readonly clock: Clock;
  /** The state machines this function may start; starting any other is a configuration error. */
  readonly stateMachineArns: Readonly<Partial<Record<WorkflowName, string>>>;
}

/** Starts state machine runs in Step Functions; a name already used starts nothing new. */
export const createStepFunctionsWorkflows = (
  options: StepFunctionsWorkflowsOptions,
): Workflows => ({
  start: async (workflow, tenantId, executionName, input) => {
    const stateMachineArn = options.stateMachineArns[workflow];
    if (stateMachineArn === undefined)
      throw new Error(`this function is not configured to start ${workflow} runs`);
    const recorded = await recordStart(
      options.db,
      workflow,
      tenantId,
      executionName,
      input,
      options.clock.now().toISOString(),
    );
    // A run recorded as finished ran already; one still RUNNING may never have reached Step
    // Functions (a crash between the two steps), so it is started again and the name decides.
    if (recorded.status !== 'RUNNING') return { started: false };
    try {
      await options.client.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: executionName,
          // The same shape the local runner gives the definitions.
          input: JSON.stringify({ ...recorded.input, tenantId, executionName }),
        }),
      );
      return { started: true };
    } catch (error) {
      if (
        error instanceof ExecutionAlreadyExists ||
        (error as Error).name === 'ExecutionAlreadyExists'
      )
        return { started: false };
      throw error;
    }
  },
});
