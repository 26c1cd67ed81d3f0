/**
 * The resolver Lambda: AppSync's Lambda data sources run it for every query and mutation field.
 * Two functions run this code: the query function is given the read-only database user's secret
 * and builds no workflow or relay ports; the mutation function gets the read-write user, starts
 * usage-analysis runs and kicks the outbox relay after each commit.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { z } from 'zod';
import type { ApiPorts, ResolverEvent, ResolverResult } from '../api/handler';
import { handle } from '../api/handler';
import { createCommandService } from '../app/execute';
import { randomIds, systemClock } from '../app/ports';
import type { Credentials } from '../services/appsync-publisher';
import { createStepFunctionsWorkflows } from '../services/step-functions';
import type { Env } from './env';
import { envNames, lazyHandler, log, once, required, shapes } from './env';
import { createKicker, invokeRelay } from './kick';
import { cloudDatabase } from './database';
import { cloudBilling, lazySecrets } from './ports';

/** How long a mutation's response waits for Lambda to accept the relay kick. */
const KICK_WAIT_MS = 250;

export interface ApiDeps {
  readonly rdsData: RDSDataClient;
  readonly secretsManager: () => SecretsManagerClient;
  readonly sfn: () => SFNClient;
  readonly region: string;
  readonly credentials: Credentials;
  /** Lambda's API endpoint for the relay kick (tests point it at a local one). */
  readonly lambdaEndpoint?: string;
  readonly fetch?: typeof fetch;
}

// What the resolvers' request functions send (see cloud/infra/resolver-code.ts).
const eventSchema = z.object({
  arguments: z.record(z.string(), z.unknown()).nullish(),
  identity: z.record(z.string(), z.unknown()).nullish(),
  info: z.object({
    fieldName: z.string().min(1),
    parentTypeName: z.string().min(1),
    selectionSetList: z.array(z.string()).nullish(),
  }),
});

/** The event as the handler reads it, or null when it is not a resolver event at all. */
export const parseResolverEvent = (event: unknown): ResolverEvent | null => {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) return null;
  const { info } = parsed.data;
  return {
    arguments: parsed.data.arguments ?? null,
    identity: (parsed.data.identity ?? null) as ResolverEvent['identity'],
    info: {
      fieldName: info.fieldName,
      parentTypeName: info.parentTypeName,
      ...(info.selectionSetList ? { selectionSetList: info.selectionSetList } : {}),
    },
  };
};

/** The mutation function's extra ports: usage-analysis runs, and the relay kick after commits. */
const writePorts = (env: Env, deps: ApiDeps, base: ApiPorts) => {
  const functionName = required(env, envNames.relayFunctionName);
  const kicker = createKicker(
    () =>
      invokeRelay({
        functionName,
        region: deps.region,
        credentials: deps.credentials,
        ...(deps.lambdaEndpoint === undefined ? {} : { endpoint: deps.lambdaEndpoint }),
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      }),
    log,
  );
  const ports: ApiPorts = {
    ...base,
    workflows: createStepFunctionsWorkflows({
      client: deps.sfn(),
      db: base.db,
      clock: base.clock ?? systemClock,
      stateMachineArns: { 'usage-analysis': required(env, envNames.usageAnalysisArn, shapes.arn) },
    }),
    committed: () => kicker.kick(),
  };
  return { ports, settle: (ms: number) => kicker.settle(ms) };
};

/** Builds the resolver function for this function's environment; ports are made once. */
export const createApiHandler = (env: Env, deps: ApiDeps) => {
  const access = required(env, envNames.apiAccess, {
    pattern: /^(read|write)$/,
    description: 'read (queries) or write (mutations)',
  });
  const clock = systemClock;
  const db = cloudDatabase(env, deps.rdsData);
  const base: ApiPorts = {
    db,
    commands: createCommandService({ db, clock, ids: randomIds }),
    billing: cloudBilling(env, db, lazySecrets(deps.secretsManager), clock),
    clock,
    log,
  };
  const { ports, settle } =
    access === 'write'
      ? writePorts(env, deps, base)
      : { ports: base, settle: () => Promise.resolve() };

  return async (event: unknown): Promise<ResolverResult> => {
    const parsed = parseResolverEvent(event);
    if (parsed === null) {
      log('the resolver received an event it does not understand', event);
      return {
        error: { errorType: 'Internal', message: 'the API is misconfigured', errorInfo: null },
      };
    }
    const result = await handle(parsed, ports);
    await settle(KICK_WAIT_MS);
    return result;
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createApiHandler(process.env, {
    rdsData: new RDSDataClient({ region }),
    secretsManager: once(() => new SecretsManagerClient({ region })),
    sfn: once(() => new SFNClient({ region })),
    region,
    credentials: defaultProvider(),
  });
});
