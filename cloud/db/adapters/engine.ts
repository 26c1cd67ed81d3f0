import { closeSync, existsSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MemoryFS, PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { DATABASE_STOPPED_EXIT_CODE } from '../stopped';

/**
 * The extensions the migrations create (trigram search). Whatever opens a data folder loads them,
 * or PostgreSQL cannot maintain the indexes built on them.
 */
export const pgliteExtensions = { pg_trgm, btree_gin };

/** Flushes what was written to the file open as `fd` to the disk (fsync). */
export type Sync = (fd: number) => void;

/** Emscripten's number for EIO, the error of a sync that failed for no reason the OS gave. */
const EIO = 29;

/** An Emscripten stream of a NODEFS file: `nfd` is the real file's descriptor. */
interface NodeStream {
  readonly nfd?: number;
}

/**
 * What happens when PostgreSQL meets a failure it cannot go on from (PANIC): writing or syncing
 * its write-ahead log failed — the disk is full, or failing. A PostgreSQL server stops, restarts,
 * and recovers from the log. PGlite cannot: the engine aborts, and the next call into it spins
 * forever. So the process stops, saying why, before anything more is written: what hosts it (the
 * desktop) starts it again, and opening the folder recovers every committed transaction from the
 * log, as the server would. The reason is PostgreSQL's last PANIC or FATAL message.
 */
interface Stopped {
  /** Keeps PostgreSQL's log lines that say why it would stop. */
  readonly onStderr: (line: string) => boolean;
  readonly stop: () => never;
}

const stopping = (dataDir: string | undefined): Stopped => {
  let reason = 'the database engine aborted';
  const after =
    dataDir === undefined
      ? 'It was in memory: what it held is gone.'
      : 'Nothing committed is lost: opening its data folder again recovers it from the ' +
        'write-ahead log.';
  return {
    onStderr: (line) => {
      const said = /\b(?:PANIC|FATAL):\s+(.*)$/.exec(line);
      if (said?.[1] !== undefined) reason = said[1];
      return false;
    },
    stop: () => {
      process.stderr.write(`the embedded database stopped: ${reason}. ${after}\n`);
      process.exit(DATABASE_STOPPED_EXIT_CODE);
    },
  };
};

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
    private readonly stopped: Stopped,
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
        onAbort: this.stopped.stop,
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod) => {
            const nodefs = mod.NODEFS as unknown as {
              stream_ops: Record<string, unknown>;
              convertNodeCode(error: unknown): number | undefined;
            };
            const { ErrnoError } = mod.FS as unknown as {
              ErrnoError: new (errno: number) => Error;
            };
            nodefs.stream_ops['fsync'] = (stream: NodeStream) => {
              if (stream.nfd === undefined) return 0;
              try {
                sync(stream.nfd);
              } catch (error) {
                // As the operating system would fail the call: PostgreSQL then stops (PANIC)
                // rather than go on as if it had worked (see `Stopped`). Thrown as anything
                // else, it would unwind the engine in the middle of a commit.
                throw new ErrnoError(nodefs.convertNodeCode(error) ?? EIO);
              }
              return 0;
            };
          },
        ],
      },
    };
  }
}

/** PGlite's in-memory file system, with the same stop as a data folder's. */
class StoppingMemoryFS extends MemoryFS {
  constructor(private readonly stopped: Stopped) {
    super();
  }

  override async init(
    pg: PGlite,
    options: Parameters<MemoryFS['init']>[1],
  ): ReturnType<MemoryFS['init']> {
    const { emscriptenOpts } = await super.init(pg, options);
    return { emscriptenOpts: { ...emscriptenOpts, onAbort: this.stopped.stop } };
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
  /** A backup (`dumpDataDir`) to fill the new database from: a new data folder, or memory. */
  readonly loadDataDir?: Blob;
  /** How a file reaches the disk; fsync unless told otherwise. */
  readonly sync?: Sync;
}

/**
 * Opens PGlite with the extensions the migrations need: in memory, or on a data folder so that a
 * committed transaction is on the disk when its COMMIT returns, as on a PostgreSQL server (the
 * write-ahead log is synced at each commit, the data files at each checkpoint). A folder that
 * PGlite creates (or fills from a backup) is written without syncs, so it is synced once, whole,
 * before it is used, as initdb does. A failure PostgreSQL cannot go on from (the disk refused to
 * write or sync the log) stops the process (see `Stopped`).
 */
export const openEngine = async (options: EngineOptions = {}) => {
  const { dataDir } = options;
  const stopped = stopping(dataDir);
  const common = {
    extensions: pgliteExtensions,
    onStderr: stopped.onStderr,
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  };
  if (dataDir === undefined) return PGlite.create({ ...common, fs: new StoppingMemoryFS(stopped) });
  const sync = options.sync ?? fsyncSync;
  const fresh = !holdsDatabase(dataDir);
  const engine = await PGlite.create({
    ...common,
    fs: new DurableNodeFS(dataDir, sync, stopped),
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
