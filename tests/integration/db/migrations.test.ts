import { describe, expect, it } from 'vitest';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { migrate, readMigrations } from '../../../cloud/db/migrate';

describe('migrations', () => {
  it('apply in order once, record themselves, and apply nothing when run again', async () => {
    const driver = await pgliteDriver();
    const all = readMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(await migrate(driver, all)).toEqual(all.map((m) => `${String(m.version)}_${m.name}`));
    expect(await migrate(driver, all)).toEqual([]);
    const recorded = await driver.transaction(
      (c) => c.execute('SELECT version FROM schema_migrations ORDER BY version', {}),
      null,
    );
    expect(recorded.rows.map((r) => Number(r['version']))).toEqual(all.map((m) => m.version));
    await driver.close();
  });

  it('run concurrently without applying anything twice', async () => {
    const driver = await pgliteDriver();
    const results = await Promise.all([migrate(driver), migrate(driver), migrate(driver)]);
    expect(results.flat()).toHaveLength(readMigrations().length);
    await driver.close();
  });

  it('refuse a migration that was edited after it was applied', async () => {
    const driver = await pgliteDriver();
    const all = readMigrations();
    await migrate(driver, all);
    const edited = all.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    await expect(migrate(driver, edited)).rejects.toThrow(/was changed after it was applied/);
    await driver.close();
  });
});
