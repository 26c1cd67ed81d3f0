/**
 * The outbox relay Lambda. The mutation function invokes it asynchronously after each commit
 * (`{ source: 'committed' }`); EventBridge Scheduler invokes it every minute (`{ source: 'sweep' }`).
 * Either way it drains the outbox — publishing stock changes to AppSync and starting stock-changed
 * runs — and the sweep also reports unreported billing and republishes unpublished notifications.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { systemClock } from '../app/ports';
import type { Credentials } from '../services/appsync-publisher';
import { createStepFunctionsWorkflows } from '../services/step-functions';
import { republishPending } from '../workflows/notifications';
import {
  allOf,
  createOutboxRelay,
  publishStockChanges,
  startStockChangedWorkflow,
} from '../workflows/relay';
import type { Env } from './env';
import { envNames, lazyHandler, log, once, required, shapes } from './env';
import { cloudDatabase } from './database';
import { cloudBilling, cloudPublisher, lazySecrets } from './ports';

export interface RelayDeps {
  readonly rdsData: RDSDataClient;
  readonly sfn: SFNClient;
  readonly sns: () => SNSClient;
  readonly secretsManager: () => SecretsManagerClient;
  readonly region: string;
  readonly credentials: Credentials;
  readonly fetch?: typeof fetch;
}

export interface RelayOutcome {
  readonly relayed: number;
  readonly billingReported: number;
  readonly republished: number;
}

const sourceOf = (event: unknown): 'committed' | 'sweep' =>
  (event as { source?: unknown } | null)?.source === 'committed' ? 'committed' : 'sweep';

/** Builds the relay for this function's environment; the outbox, billing and notification sweeps. */
export const createRelayHandler = (env: Env, deps: RelayDeps) => {
  const clock = systemClock;
  const db = cloudDatabase(env, deps.rdsData);
  const publisher = cloudPublisher(env, {
    sns: deps.sns,
    region: deps.region,
    credentials: deps.credentials,
    ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
  });
  const workflows = createStepFunctionsWorkflows({
    client: deps.sfn,
    // The runs of one relay pass record their starts in shared transactions.
    db: db.grouped(),
    clock,
    stateMachineArns: { 'stock-changed': required(env, envNames.stockChangedArn, shapes.arn) },
  });
  const relay = createOutboxRelay({
    db,
    handle: allOf(publishStockChanges(publisher), startStockChangedWorkflow(workflows)),
    log,
  });
  const billing = cloudBilling(env, db, lazySecrets(deps.secretsManager), clock);

  return async (event: unknown): Promise<RelayOutcome> => {
    const relayed = await relay.drain();
    if (sourceOf(event) === 'committed') return { relayed, billingReported: 0, republished: 0 };
    // Both sweeps run even if one fails; the invocation then fails so the error alarm sees it.
    const [billed, republished] = await Promise.allSettled([
      billing.reportPending(),
      republishPending(db, publisher),
    ]);
    const failures = [billed, republished].flatMap((r) =>
      r.status === 'rejected' ? [r.reason as unknown] : [],
    );
    if (failures.length > 0) throw new AggregateError(failures, 'a relay sweep failed');
    return {
      relayed,
      billingReported: billed.status === 'fulfilled' ? billed.value.reported : 0,
      republished: republished.status === 'fulfilled' ? republished.value : 0,
    };
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createRelayHandler(process.env, {
    rdsData: new RDSDataClient({ region }),
    sfn: new SFNClient({ region }),
    sns: once(() => new SNSClient({ region })),
    secretsManager: once(() => new SecretsManagerClient({ region })),
    region,
    credentials: defaultProvider(),
  });
});
