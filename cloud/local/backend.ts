/**
 * The composition root of the embedded backend: the database in a data folder, the application
 * service, the shared resolver handler, the AppSync-compatible server, the outbox relay and the
 * in-process workflows. `npm run backend` runs it headless; the desktop app hosts the same module.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { ApiPorts } from '../api/handler';
import { handle } from '../api/handler';
import type { CommandService } from '../app/execute';
import { createCommandService } from '../app/execute';
import { randomIds, systemClock } from '../app/ports';
import type { DatabaseConfig } from '../db';
import { openDatabase } from '../db';
import type { Database } from '../db/port';
import type { Advisor } from '../services/advisor';
import { advisorFromEnv } from '../services/advisor';
import type { Billing } from '../services/billing';
import { billingFromEnv } from '../services/billing';
import type { Publisher } from '../services/publisher';
import { executionName } from '../services/workflows';
import type { LocalWorkflows } from '../workflows/local-runner';
import { createLocalWorkflows } from '../workflows/local-runner';
import { republishPending } from '../workflows/notifications';
import type { OutboxRelay } from '../workflows/relay';
import {
  allOf,
  createOutboxRelay,
  publishStockChanges,
  startStockChangedWorkflow,
} from '../workflows/relay';
import { tasks } from '../workflows/tasks';
import type { LocalServer } from './contracts';
import { nightly } from './schedule';
import { startLocalServer } from './server';
import { openTokenIssuer } from './tokens';

export const schemaPath = new URL('../../shared/schema/schema.graphql', import.meta.url);

/** The one tenant of a local install, and its owner. */
export const LOCAL_TENANT = 'local';
export const LOCAL_OWNER = 'local-owner';

export interface LocalBackendOptions {
  /** Where the database and the token key live. */
  readonly dataDir: string;
  /** Use this PostgreSQL server instead of the embedded database. */
  readonly databaseUrl?: string;
  readonly host?: string;
  readonly port?: number;
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes?: number;
  /** Requests per minute allowed per token. */
  readonly requestsPerMinute?: number;
  /** Environment for the optional services (OPENAI_*, STRIPE_*); the process's by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Replace the advisor or billing (tests point them at local fakes). */
  readonly advisor?: Advisor;
  readonly billing?: Billing;
  /** Milliseconds between workflow retries instead of the definitions' intervals (tests). */
  readonly retryIntervalMs?: number;
  /** Run the nightly usage analysis at this local hour (default 2); null not to schedule it. */
  readonly nightlyHour?: number | null;
  readonly log?: (message: string, error?: unknown) => void;
}

export interface LocalBackend {
  readonly endpoint: string;
  readonly realtimeEndpoint: string;
  /** An admin token for the local owner. */
  readonly token: string;
  readonly db: Database;
  readonly server: LocalServer;
  readonly workflows: LocalWorkflows;
  /** Processes committed commands still waiting in the outbox (the relay does this by itself too). */
  drainOutbox(): Promise<number>;
  /** A fresh token for a user of the local tenant (for tests and other local users). */
  issueToken(
    user: { sub: string; username: string; groups: readonly string[]; tenantId?: string },
    ttlSeconds?: number,
  ): Promise<string>;
  /** Finishes requests, relaying and workflow runs in flight, then closes the server and the database. */
  close(): Promise<void>;
}

const OWNER_TOKEN_SECONDS = 12 * 3600;

const ensureOwner = (db: Database) =>
  db.system(async (tx) => {
    await tx.run(
      `INSERT INTO tenants (tenant_id, name) VALUES (:tenant, 'This computer') ON CONFLICT DO NOTHING`,
      { tenant: LOCAL_TENANT },
    );
    await tx.run(
      `INSERT INTO memberships (tenant_id, user_id, email, role) VALUES (:tenant, :user, NULL, 'admin')
       ON CONFLICT DO NOTHING`,
      { tenant: LOCAL_TENANT, user: LOCAL_OWNER },
    );
  });

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/** How often the embedded database looks for tables due for vacuuming and analysing. */
const MAINTENANCE_MS = 5_000;

