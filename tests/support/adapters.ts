/**
 * The three adapters of the Database port, opened the same way, so one suite runs through all.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RDSDataClient } from '@aws-sdk/client-rds-data';
import { dataApiDriver } from '../../cloud/db/adapters/data-api';
import { pgliteDriver } from '../../cloud/db/adapters/pglite';
import { postgresDriver } from '../../cloud/db/adapters/postgres';
import { createDatabase } from '../../cloud/db/database';
import { migrate } from '../../cloud/db/migrate';
import type { Database, Driver } from '../../cloud/db/port';
import { startDataApiServer } from '../fakes/data-api-server';
import { createTestDatabase, postgresAvailable } from './postgres-server';

export interface OpenedDatabase {
  readonly db: Database;
  readonly driver: Driver;
  close(): Promise<void>;
}

export interface AdapterUnderTest {
  readonly name: 'pglite' | 'postgres' | 'data-api';
  available(): Promise<boolean>;
  open(): Promise<OpenedDatabase>;
}

const opened = async (
  driver: Driver,
  cleanup: () => Promise<void> = () => Promise.resolve(),
): Promise<OpenedDatabase> => {
  await migrate(driver);
  const db = createDatabase(driver);
  return {
    db,
    driver,
    close: async () => {
      await db.close();
      await cleanup();
    },
  };
};

export const pgliteAdapter: AdapterUnderTest = {
  name: 'pglite',
  available: () => Promise.resolve(true),
  open: async () => opened(await pgliteDriver()),
};

/** PGlite as the app keeps it: in a data folder (a fresh one, removed at close). */
export const pgliteFolderAdapter: AdapterUnderTest = {
  name: 'pglite',
  available: () => Promise.resolve(true),
  open: async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stockmate-pglite-'));
    return opened(await pgliteDriver({ dataDir }), () =>
      rm(dataDir, { recursive: true, force: true }),
    );
  },
};

/**
 * node-postgres on a database of its own, with this many connections, and these defaults for its
 * sessions (see `createTestDatabase`).
 */
export const postgresAdapterWith = (
  maxConnections: number,
  settings: Readonly<Record<string, string>> = {},
): AdapterUnderTest => ({
  name: 'postgres',
  available: postgresAvailable,
  open: async () => {
    const { url, drop } = await createTestDatabase(settings);
    return opened(postgresDriver({ connectionString: url, maxConnections }), drop);
  },
});

export const postgresAdapter = postgresAdapterWith(16);

/**
 * A comment that makes the local Data API endpoint hold a statement for 20 ms once begun, as a
 * slow statement on the service would run: a statement sent meanwhile in the same transaction is
 * refused, as the service refuses it. Elsewhere it is only a comment.
 */
export const HELD = '/* held */';

/** The real RDS Data API client against a local endpoint speaking its wire format, on PGlite. */
export const dataApiAdapter: AdapterUnderTest = {
  name: 'data-api',
  available: () => Promise.resolve(true),
  open: async () => {
    const engine = await pgliteDriver();
    const server = await startDataApiServer(engine.pglite, {
      hold: (sql) =>
        sql.includes(HELD) ? new Promise((resolve) => setTimeout(resolve, 20)) : undefined,
    });
    const client = new RDSDataClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const driver = dataApiDriver({
      client,
      resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:stockmate',
      secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:stockmate-rw',
      database: 'postgres',
    });
    return opened(driver, async () => {
      await server.close();
      await engine.close();
    });
  },
};

export const adapters: readonly AdapterUnderTest[] = [
  pgliteAdapter,
  postgresAdapter,
  dataApiAdapter,
];
