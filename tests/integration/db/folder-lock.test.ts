import { spawn } from 'node:child_process';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DataFolderInUseError,
  LOCK_FILE,
  lockDataFolder,
} from '../../../cloud/db/adapters/folder-lock';
import { pgliteDriver } from '../../../cloud/db/adapters/pglite';
import { refusalOf } from '../../support/refusal';
import { tempDirs } from '../local/support';

const newFolder = tempDirs('lock');

/** A lock file as another process would have left it. */
const leaveLock = (folder: string, holder: unknown) =>
  writeFileSync(
    join(folder, LOCK_FILE),
    typeof holder === 'string' ? holder : JSON.stringify(holder),
  );

const refusal = (attempt: Promise<unknown>) => refusalOf(attempt, DataFolderInUseError);

/** A process of this machine that runs until killed. */
const liveProcess = async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
};

describe('the data folder lock', () => {
  it('holds a folder for one holder at a time, naming the holder to the next, until released', async () => {
    const folder = newFolder();
    const first = await lockDataFolder(folder);
    const refused = await refusal(lockDataFolder(folder));
    expect(refused.pid).toBe(process.pid);
    expect(refused.message).toContain(folder);
    expect(refused.message).toContain(`pid ${process.pid}`);

    await first.release();
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    const second = await lockDataFolder(folder);
    await second.release();
  });

  it('refuses a folder whose lock names another live process of this machine', async () => {
    const folder = newFolder();
    const other = await liveProcess();
    try {
      leaveLock(folder, { pid: other.pid, host: hostname() });
      expect((await refusal(lockDataFolder(folder))).pid).toBe(other.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('refuses a folder whose lock was taken on another machine, which it cannot ask', async () => {
    const folder = newFolder();
    leaveLock(folder, { pid: 1, host: `not-${hostname()}` });
    expect((await refusal(lockDataFolder(folder))).pid).toBe(1);
  });

  it('takes over a lock left by a process that has died', async () => {
    const folder = newFolder();
    const other = await liveProcess();
    const exited = new Promise((resolve) => other.once('exit', resolve));
    other.kill('SIGKILL');
    await exited;
    leaveLock(folder, { pid: other.pid, host: hostname() });

    const lock = await lockDataFolder(folder);
    expect((await refusal(lockDataFolder(folder))).pid).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock file that does not parse, or that names this process without its holding it', async () => {
    const past = new Date(Date.now() - 60_000);
    for (const left of ['', '{"pid":', 'null', { pid: process.pid, host: hostname() }]) {
      const folder = newFolder();
      leaveLock(folder, left);
      utimesSync(join(folder, LOCK_FILE), past, past);
      const lock = await lockDataFolder(folder);
      await lock.release();
      expect(readdirSync(folder)).toEqual([]);
    }
  });

  it('waits on a lock file just begun that does not parse yet, and then reads its holder', async () => {
    const folder = newFolder();
    const other = await liveProcess();
    try {
      leaveLock(folder, '{"pid":');
      const attempt = lockDataFolder(folder);
      await new Promise((resolve) => setTimeout(resolve, 300));
      leaveLock(folder, { pid: other.pid, host: hostname() });
      expect((await refusal(attempt)).pid).toBe(other.pid);
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('keeps a second embedded database off a folder one has open, which writes on unharmed', async () => {
    const folder = newFolder();
    const first = await pgliteDriver({ dataDir: folder });
    await first.transaction((c) => c.execute('CREATE TABLE kept (n integer)', {}), null);
    await expect(pgliteDriver({ dataDir: folder })).rejects.toBeInstanceOf(DataFolderInUseError);
    await first.transaction((c) => c.execute('INSERT INTO kept VALUES (1)', {}), null);
    await first.close();

    const again = await pgliteDriver({ dataDir: folder });
    const rows = await again.transaction((c) => c.execute('SELECT n::text FROM kept', {}), null);
    expect(rows.rows).toEqual([{ n: '1' }]);
    await again.close();
  });
});
