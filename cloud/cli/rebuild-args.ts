/**
 * The command line of `npm run rebuild` (see `./rebuild.ts`): flags first, then environment, then
 * per-user defaults.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DatabaseConfig } from '../db';
import { TENANT_ID } from '../db/database';
import { appDatabaseDir, userDataDir } from '../local/cli';

export const usage = `Usage: npm run rebuild -- [--data-dir DIR] [--tenant ID]

Replays the recorded events of every tenant, or of one, into empty projections: products,
warehouses, suppliers, stock levels, the movements ledger, reservations and purchase orders. Each
tenant is rebuilt in one transaction: its readers see the old projections until it commits, and
its writes wait meanwhile. Run it when an upgrade's notes ask for it, or to put the projections
back in line with the events.

  --data-dir DIR       the embedded database's folder (env STOCKMATE_DATA_DIR; default: the
                       app's database on this computer, which \`npm start\` opens too). Quit
                       the app, or stop the backend, using it first.
  --tenant ID          only this tenant
  --help               show this text

Set DATABASE_URL to rebuild a PostgreSQL server's database instead. For Aurora through the RDS
Data API, give the cluster and a secret of a user who may act as stockmate_app:
  --resource-arn ARN --secret-arn ARN [--database NAME] [--region REGION]`;

export type RebuildArgs =
  | {
      readonly kind: 'run';
      readonly config: DatabaseConfig;
      /** What is rebuilt, in words. */
      readonly where: string;
      readonly tenant: string | null;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** Reads argv (without node and the script) and the environment. */
export const parseRebuildArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
): RebuildArgs => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'data-dir': { type: 'string' },
        tenant: { type: 'string' },
        'resource-arn': { type: 'string' },
        'secret-arn': { type: 'string' },
        database: { type: 'string' },
        region: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help === true) return { kind: 'help' };
  for (const [name, value] of Object.entries(values)) {
    if (value === '') return { kind: 'error', message: `--${name} needs a value` };
  }
  const tenant = values.tenant ?? null;
  if (tenant !== null && !TENANT_ID.test(tenant)) {
    return {
      kind: 'error',
      message: `--tenant must be 1-64 letters, digits, _ or -; got "${tenant}"`,
    };
  }

  const resourceArn = values['resource-arn'];
  const secretArn = values['secret-arn'];
  const dataApiOnly = (['database', 'region'] as const).find((n) => values[n] !== undefined);
  if (resourceArn !== undefined || secretArn !== undefined) {
    if (resourceArn === undefined || secretArn === undefined)
      return { kind: 'error', message: '--resource-arn and --secret-arn go together' };
    if (values['data-dir'] !== undefined)
      return { kind: 'error', message: '--data-dir is for the embedded database, not Aurora' };
    const region = values.region ?? /^arn:aws[\w-]*:rds:([a-z0-9-]+):/.exec(resourceArn)?.[1];
    return {
      kind: 'run',
      config: {
        adapter: 'data-api',
        resourceArn,
        secretArn,
        database: values.database ?? 'stockmate',
        ...(region === undefined ? {} : { region }),
      },
      where: `the Aurora cluster ${resourceArn}`,
      tenant,
    };
  }
  if (dataApiOnly !== undefined)
    return { kind: 'error', message: `--${dataApiOnly} goes with --resource-arn and --secret-arn` };

  const url = env['DATABASE_URL'] || undefined;
  if (url !== undefined) {
    if (values['data-dir'] !== undefined)
      return {
        kind: 'error',
        message: '--data-dir is for the embedded database; DATABASE_URL is set',
      };
    return {
      kind: 'run',
      config: { adapter: 'postgres', connectionString: url, maxConnections: 2 },
      where: 'the PostgreSQL database of DATABASE_URL',
      tenant,
    };
  }
  // By default the database of the app on this computer (which `npm start` opens too).
  const dataDir = resolve(
    values['data-dir'] ?? appDatabaseDir(userDataDir(platform, env, home), env),
  );
  return {
    kind: 'run',
    config: { adapter: 'pglite', dataDir },
    where: `the embedded database in ${dataDir}`,
    tenant,
  };
};
