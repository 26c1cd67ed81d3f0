import { fsyncSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../../cloud/db/adapters/engine';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { tempDirs } from '../local/support';

const folder = tempDirs('durable');
const newFolder = () => realpathSync(folder());

/** A sync that does sync, and notes which file each was of (relative to `root`). */
const recordingSync = (root: string) => {
  const synced: string[] = [];
  return {
    synced,
    sync: (fd: number) => {
      synced.push(relative(root, readlinkSync(`/proc/self/fd/${fd}`)) || '.');
      fsyncSync(fd);
    },
  };
};

/** Every file and folder under `root`, relative to it. */
const tree = (root: string): string[] => [
  '.',
  ...readdirSync(root, { recursive: true, withFileTypes: true }).map((e) =>
    relative(root, join(e.parentPath, e.name)),
  ),
];

describe.runIf(process.platform === 'linux')('the embedded database in a data folder', () => {
  it('syncs the write-ahead log to the disk before a COMMIT returns, and a read syncs nothing', async () => {
    const folder = newFolder();
    const { synced, sync } = recordingSync(folder);
    const pg = await openEngine({ dataDir: folder, sync });
    try {
      await pg.exec('CREATE TABLE counts (id integer PRIMARY KEY, n integer NOT NULL)');
      synced.length = 0;
      await pg.exec('BEGIN; INSERT INTO counts VALUES (1, 1); COMMIT');
      expect(synced.length).toBeGreaterThan(0);
      expect(synced.every((path) => path.startsWith('pg_wal/'))).toBe(true);

      synced.length = 0;
      await pg.exec('BEGIN; SELECT n FROM counts; COMMIT');
      expect(synced).toEqual([]);
    } finally {
      await pg.close();
    }
  });

  it('syncs every file of a folder it creates, the folder and its name, before using it, and not again when reopened', async () => {
    const folder = newFolder();
    const created = recordingSync(folder);
    await (await openEngine({ dataDir: folder, sync: created.sync })).close();
    const files = tree(folder);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((path) => !created.synced.includes(path))).toEqual([]);
    expect(created.synced).toContain('..');

    const reopened = recordingSync(folder);
    await (await openEngine({ dataDir: folder, sync: reopened.sync })).close();
    expect(reopened.synced.length).toBeLessThan(files.length / 10);
  });

  it('runs the driver of a data folder with fsync on, and in memory without', async () => {
    const folder = newFolder();
    const setting = async (driver: Awaited<ReturnType<typeof pgliteDriver>>) =>
      (await driver.pglite.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync;
    const onDisk = await pgliteDriver({ dataDir: folder });
    const inMemory = await pgliteDriver();
    try {
      expect(await setting(onDisk)).toBe('on');
      expect(await setting(inMemory)).toBe('off');
    } finally {
      await onDisk.close();
      await inMemory.close();
    }
  });
});