export const startLocalBackend = async (options: LocalBackendOptions): Promise<LocalBackend> => {
  const log =
    options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const config: DatabaseConfig =
    options.databaseUrl !== undefined
      ? { adapter: 'postgres', connectionString: options.databaseUrl }
      : { adapter: 'pglite', dataDir: options.dataDir };
  const db = await openDatabase(config);
  await ensureOwner(db);
  const owner = userInfo().username;
  const env = options.env ?? process.env;
  const clock = systemClock;
  const commands = createCommandService({ db, clock, ids: randomIds });
  const tokens = await openTokenIssuer(options.dataDir);
  const advisor = options.advisor ?? advisorFromEnv(env);
  const billing = options.billing ?? billingFromEnv(db, env, clock);
  // What follows a commit (relaying, workflows, sweeps) can wait for what a user is waiting for;
  // the many small writes of workflow runs share transactions.
  const later = db.background();
  const shared = later.grouped();
  const laterCommands = createCommandService({ db: later, clock, ids: randomIds });
  const laterBilling = options.billing ?? billingFromEnv(shared, env, clock);

  let server: LocalServer | null = null;
  const publisher: Publisher = {
    stockChanged: (change) => server?.publish('publishStockChanged', change) ?? Promise.resolve(),
    notification: (message) => server?.publish('publishNotification', message) ?? Promise.resolve(),
  };
  let relay: OutboxRelay | null = null;
  // Commands the workflows run are relayed at once too (an expired reservation is a stock change).
  const relayedCommands: CommandService = {
    execute: async (name, input, context) => {
      const result = await laterCommands.execute(name, input, context);
      if (!result.replayed) relay?.kick();
      return result;
    },
  };
  const workflows = createLocalWorkflows({
    db: shared,
    clock,
    tasks,
    ports: {
      db: shared,
      commands: relayedCommands,
      advisor,
      billing: laterBilling,
      publisher,
      clock,
      log,
    },
    ...optional('retryIntervalMs', options.retryIntervalMs),
    log,
  });
  const outbox = createOutboxRelay({
    db: later,
    handle: allOf(publishStockChanges(publisher), startStockChangedWorkflow(workflows)),
    log,
  });
  relay = outbox;
  const ports: ApiPorts = {
    db,
    commands,
    workflows,
    billing,
    clock,
    committed: () => outbox.kick(),
    log,
  };

  server = await startLocalServer({
    schema: readFileSync(schemaPath, 'utf8'),
    resolve: (event) => handle(event, ports),
    tokens,
    ...optional('host', options.host),
    ...optional('port', options.port),
    ...optional('maxBodyBytes', options.maxBodyBytes),
    ...optional('requestsPerMinute', options.requestsPerMinute),
    log,
  });

  // What a previous process left half done: runs in progress, commands not yet relayed.
  await workflows.resume();
  await outbox.drain();
  outbox.sweepEvery(5_000);
  const sweeps = setInterval(() => {
    laterBilling.reportPending().catch((error: unknown) => log('billing sweep failed', error));
    republishPending(later, publisher).catch((error: unknown) =>
      log('notification sweep failed', error),
    );
  }, 60_000);
  sweeps.unref();
  // The embedded database has no autovacuum: a second after start-up and every few seconds the
  // tables that PostgreSQL's would look after are vacuumed and analysed in background turns, so
  // cached plans are made again for the data as it grows and dead rows do not pile up.
  const maintain = () => {
    later.maintain().catch((error: unknown) => log('database maintenance failed', error));
  };
  const maintenance = setTimeout(maintain, 1_000);
  const maintenanceEvery = setInterval(maintain, MAINTENANCE_MS);
  maintenance.unref();
  maintenanceEvery.unref();
  const analysis =
    options.nightlyHour === null
      ? null
      : nightly(
          options.nightlyHour ?? 2,
          (day) =>
            workflows.start(
              'usage-analysis',
              LOCAL_TENANT,
              executionName('usage-analysis', `${LOCAL_TENANT}-nightly-${day}`),
              {},
            ),
          log,
        );

  const issueToken: LocalBackend['issueToken'] = (user, ttlSeconds = OWNER_TOKEN_SECONDS) =>
    tokens.issue({ ...user, tenantId: user.tenantId ?? LOCAL_TENANT }, ttlSeconds);
  const token = await issueToken({ sub: LOCAL_OWNER, username: owner, groups: ['admin'] });
  const running = server;

  return {
    endpoint: running.endpoint,
    realtimeEndpoint: running.realtimeEndpoint,
    token,
    db,
    server: running,
    workflows,
    drainOutbox: () => outbox.drain(),
    issueToken,
    close: async () => {
      analysis?.stop();
      clearInterval(sweeps);
      clearTimeout(maintenance);
      clearInterval(maintenanceEvery);
      await running.close();
      await workflows.idle();
      await outbox.stop();
      await db.close();
    },
  };
};
