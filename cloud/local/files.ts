/**
 * Writing the data folder's private files so that a crash, a power cut or a second process never
 * leaves one half-written or readable by others.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Creates the folder (and its parents) when missing, private to the user. */
export const ensureDir = async (dir: string): Promise<void> => {
  await mkdir(dir, { recursive: true, mode: 0o700 });
};

type Contents = string | Uint8Array;

const writeTemp = async (path: string, data: Contents, mode: number): Promise<string> => {
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

/**
 * Puts the names in the folder of `path` on the disk, as a file's sync does its contents. Windows
 * opens no folder as a file (and NTFS journals names), so there it is skipped.
 */
const syncFolderOf = async (path: string): Promise<void> => {
  if (process.platform === 'win32') return;
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
};

/**
 * Replaces `path` with `data` in one step: readers see the old file or the new one, whole, and
 * the new one is on the disk, name and contents, when this returns.
 */
export const writeFileAtomic = async (
  path: string,
  data: Contents,
  mode = 0o600,
): Promise<void> => {
  const temp = await writeTemp(path, data, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolderOf(path);
};

/**
 * Creates `path` with `data` unless it exists, in one step; false when another writer was first
 * (then the caller reads theirs, so two processes starting together agree on one file).
 */
export const createFileOnce = async (
  path: string,
  data: Contents,
  mode = 0o600,
): Promise<boolean> => {
  const temp = await writeTemp(path, data, mode);
  try {
    await link(temp, path);
    await syncFolderOf(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
};
