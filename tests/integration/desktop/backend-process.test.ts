import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHost, ChildLike } from '../../../desktop/main/backend/host';
import { createBackendHost } from '../../../desktop/main/backend/host';
import { looksLikeBackup } from '../../../desktop/main/backend/backup-file';
import { restoreDatabase } from '../../../desktop/main/backend/restore';
import { buildShell, outputLayout } from '../../../desktop/scripts/build';
import { gql, stockUp, tempDir } from '../local/support';

/**
 * The bundled backend process as the packaged app ships it, started under plain Node (its IPC
 * channel stands in for Electron's parentPort) and driven by the real host.
 */
const dir = tempDir('backend-process');
const out = outputLayout(join(dir.path, 'out'));
const dataDir = join(dir.path, 'data');
const forked: ReturnType<typeof fork>[] = [];

const nodeChild = (): ChildLike => {
  const child = fork(out.backend, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  forked.push(child);
  return {
    postMessage: (message) => void child.send(message),
    on: (event: 'message' | 'exit', listener: (value: never) => void) =>
      event === 'message'
        ? child.on('message', (m) => (listener as (m: unknown) => void)(m))
        : child.on('exit', (code) => (listener as (c: number) => void)(code ?? 1)),
    kill: () => child.kill(),
  };
};

let host: BackendHost;

beforeAll(async () => {
  await buildShell(join(dir.path, 'out'));
  host = createBackendHost({ fork: nodeChild, dataDir });
}, 120_000);

afterAll(async () => {
  await host?.stop();
  for (const child of forked) child.kill('SIGKILL');
  dir.remove();
});

const productCount = async (endpoint: string, token: string) =>
  ((await gql(endpoint, token, '{ dashboard { products } }'))['dashboard'] as { products: number })
    .products;

describe('the bundled backend process', () => {
  it('ships with the files it reads beside it', () => {
    const server = join(out.backend, '..');
    for (const file of [
      'migrations',
      'stock-changed.asl.json',
      'pglite.wasm',
      'pglite.data',
      'initdb.wasm',
    ]) {
      expect(existsSync(join(server, file))).toBe(true);
    }
    for (const extension of ['pg_trgm', 'btree_gin']) {
      expect(existsSync(join(server, '..', `${extension}.tar.gz`))).toBe(true);
    }
    expect(
      readFileSync(join(server, '..', '..', 'shared', 'schema', 'schema.graphql'), 'utf8'),
    ).toMatch(/onNotification/);
    expect(readFileSync(out.preload, 'utf8')).toMatch(/require\("electron"\)/);
  });

  it('starts from the bundle, serves the API and hands out fresh tokens', async () => {
    const ready = await host.start();
    expect(ready.tenantId).toBe('local');
    expect(await gql(ready.endpoint, ready.token, '{ me { tenantId role } }')).toEqual({
      me: { tenantId: 'local', role: 'ADMIN' },
    });
    const fresh = await host.token();
    expect(fresh).not.toBe(ready.token);
    expect(await gql(ready.endpoint, fresh, '{ me { tenantId } }')).toEqual({
      me: { tenantId: 'local' },
    });
  });

  it('backs up and restores the database, keeping the endpoint', async () => {
    const before = host.current();
    if (before === null) throw new Error('not running');
    await stockUp(before.endpoint, before.token, 5);
    const backup = join(dir.path, 'Stock-Mate backup.tar.gz');
    await host.dump(backup);
    expect(await looksLikeBackup(backup)).toBe(true);
    expect(host.current()?.endpoint).toBe(before.endpoint);

    // A product added after the backup disappears when the backup is restored.
    await stockUp(before.endpoint, await host.token(), 3);
    expect(await productCount(before.endpoint, await host.token())).toBe(2);
    const restored = await restoreDatabase({ host, dataDir, backup, looksLikeBackup });
    expect(await productCount(restored.endpoint, restored.token)).toBe(1);
  });

  it('refuses a file that is not a backup and keeps the database', async () => {
    const notes = join(dir.path, 'notes.tar.gz');
    writeFileSync(notes, Buffer.from([0x1f, 0x8b, 0, 0, 1, 2, 3]));
    await expect(
      restoreDatabase({ host, dataDir, backup: notes, looksLikeBackup }),
    ).rejects.toThrow(/could not be restored/);
    const ready = host.current();
    if (ready === null) throw new Error('not running');
    expect(await productCount(ready.endpoint, ready.token)).toBe(1);
  });

  it('stops cleanly when asked', async () => {
    const child = forked.at(-1);
    await host.stop();
    expect(host.state()).toBe('idle');
    expect(child?.exitCode).toBe(0);
  });
});
