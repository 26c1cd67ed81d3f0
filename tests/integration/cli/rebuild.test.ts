import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDataFolder } from '../../../cloud/db/adapters/folder-lock';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { createDatabase } from '../../../cloud/db/database';
import type { DatabaseConfig } from '../../../cloud/db';
import { openDatabase } from '../../../cloud/db';
import { migrate } from '../../../cloud/db/migrate';
import type { Database } from '../../../cloud/db/port';
import { startDataApiServer } from '../../fakes/data-api-server';
import { dumpProjections } from '../../support/dump';
import { createTestDatabase, postgresAvailable } from '../../support/postgres-server';
import { scenario } from '../../support/scenario';
import { tempDirs } from '../local/support';

const newFolder = tempDirs('rebuild');

/** `npm run rebuild` as Node with tsx's loader; resolves with its exit code and output. */
const rebuild = (args: readonly string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STOCKMATE_') && !k.startsWith('AWS_') && k !== 'DATABASE_URL',
    ),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('cloud', 'cli', 'rebuild.ts'), ...args],
    { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
};

/** Registers tenants and gives each some history. */
const seed = async (db: Database, tenants: readonly string[]) => {
  for (const tenantId of tenants) {
    await db.system((tx) =>
      tx.run(`INSERT INTO tenants (tenant_id, name) VALUES (:tenantId, :tenantId)`, { tenantId }),
    );
    const s = scenario(db, { tenantId });
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    await s.run('receiveStock', { productId, warehouseId, quantity: 40 });
    await s.run('issueStock', { productId, warehouseId, quantity: 15 });
  }
};

/** Projections drifted from the events, as a faulty release might have left them. */
const damage = (db: Database, tenantId: string) =>
  db.tenant(tenantId, 'write', async (tx) => {
    await tx.run(`UPDATE stock_levels SET on_hand = on_hand + 7`);
    await tx.run(`DELETE FROM movements WHERE kind = 'issue'`);
  });

/** Runs `work` on the database, then closes it for the command to open. */
const using = async <T>(config: DatabaseConfig, work: (db: Database) => Promise<T>) => {
  const db = await openDatabase(config);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
};

const withServer = await postgresAvailable();

describe('npm run rebuild (cloud/cli/rebuild.ts)', () => {
  it("puts an embedded database's projections back in line with its events, one tenant or all", async () => {
    const dataDir = newFolder();
    const config: DatabaseConfig = { adapter: 'pglite', dataDir };
    const right = await using(config, async (db) => {
      await seed(db, ['acme', 'beta']);
      const before = {
        acme: await dumpProjections(db, 'acme'),
        beta: await dumpProjections(db, 'beta'),
      };
      await damage(db, 'acme');
      await damage(db, 'beta');
      return before;
    });

    const one = await rebuild(['--data-dir', dataDir, '--tenant', 'acme']);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(
      `rebuilding the projections in the embedded database in ${dataDir}`,
    );
    expect(one.stdout).toMatch(/^acme: 4 events in \d+\.\d\d s$/m);
    await using(config, async (db) => {
      expect(await dumpProjections(db, 'acme')).toEqual(right.acme);
      expect(await dumpProjections(db, 'beta')).not.toEqual(right.beta);
    });

    const all = await rebuild(['--data-dir', dataDir]);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^beta: 4 events in/m);
    expect(all.stdout).toContain('done: 2 tenant(s), 8 events');
    await using(config, async (db) => {
      expect(await dumpProjections(db, 'acme')).toEqual(right.acme);
      expect(await dumpProjections(db, 'beta')).toEqual(right.beta);
    });
  }, 120_000);

  it('refuses an unknown tenant, a folder without a database, and one in use, writing nothing', async () => {
    const dataDir = newFolder();
    const config: DatabaseConfig = { adapter: 'pglite', dataDir };
    const damaged = await using(config, async (db) => {
      await seed(db, ['acme']);
      await damage(db, 'acme');
      return dumpProjections(db, 'acme');
    });

    const unknown = await rebuild(['--data-dir', dataDir, '--tenant', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no tenant "nobody" in the embedded database');

    const missing = join(dataDir, 'not-here');
    const none = await rebuild(['--data-dir', missing]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`there is no Stock-Mate database in ${missing}`);
    expect(existsSync(missing)).toBe(false);

    const held = await lockDataFolder(dataDir);
    const busy = await rebuild(['--data-dir', dataDir]);
    await held.release();
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`is in use by another Stock-Mate process (pid ${process.pid})`);
    expect(busy.stderr).not.toMatch(/\n\s+at /);

    const flags = await rebuild(['--data-dir', dataDir, '--tenant', 'a b']);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toMatch(/--tenant must be 1-64 letters/);

    await using(config, async (db) => expect(await dumpProjections(db, 'acme')).toEqual(damaged));
  }, 120_000);

  it('rebuilds Aurora through the Data API with the real client', async () => {
    const engine = await pgliteDriver();
    await migrate(engine);
    const server = await startDataApiServer(engine.pglite);
    const db = createDatabase(engine);
    try {
      await seed(db, ['acme']);
      const right = await dumpProjections(db, 'acme');
      await damage(db, 'acme');

      const cluster = 'arn:aws:rds:us-east-1:000000000000:cluster:stockmate';
      const secret = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:stockmate-admin';
      const run = await rebuild(['--resource-arn', cluster, '--secret-arn', secret], {
        AWS_ENDPOINT_URL_RDS_DATA: server.endpoint,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`in the Aurora cluster ${cluster}`);
      expect(await dumpProjections(db, 'acme')).toEqual(right);
      expect(server.requests.some((r) => r.path === '/BeginTransaction')).toBe(true);
    } finally {
      await server.close();
      await engine.close();
    }
  }, 120_000);

  it.runIf(withServer)(
    'rebuilds a PostgreSQL server given by DATABASE_URL',
    async () => {
      const { url, drop } = await createTestDatabase();
      try {
        const config: DatabaseConfig = { adapter: 'postgres', connectionString: url };
        const right = await using(config, async (db) => {
          await seed(db, ['acme']);
          const before = await dumpProjections(db, 'acme');
          await damage(db, 'acme');
          return before;
        });
        const run = await rebuild([], { DATABASE_URL: url });
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        await using(config, async (db) => expect(await dumpProjections(db, 'acme')).toEqual(right));
      } finally {
        await drop();
      }
    },
    120_000,
  );
});
