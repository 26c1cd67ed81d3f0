import { storable } from '../../../shared';
import type { TaskPorts } from './ports';

export interface RecordRunInput {
  readonly tenantId: string;
  readonly executionName: string;
  readonly outcome: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: unknown;
}

const describe = (error: unknown): string => {
  if (error !== null && typeof error === 'object' && 'Error' in error) {
    const e = error as { Error?: unknown; Cause?: unknown };
    const cause = typeof e.Cause === 'string' ? e.Cause : JSON.stringify(e.Cause);
    return storable(`${String(e.Error)}: ${cause}`.slice(0, 2000));
  }
  return storable(String(error).slice(0, 2000));
};

/** Task RecordRun: the run's outcome, for the workflowRuns query. */
export const recordRunTask = async (
  input: RecordRunInput,
  ports: TaskPorts,
): Promise<{ recorded: boolean }> => {
  const changed = await ports.db.system((tx) =>
    tx.run(
      `UPDATE workflow_runs SET status = :status, output = :output::jsonb, error = :error, ended_at = :at::timestamptz
       WHERE tenant_id = :tenant AND execution_name = :name`,
      {
        tenant: input.tenantId,
        name: input.executionName,
        status: input.outcome,
        output: input.output === undefined ? null : JSON.stringify(input.output),
        error: input.error === undefined ? null : describe(input.error),
        at: ports.clock.now().toISOString(),
      },
    ),
  );
  return { recorded: changed > 0 };
};
