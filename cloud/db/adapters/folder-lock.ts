import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
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

/** Who holds the lock file at `path`: null when there is none, 'unreadable' when it does not parse. */
const readHolder = async (path: string): Promise<Holder | 'unreadable' | null> => {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder> | null;
    return typeof parsed?.pid === 'number' && typeof parsed.host === 'string'
      ? { pid: parsed.pid, host: parsed.host }
      : 'unreadable';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof SyntaxError) return 'unreadable';
    throw error;
  }
};

/** How long a lock file that does not parse may still be being written. */
const WRITING_MS = 5_000;

/** Whether the file at `path` was changed so lately that it may still be being written. */
const fresh = async (path: string): Promise<boolean> => {
  try {
    return Date.now() - (await stat(path)).mtimeMs < WRITING_MS;
  } catch {
    return false;
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

/** Errors of a file system that has no hard links (FAT, some network shares). */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP']);

/** Puts the lock file at `path` from the one written `aside`; fails with EEXIST if one is there. */
const place = async (aside: string, path: string, content: string) => {
  try {
    await link(aside, path);
  } catch (error) {
    if (!NO_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
    // Created in place instead, exclusively: a reader may meet it half-written, and wait.
    await writeFile(path, content, { flag: 'wx', mode: 0o600 });
  }
};

/**
 * Holds `folder` for this process until `release`: the embedded database keeps its files there,
 * and two processes writing them would each overwrite what the other committed. As PostgreSQL
 * does with `postmaster.pid`: the lock file names its process; a file left by a process that has
 * died (after a crash, say) is taken over, and so is one that does not parse, unless just
 * written. The file appears whole — written aside, then linked into place, which fails if one is
 * there — so a reader does not meet a half-written one.
 */
export const lockDataFolder = async (folder: string): Promise<{ release(): Promise<void> }> => {
  await mkdir(folder, { recursive: true });
  const path = join(resolve(folder), LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname() };
  const aside = `${path}.${process.pid}.${Date.now()}`;
  const content = `${JSON.stringify(me)}\n`;
  await writeFile(aside, content, { mode: 0o600 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await place(aside, path, content);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw error;
      }
      const holder = await readHolder(path);
      if (holder === 'unreadable' && (await fresh(path))) {
        // Where a lock file is written in place, it may be read before it is whole.
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      // A folder shared between machines cannot tell whether the other machine's process lives.
      // One naming this process but not held here came with files copied in (a backup, say).
      const live =
        holder !== null &&
        holder !== 'unreadable' &&
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
      if (typeof holder === 'object' && holder?.pid === me.pid && holder.host === me.host)
        await unlink(path);
    },
  };
};
