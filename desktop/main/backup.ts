/**
 * The bridge's backup and restore of the local database: the user picks a file, the backend
 * process writes or loads it. Restoring asks first, because it replaces everything.
 */
import { join } from 'node:path';
import type { BackendHost } from './backend/host';
import { looksLikeBackup } from './backend/backup-file';
import { restoreDatabase } from './backend/restore';

export interface BackupDeps {
  readonly mode: 'local' | 'cloud';
  readonly host: BackendHost | null;
  readonly dataDir: string;
  /** The folder the save dialog starts in (Documents). */
  readonly documents: string;
  chooseSavePath(defaultPath: string): Promise<string | null>;
  chooseOpenPath(): Promise<string | null>;
  confirmRestore(path: string): Promise<boolean>;
  /** After a restore: the page reloads, the tray and subscription follow the new database. */
  restored(): void;
  readonly now?: () => Date;
}

/** `Stock-Mate backup 2026-11-03.tar.gz` in the given folder. */
export const defaultBackupPath = (folder: string, at: Date): string =>
  join(folder, `Stock-Mate backup ${at.toISOString().slice(0, 10)}.tar.gz`);

const localHost = (deps: BackupDeps): BackendHost => {
  if (deps.mode !== 'local' || deps.host === null) {
    throw new Error('backups are of the database on this computer; switch to local mode first');
  }
  return deps.host;
};

/** The two bridge methods. */
export const backupHandlers = (deps: BackupDeps) => ({
  async backupDatabase(): Promise<{ readonly path: string } | null> {
    const host = localHost(deps);
    const path = await deps.chooseSavePath(
      defaultBackupPath(deps.documents, (deps.now ?? (() => new Date()))()),
    );
    if (path === null) return null;
    await host.dump(path);
    return { path };
  },

  async restoreDatabase(): Promise<{ readonly path: string } | null> {
    const host = localHost(deps);
    const path = await deps.chooseOpenPath();
    if (path === null || !(await deps.confirmRestore(path))) return null;
    await restoreDatabase({ host, dataDir: deps.dataDir, backup: path, looksLikeBackup });
    deps.restored();
    return { path };
  },
});
