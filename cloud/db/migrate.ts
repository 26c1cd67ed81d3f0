import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from './port';
import { splitStatements } from './sql';

/** One versioned SQL file. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The folder the project's migrations live in. */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Reads `NNNN_name.sql` files in version order. */
export const readMigrations = (folder = migrationsFolder): Migration[] =>
  readdirSync(folder)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(folder, file), 'utf8'),
    }));

const checksum = (sql: string) => createHash('sha256').update(sql).digest('hex');

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 7_270_001;

/**
 * Applies the migrations not yet applied, each in its own transaction, recording each with its
 * checksum. Safe to run concurrently and repeatedly; an applied migration that was edited is refused.
 */
export const migrate = async (driver: Driver, migrations = readMigrations()): Promise<string[]> => {
  await driver.transaction(async (c) => {
    await c.execute('SELECT pg_advisory_xact_lock(:lock)::text', { lock: MIGRATION_LOCK });
    await c.execute(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
      {},
    );
  }, null);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await driver.transaction(async (c) => {
      await c.execute('SELECT pg_advisory_xact_lock(:lock)::text', { lock: MIGRATION_LOCK });
      const existing = await c.execute(
        'SELECT checksum FROM schema_migrations WHERE version = :version',
        {
          version: migration.version,
        },
      );
      const recorded = existing.rows[0]?.['checksum'];
      if (recorded !== undefined) {
        if (recorded !== checksum(migration.sql)) {
          throw new Error(
            `migration ${migration.version}_${migration.name} was changed after it was applied`,
          );
        }
        return false;
      }
      for (const statement of splitStatements(migration.sql)) await c.execute(statement, {});
      await c.execute(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES (:version, :name, :checksum)',
        {
          version: migration.version,
          name: migration.name,
          checksum: checksum(migration.sql),
        },
      );
      return true;
    }, null);
    if (done) applied.push(`${migration.version}_${migration.name}`);
  }
  return applied;
};
