/**
 * Recognising a backup file before anything is stopped for it. Kept apart from the PGlite code
 * so the main process can check a file without loading the database engine.
 */
import { open } from 'node:fs/promises';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Whether the file starts like a gzipped backup (the cheap check before stopping anything). */
export const looksLikeBackup = async (path: string): Promise<boolean> => {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await file.close();
  }
};
