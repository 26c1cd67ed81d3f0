/**
 * Writing the data folder's small private files so that a crash or a second process never leaves
 * one half-written or readable by others.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';

/** Creates the folder (and its parents) when missing, private to the user. */
export const ensureDir = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
};

const writeTemp = async (path: string, data: string, mode: number): Promise<string> => {
  const temp = `${path}.${randomUUID()}.tmp`;
  const file = await open(temp, 'wx', mode);
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  return temp;
};

/** Replaces `path` with `data` in one step: readers see the old file or the new one, whole. */
export const writeFileAtomic = async (path: string, data: string, mode = 0o600): Promise<void> => {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
};

/**
 * Creates `path` with `data` unless it exists, in one step; false when another writer was first
 * (then the caller reads theirs, so two processes starting together agree on one file).
 */
export const createFileOnce = async (
  path: string,
  data: string,
  mode = 0o600,
): Promise<boolean> => {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
};
