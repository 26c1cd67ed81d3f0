/**
 * A PostgreSQL server for the node-postgres adapter's tests and benchmarks: TEST_DATABASE_URL,
 * else the local server `.ci/postgres.sh` starts. Each caller gets a database of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://stockmate:stockmate@127.0.0.1:5432/postgres';

let reachable: Promise<boolean> | undefined;

/** Whether a server answers; false (with the reason printed once) when none is running. */
export const postgresAvailable = (): Promise<boolean> =>
  (reachable ??= (async () => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch (error) {
      console.warn(
        `node-postgres adapter: no PostgreSQL server at ${adminUrl.replace(/:[^:@/]+@/, ':***@')} (${(error as Error).message}); ` +
          'its suites are skipped. Run `bash .ci/postgres.sh` or set TEST_DATABASE_URL to include them.',
      );
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })());

/**
 * Creates an empty database and returns its URL and a function that drops it. `settings` become
 * the database's defaults for every session (`ALTER DATABASE … SET`), as its owner may set them.
 */
export const createTestDatabase = async (
  settings: Readonly<Record<string, string>> = {},
): Promise<{ url: string; drop: () => Promise<void> }> => {
  const name = `stockmate_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  for (const [setting, value] of Object.entries(settings))
    await admin.query(`ALTER DATABASE ${name} SET ${setting} TO ${admin.escapeLiteral(value)}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        // Closed connections may take a moment to leave the server; wait for them rather than
        // terminating them (which needs rights over roles the sessions switched to).
        for (let attempt = 0; ; attempt++) {
          try {
            await client.query(`DROP DATABASE IF EXISTS ${name}`);
            return;
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      } finally {
        await client.end();
      }
    },
  };
};
