/**
 * Restoring the local database from a backup without risking the current one: the backend stops,
 * the data folder is set aside, a new one is filled from the backup and started; only once it
 * serves is the old folder removed. If anything fails, the old folder goes back and starts again.
 */
import { rename, rm } from 'node:fs/promises';
import type { BackendReady } from './protocol';

/** The part of the backend host a restore needs. */
export interface RestorableHost {
  start(options?: { readonly restoreFrom?: string }): Promise<BackendReady>;
  stop(): Promise<void>;
}

export interface RestoreOptions {
  readonly host: RestorableHost;
  readonly dataDir: string;
  readonly backup: string;
  /** Checks the file before anything is stopped. */
  readonly looksLikeBackup: (path: string) => Promise<boolean>;
  readonly now?: () => Date;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Replaces the database with `backup`; resolves with the restarted backend. */
export const restoreDatabase = async (options: RestoreOptions): Promise<BackendReady> => {
  const { host, dataDir, backup } = options;
  if (!(await options.looksLikeBackup(backup))) {
    throw new Error(`${backup} is not a Stock-Mate backup; nothing was changed`);
  }
  const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const aside = `${dataDir}.before-restore-${stamp}`;
  await host.stop();
  await rename(dataDir, aside);
  try {
    const ready = await host.start({ restoreFrom: backup });
    await rm(aside, { recursive: true, force: true });
    return ready;
  } catch (error) {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rename(aside, dataDir);
    await host.start();
    throw new Error(
      `the backup could not be restored (${messageOf(error)}); the database is as it was`,
      { cause: error },
    );
  }
};
