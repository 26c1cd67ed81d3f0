import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/** The file in a data folder that names the process holding it. */
export const LOCK_FILE = 'stock-mate.lock';

/** Another live process holds the data folder. */
export class DataFolderInUseError extends Error {
  override readonly name = 'DataFolderInUseError';
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `the data folder ${folder} is in use by another Stock-Mate process (pid ${pid}); ` +
        `stop that one first, or use another --data-dir. If no such process runs, delete ` +
        `${join(folder, LOCK_FILE)}.`,
    );
  }
}

interface Holder {
  readonly pid: number;
  readonly host: string;
}

const readHolder = async (path: string): Promise<Holder | null> => {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host }
      : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // A lock file is written whole before it appears (see below): one that does not parse is
    // not from here, and holds nothing.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
};

/** The lock files this process holds. */
const held = new Set<string>();

/** Whether a process of this machine runs under `pid` (one we may not signal runs too). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Holds `folder` for this process until `release`: the embedded database keeps its files there,
 * and two processes writing them would each overwrite what the other committed. As PostgreSQL
 * does with `postmaster.pid`: the lock file names its process; a file left by a process that has
 * died (after a crash, say) is taken over. The file appears whole — written aside, then linked
 * into place, which fails if one is there — so a reader never meets a half-written one.
 */
export const lockDataFolder = async (folder: string): Promise<{ release(): Promise<void> }> => {
  await mkdir(folder, { recursive: true });
  const path = join(resolve(folder), LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname() };
  const aside = `${path}.${process.pid}.${Date.now()}`;
  await writeFile(aside, `${JSON.stringify(me)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(aside, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw error;
      }
      const holder = await readHolder(path);
      // A folder shared between machines cannot tell whether the other machine's process lives.
      // One naming this process but not held here came with files copied in (a backup, say).
      const live =
        holder !== null &&
        (holder.host !== me.host || (holder.pid === me.pid ? held.has(path) : alive(holder.pid)));
      if (live) throw new DataFolderInUseError(folder, holder.pid);
      await unlink(path).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      });
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
  held.add(path);
  return {
    release: async () => {
      if (!held.delete(path)) return;
      const holder = await readHolder(path);
      if (holder?.pid === me.pid && holder.host === me.host) await unlink(path);
    },
  };
};
