import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { dataApiDriver } from './adapters/data-api';
import { pgliteDriver } from './adapters/pglite';
import { postgresDriver } from './adapters/postgres';
import { createDatabase } from './database';
import { migrate } from './migrate';
import type { Database, Driver } from './port';

export type { Database, Tx, AccessMode, AdapterName } from './port';
export { SqlError } from './port';
export { migrate, readMigrations } from './migrate';
export { rebuildProjections, rebuildTenants } from './rebuild';
export type { TenantRebuild } from './rebuild';
export { DataFolderInUseError } from './adapters/folder-lock';
export { holdsDatabase, openEngine } from './adapters/engine';
export { createDatabase, roles, TENANT_ID } from './database';

/** Which database to use, and how to reach it. */
export type DatabaseConfig =
  | { readonly adapter: 'pglite'; readonly dataDir?: string }
  | {
      readonly adapter: 'postgres';
      readonly connectionString: string;
      readonly maxConnections?: number;
    }
  | {
      readonly adapter: 'data-api';
      readonly resourceArn: string;
      readonly secretArn: string;
      readonly database: string;
      readonly region?: string;
      /** A local endpoint speaking the Data API wire format, instead of AWS. */
      readonly endpoint?: string;
    };

/** The driver for a configuration. */
export const openDriver = async (config: DatabaseConfig): Promise<Driver> => {
  switch (config.adapter) {
    case 'pglite':
      return pgliteDriver(config.dataDir === undefined ? {} : { dataDir: config.dataDir });
    case 'postgres':
      return postgresDriver(config);
    case 'data-api':
      return dataApiDriver({
        ...config,
        client: new RDSDataClient({
          ...(config.region === undefined ? {} : { region: config.region }),
          // A local endpoint ignores signatures, but the client still signs: give it something to sign with.
          ...(config.endpoint === undefined
            ? {}
            : {
                endpoint: config.endpoint,
                credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
              }),
        }),
      });
  }
};

/** Opens a database, bringing its schema up to date first unless told not to. */
export const openDatabase = async (
  config: DatabaseConfig,
  options: { readonly migrate?: boolean } = {},
): Promise<Database> => {
  const driver = await openDriver(config);
  if (options.migrate !== false) {
    try {
      await migrate(driver);
    } catch (error) {
      await driver.close();
      throw error;
    }
  }
  return createDatabase(driver);
};

/** The configuration the environment asks for: DATABASE_URL for a server, else PGlite in `dataDir`. */
export const databaseConfigFromEnv = (env: NodeJS.ProcessEnv, dataDir?: string): DatabaseConfig => {
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') return { adapter: 'postgres', connectionString: url };
  return dataDir === undefined ? { adapter: 'pglite' } : { adapter: 'pglite', dataDir };
};
