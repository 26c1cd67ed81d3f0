/**
 * The workflow task Lambda. One function per Task placeholder runs this code; TASK_NAME says which
 * task, so each state machine Task invokes a function that runs exactly the task its
 * `${<Name>FunctionArn}` placeholder names — the same task function the local runner calls.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { createCommandService } from '../app/execute';
import { randomIds, systemClock } from '../app/ports';
import type { Credentials } from '../services/appsync-publisher';
import type { TaskFunction } from '../workflows/definitions';
import { taskFunctions } from '../workflows/definitions';
import type { TaskPorts } from '../workflows/tasks';
import { tasks } from '../workflows/tasks';
import type { Env } from './env';
import { envNames, lazyHandler, log, once, required } from './env';
import { cloudDatabase } from './database';
import { cloudAdvisor, cloudBilling, cloudPublisher, lazySecrets } from './ports';

export interface TaskDeps {
  readonly rdsData: RDSDataClient;
  readonly secretsManager: () => SecretsManagerClient;
  readonly sns: () => SNSClient;
  readonly region: string;
  readonly credentials: Credentials;
}

const isTask = (name: string): name is TaskFunction =>
  (taskFunctions as readonly string[]).includes(name);

/** The task this function runs, from TASK_NAME; throws naming the variable if it names none. */
export const taskOf = (env: Env): TaskFunction => {
  const name = required(env, envNames.taskName);
  if (!isTask(name))
    throw new Error(`${envNames.taskName} must be one of ${taskFunctions.join(', ')}; got ${name}`);
  return name;
};

/** Builds this function's task runner: Step Functions' input in, the task's output out. */
export const createTaskHandler = (env: Env, deps: TaskDeps) => {
  const name = taskOf(env);
  const clock = systemClock;
  const db = cloudDatabase(env, deps.rdsData);
  const secrets = lazySecrets(deps.secretsManager);
  const ports: TaskPorts = {
    db,
    commands: createCommandService({ db, clock, ids: randomIds }),
    advisor: cloudAdvisor(env, secrets),
    billing: cloudBilling(env, db, secrets, clock),
    publisher: cloudPublisher(env, {
      sns: deps.sns,
      region: deps.region,
      credentials: deps.credentials,
    }),
    clock,
    log,
  };
  const task = tasks[name];
  return async (input: unknown): Promise<unknown> => {
    // Every definition passes the run's tenant along; anything else is a wiring mistake.
    const tenantId = (input as { tenantId?: unknown } | null)?.tenantId;
    if (typeof tenantId !== 'string' || tenantId === '')
      throw new Error(`task ${name} needs a tenantId in its input`);
    return task(input as never, ports);
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createTaskHandler(process.env, {
    rdsData: new RDSDataClient({ region }),
    secretsManager: once(() => new SecretsManagerClient({ region })),
    sns: once(() => new SNSClient({ region })),
    region,
    credentials: defaultProvider(),
  });
});
