/**
 * Backups of the embedded database as PGlite writes them: a gzipped tarball of its data folder
 * (`dumpDataDir`), loaded back into an empty folder with `loadDataDir`. Both run on a closed
 * database, because PGlite allows one open instance per folder.
 */
import { readFile, readdir } from 'node:fs/promises';
import { openEngine } from '../../../cloud/db';
import { writeFileAtomic } from '../../../cloud/local/files';
import { looksLikeBackup } from './backup-file';

/** Writes the database of `dataDir` to `path`; a failure leaves no partial file at `path`. */
export const dumpDatabase = async (dataDir: string, path: string): Promise<void> => {
  const pg = await openEngine({ dataDir });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await pg.close();
  }
  // Whole or not at all, and on the disk when this returns: a backup said to be written
  // survives a power cut.
  await writeFileAtomic(path, bytes);
};

const isEmptyOrMissing = async (dir: string): Promise<boolean> => {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
};

/** Fills the empty or missing `dataDir` from a backup written by `dumpDatabase`. */
export const loadDatabase = async (dataDir: string, from: string): Promise<void> => {
  if (!(await isEmptyOrMissing(dataDir))) {
    throw new Error(`cannot restore into ${dataDir}: the folder is not empty`);
  }
  if (!(await looksLikeBackup(from))) {
    throw new Error(`${from} is not a Stock-Mate backup (not a gzipped database dump)`);
  }
  // A folder filled from a backup is synced to the disk before it is used.
  const pg = await openEngine({
    dataDir,
    loadDataDir: new Blob([await readFile(from)]),
  });
  await pg.close();
};
