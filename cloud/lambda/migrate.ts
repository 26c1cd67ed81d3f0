/**
 * The migration custom resource (CloudFormation, through CDK's provider framework): on create and
 * on every update it applies `cloud/db/migrations/*.sql` — bundled beside this code — through the
 * Data API as the cluster's admin user, then creates or updates the two login users from their
 * secrets. Migrations are recorded with checksums, so re-running applies only what is new; on
 * delete it keeps the data.
 */
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import type { Migration } from '../db/migrate';
import { migrate, readMigrations } from '../db/migrate';
import type { Driver } from '../db/port';
import { createSecretReader } from '../services/secrets';
import type { Env } from './env';
import { envNames, lazyHandler, log, required } from './env';
import { ensureLogin, loginFromSecret } from './logins';
import { cloudDriver } from './database';

export interface MigrateDeps {
  readonly rdsData: RDSDataClient;
  readonly secretsManager: SecretsManagerClient;
  /** The migrations to apply; those bundled with the function by default. */
  readonly migrations?: () => Migration[];
  /** Waits between attempts to reach a database that is still starting. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly probeAttempts?: number;
}

/** One login user as the stack describes it: the secret with its credentials, and its roles. */
interface LoginProperty {
  readonly SecretArn: string;
  readonly Roles: string;
}

export interface MigrateResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

const PHYSICAL_ID = 'stockmate-database-schema';

const loginsOf = (properties: Readonly<Record<string, unknown>>): LoginProperty[] => {
  const logins = properties['Logins'];
  if (!Array.isArray(logins)) throw new Error('the migration resource needs a Logins list');
  return logins.map((login, i) => {
    const { SecretArn, Roles } = (login ?? {}) as Partial<LoginProperty>;
    if (typeof SecretArn !== 'string' || typeof Roles !== 'string')
      throw new Error(`Logins[${i}] needs SecretArn and Roles`);
    return { SecretArn, Roles };
  });
};

/** A fresh cluster (or one resuming) may refuse the first statements for a little while. */
const reachable = async (driver: Driver, deps: MigrateDeps): Promise<void> => {
  const attempts = deps.probeAttempts ?? 10;
  const sleep = deps.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let n = 1; ; n++) {
    try {
      await driver.transaction((c) => c.execute('SELECT 1', {}), null);
      return;
    } catch (error) {
      if (n >= attempts) throw error;
      log(`the database is not reachable yet (attempt ${n} of ${attempts})`, error);
      await sleep(6_000);
    }
  }
};

/** Builds the custom resource handler: migrations, then login users; data kept on delete. */
export const createMigrateHandler = (env: Env, deps: MigrateDeps) => {
  const driver = cloudDriver(env, deps.rdsData);
  const secrets = createSecretReader({ client: deps.secretsManager, ttlMs: 0 });
  return async (event: CloudFormationCustomResourceEvent): Promise<MigrateResult> => {
    if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
    const logins = loginsOf(event.ResourceProperties);
    await reachable(driver, deps);
    const applied = await migrate(driver, (deps.migrations ?? readMigrations)());
    for (const login of logins) {
      const secret = await secrets.read(login.SecretArn);
      await ensureLogin(driver, loginFromSecret(secret, login.Roles.split(',')));
    }
    log(`migrations applied: ${applied.length === 0 ? 'none (up to date)' : applied.join(', ')}`);
    return {
      PhysicalResourceId: PHYSICAL_ID,
      Data: { Applied: applied.join(','), Logins: String(logins.length) },
    };
  };
};

export const handler = lazyHandler(() => {
  const region = required(process.env, envNames.region);
  return createMigrateHandler(process.env, {
    rdsData: new RDSDataClient({ region }),
    secretsManager: new SecretsManagerClient({ region }),
  });
});
