/**
 * The Workflows port: starting a state machine run. In the cloud, Step Functions; locally, the
 * same ASL run in-process. A run is named after what caused it, so starting it twice starts it once.
 */
import type { Database } from '../db/port';
import type { WorkflowName } from '../workflows/definitions';

export interface Workflows {
  /** Starts `workflow` as `executionName`; a name already used starts nothing new. */
  start(
    workflow: WorkflowName,
    tenantId: string,
    executionName: string,
    input: object,
  ): Promise<{ started: boolean }>;
}

/**
 * Records a run as RUNNING unless it is recorded already; returns the recorded status and input.
 * A run started again is started with the input it was recorded with, so every start of one name
 * agrees on what it covers.
 */
export const recordStart = (
  db: Database,
  workflow: WorkflowName,
  tenantId: string,
  executionName: string,
  input: object,
  at: string,
) =>
  db.system(async (tx) => {
    const started = await tx.one<{ status: 'RUNNING' }>(
      `INSERT INTO workflow_runs (tenant_id, execution_name, workflow, status, input, started_at)
       VALUES (:tenant, :name, :workflow, 'RUNNING', :input::jsonb, :at::timestamptz)
       ON CONFLICT (tenant_id, execution_name) DO NOTHING RETURNING status`,
      { tenant: tenantId, name: executionName, workflow, input: JSON.stringify(input), at },
    );
    if (started !== null) return { status: started.status, input };
    const row = await tx.one<{ status: 'RUNNING' | 'SUCCEEDED' | 'FAILED'; input: object }>(
      `SELECT status, input FROM workflow_runs WHERE tenant_id = :tenant AND execution_name = :name`,
      { tenant: tenantId, name: executionName },
    );
    return row ?? { status: 'RUNNING' as const, input };
  });

/** Step Functions names allow letters, digits, - and _ up to 80 characters. */
export const executionName = (workflow: WorkflowName, cause: string): string =>
  `${workflow}-${cause}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 80);
