import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { looksLikeBackup } from '../../../desktop/main/backend/backup-file';
import type { BackendHost } from '../../../desktop/main/backend/host';
import type { BackendReady } from '../../../desktop/main/backend/protocol';
import type { RestorableHost } from '../../../desktop/main/backend/restore';
import { restoreDatabase } from '../../../desktop/main/backend/restore';
import { backupHandlers, defaultBackupPath } from '../../../desktop/main/backup';

const ready: BackendReady = {
  endpoint: 'http://127.0.0.1:1/graphql',
  realtimeEndpoint: 'ws://127.0.0.1:1/graphql/realtime',
  tenantId: 'local',
  token: 't',
};

let root: string;
let dataDir: string;
let backup: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stockmate-restore-'));
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'PG_VERSION'), 'old database');
  backup = join(root, 'backup.tar.gz');
  writeFileSync(backup, Buffer.from([0x1f, 0x8b, 8, 0]));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A host whose process "loads" the backup by writing into the (new, empty) data folder. */
const fakeHost = (restoreWorks: boolean) => {
  const log: string[] = [];
  const host: RestorableHost = {
    start: (options = {}) => {
      log.push(
        options.restoreFrom === undefined ? 'start' : `start restoring ${options.restoreFrom}`,
      );
      if (options.restoreFrom !== undefined) {
        if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error('not empty');
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, 'PG_VERSION'), 'restored database');
        if (!restoreWorks) return Promise.reject(new Error('the backup is damaged'));
      }
      return Promise.resolve(ready);
    },
    stop: () => {
      log.push('stop');
      return Promise.resolve();
    },
  };
  return { host, log };
};

const siblings = () => readdirSync(root).sort();

describe('restoring the database', () => {
  it('sets the old folder aside, starts from the backup, and removes the old folder once it serves', async () => {
    const { host, log } = fakeHost(true);
    await restoreDatabase({ host, dataDir, backup, looksLikeBackup });
    expect(log).toEqual(['stop', `start restoring ${backup}`]);
    expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8')).toBe('restored database');
    expect(siblings()).toEqual(['backup.tar.gz', 'data']);
  });

  it('puts the old folder back and starts it when the backup does not start', async () => {
    const { host, log } = fakeHost(false);
    await expect(restoreDatabase({ host, dataDir, backup, looksLikeBackup })).rejects.toThrow(
      /could not be restored \(the backup is damaged\); the database is as it was/,
    );
    expect(log).toEqual(['stop', `start restoring ${backup}`, 'stop', 'start']);
    expect(readFileSync(join(dataDir, 'PG_VERSION'), 'utf8')).toBe('old database');
    expect(siblings()).toEqual(['backup.tar.gz', 'data']);
  });

  it('touches nothing when the file is not a backup', async () => {
    const { host, log } = fakeHost(true);
    const text = join(root, 'notes.txt');
    writeFileSync(text, 'hello');
    await expect(restoreDatabase({ host, dataDir, backup: text, looksLikeBackup })).rejects.toThrow(
      /not a Stock-Mate backup; nothing was changed/,
    );
    expect(log).toEqual([]);
  });
});

describe('the backup and restore bridge methods', () => {
  const deps = (overrides: Partial<Parameters<typeof backupHandlers>[0]> = {}) => {
    const dumped: string[] = [];
    const restored: string[] = [];
    const { host } = fakeHost(true);
    const full = {
      ...host,
      dump: (path: string) => {
        dumped.push(path);
        return Promise.resolve();
      },
    } as unknown as BackendHost;
    const handlers = backupHandlers({
      mode: 'local',
      host: full,
      dataDir,
      documents: '/home/ann/Documents',
      chooseSavePath: (path) => Promise.resolve(path),
      chooseOpenPath: () => Promise.resolve(backup),
      confirmRestore: () => Promise.resolve(true),
      restored: () => restored.push('reloaded'),
      now: () => new Date('2026-11-03T12:00:00Z'),
      ...overrides,
    });
    return { handlers, dumped, restored };
  };

  it('writes a backup where the user chose, suggesting a dated name in Documents', async () => {
    const { handlers, dumped } = deps();
    await expect(handlers.backupDatabase()).resolves.toEqual({
      path: '/home/ann/Documents/Stock-Mate backup 2026-11-03.tar.gz',
    });
    expect(dumped).toEqual(['/home/ann/Documents/Stock-Mate backup 2026-11-03.tar.gz']);
    expect(defaultBackupPath('/x', new Date('2026-01-02T00:00:00Z'))).toBe(
      '/x/Stock-Mate backup 2026-01-02.tar.gz',
    );
  });

  it('returns null when the user cancels a dialog or the confirmation', async () => {
    const cancelled = deps({
      chooseSavePath: () => Promise.resolve(null),
      chooseOpenPath: () => Promise.resolve(null),
    });
    await expect(cancelled.handlers.backupDatabase()).resolves.toBeNull();
    await expect(cancelled.handlers.restoreDatabase()).resolves.toBeNull();
    expect(cancelled.dumped).toEqual([]);
    const declined = deps({ confirmRestore: () => Promise.resolve(false) });
    await expect(declined.handlers.restoreDatabase()).resolves.toBeNull();
    expect(declined.restored).toEqual([]);
  });

  it('restores the chosen backup and reloads the app', async () => {
    const { handlers, restored } = deps();
    await expect(handlers.restoreDatabase()).resolves.toEqual({ path: backup });
    expect(restored).toEqual(['reloaded']);
  });

  it('refuses both in cloud mode', async () => {
    const { handlers } = deps({ mode: 'cloud', host: null });
    await expect(handlers.backupDatabase()).rejects.toThrow(/switch to local mode/);
    await expect(handlers.restoreDatabase()).rejects.toThrow(/switch to local mode/);
  });
});
