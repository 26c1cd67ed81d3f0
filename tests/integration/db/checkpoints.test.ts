import { describe, expect, it } from 'vitest';
import type { PgliteOptions } from '../../../cloud/db/adapters/pglite';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { createDatabase } from '../../../cloud/db/database';
import { migrate } from '../../../cloud/db/migrate';
import { tempDirs } from '../local/support';

const newFolder = tempDirs('checkpoints');

/** The embedded database on a new folder (or in memory), migrated, with its maintenance settled. */
const open = async (options: PgliteOptions) => {
  const driver = await pgliteDriver(options);
  await migrate(driver);
  const db = createDatabase(driver);
  await db.maintain();
  const checkpoint = async () =>
    (
      await driver.pglite.query<{ at: string }>(
        'SELECT checkpoint_lsn::text AS at FROM pg_control_checkpoint()',
      )
    ).rows[0]?.at;
  /** Writes about `kilobytes` of rows, and so somewhat more write-ahead log. */
  const write = (kilobytes: number) =>
    db.system((tx) =>
      tx.run(
        `INSERT INTO outbox (tenant_id, event_id, topic, payload)
         SELECT 'checkpoints', gen_random_uuid(), 'test', jsonb_build_object('pad', repeat('x', 1000))
         FROM generate_series(1, :rows)`,
        { rows: kilobytes },
      ),
    );
  return { db, checkpoint, write };
};

type Opened = Awaited<ReturnType<typeof open>>;

/** Runs `test` on a database opened with `options`, closing it afterwards. */
const withDatabase = async (options: PgliteOptions, test: (opened: Opened) => Promise<void>) => {
  const opened = await open(options);
  try {
    await test(opened);
  } finally {
    await opened.db.close();
  }
};

describe('checkpoints of the embedded database, which has no checkpointer of its own', () => {
  it('takes one once enough write-ahead log has been written, at the first pass with nothing written since the last', async () => {
    await withDatabase(
      {
        dataDir: newFolder(),
        checkpointEvery: { seconds: 3600, walBytes: 4 * 1024 * 1024 },
      },
      async ({ db, checkpoint, write }) => {
        const first = await checkpoint();
        await write(100);
        await db.maintain();
        await db.maintain();
        expect(await checkpoint()).toBe(first);

        await write(6_000);
        await db.maintain();
        expect(await checkpoint()).toBe(first);
        await db.maintain();
        expect(await checkpoint()).not.toBe(first);
      },
    );
  });

  it('takes one while writes go on once the log has grown to four times its limit', async () => {
    await withDatabase(
      {
        dataDir: newFolder(),
        checkpointEvery: { seconds: 3600, walBytes: 1024 * 1024 },
      },
      async ({ db, checkpoint, write }) => {
        const first = await checkpoint();
        await write(6_000);
        await db.maintain();
        expect(await checkpoint()).not.toBe(first);
      },
    );
  });

  it('takes one by time when anything was written since the last, and none when nothing was', async () => {
    await withDatabase(
      {
        dataDir: newFolder(),
        checkpointEvery: { seconds: 0, walBytes: 1024 ** 3 },
      },
      async ({ db, checkpoint, write }) => {
        await db.maintain();
        const settled = await checkpoint();
        await db.maintain();
        expect(await checkpoint()).toBe(settled);

        await write(1);
        await db.maintain();
        await db.maintain();
        expect(await checkpoint()).not.toBe(settled);
      },
    );
  });

  it('takes none in memory, where there is nothing to recover', async () => {
    await withDatabase(
      {
        checkpointEvery: { seconds: 0, walBytes: 0 },
      },
      async ({ db, checkpoint, write }) => {
        const first = await checkpoint();
        await write(100);
        await db.maintain();
        await db.maintain();
        expect(await checkpoint()).toBe(first);
      },
    );
  });
});
