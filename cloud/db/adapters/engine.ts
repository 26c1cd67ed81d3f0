import { closeSync, existsSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * The extensions the migrations create (trigram search). Whatever opens a data folder loads them,
 * or PostgreSQL cannot maintain the indexes built on them.
 */
export const pgliteExtensions = { pg_trgm, btree_gin };

/** Flushes what was written to the file open as `fd` to the disk (fsync). */
export type Sync = (fd: number) => void;

/** An Emscripten stream of a NODEFS file: `nfd` is the real file's descriptor. */
interface NodeStream {
  readonly nfd?: number;
}

/**
 * PGlite's NodeFS (the data folder mounted into the engine) with a working fsync. PGlite's
 * PostgreSQL is built to call `fsync()` like any PostgreSQL, but NODEFS streams have no sync of
 * their own, so the call returned without touching the disk: a commit was in the operating
 * system's cache, not on the disk, when it was acknowledged, and a power cut could lose it or
 * leave the data files older than the write-ahead log that had been thrown away.
 */
class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly sync: Sync,
  ) {
    super(dataDir);
  }

  override async init(
    pg: PGlite,
    options: Parameters<NodeFS['init']>[1],
  ): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(pg, options);
    const sync = this.sync;
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod) => {
            const ops = (mod.NODEFS as unknown as { stream_ops: Record<string, unknown> })
              .stream_ops;
            ops['fsync'] = (stream: NodeStream) => {
              // A failed sync throws: PostgreSQL stops rather than carry on as if it had worked.
              if (stream.nfd !== undefined) sync(stream.nfd);
              return 0;
            };
          },
        ],
      },
    };
  }
}

/**
 * PGlite's start parameters, with fsync on (PGlite turns it off with `-F`), and the write-ahead
 * log flushed with `fsync()`: this build's `fdatasync()` never reaches the file system.
 */
const durableStartParams = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'wal_sync_method=fsync',
];

/** Syncs every file and folder under `dir`, children before their folder. */
const syncTree = (dir: string, sync: Sync): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) syncTree(path, sync);
    else if (entry.isFile()) syncFile(path, sync);
  }
  syncFolder(dir, sync);
};

const syncOpened = (path: string, flags: string, sync: Sync) => {
  const fd = openSync(path, flags);
  try {
    sync(fd);
  } finally {
    closeSync(fd);
  }
};

// Opened for writing: Windows syncs only a file open for writing.
const syncFile = (path: string, sync: Sync) => syncOpened(path, 'r+', sync);

/**
 * Syncs a folder's names. Windows opens no folder as a file (and NTFS journals names), so there
 * it is skipped, as PostgreSQL skips it.
 */
const syncFolder = (path: string, sync: Sync) => {
  if (process.platform !== 'win32') syncOpened(path, 'r', sync);
};

/** Whether `dataDir` holds a database already (opening one that does not makes one). */
export const holdsDatabase = (dataDir: string): boolean => existsSync(join(dataDir, 'PG_VERSION'));

/** Where the engine keeps its database, and how. */
export interface EngineOptions {
  /** A data folder; in memory when absent. */
  readonly dataDir?: string;
  /** A backup (`dumpDataDir`) to fill a new data folder from. */
  readonly loadDataDir?: Blob;
  /** How a file reaches the disk; fsync unless told otherwise. */
  readonly sync?: Sync;
}

/**
 * Opens PGlite with the extensions the migrations need: in memory, or on a data folder so that a
 * committed transaction is on the disk when its COMMIT returns, as on a PostgreSQL server (the
 * write-ahead log is synced at each commit, the data files at each checkpoint). A folder that
 * PGlite creates (or fills from a backup) is written without syncs, so it is synced once, whole,
 * before it is used, as initdb does.
 */
export const openEngine = async (options: EngineOptions = {}) => {
  const { dataDir } = options;
  if (dataDir === undefined) return PGlite.create({ extensions: pgliteExtensions });
  const sync = options.sync ?? fsyncSync;
  const fresh = !holdsDatabase(dataDir);
  const engine = await PGlite.create({
    extensions: pgliteExtensions,
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    fs: new DurableNodeFS(dataDir, sync),
    startParams: durableStartParams,
  });
  if (!fresh) return engine;
  try {
    // What PGlite wrote before PostgreSQL started, and what it wrote since, is written back
    // before the folder is used; then the folder's own name in its parent.
    await engine.exec('CHECKPOINT');
    syncTree(dataDir, sync);
    syncFolder(dirname(resolve(dataDir)), sync);
    return engine;
  } catch (error) {
    await engine.close();
    throw error;
  }
};
