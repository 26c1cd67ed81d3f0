import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../cloud/db';
import { openEngine } from '../../../cloud/db/adapters/engine';
import { DATABASE_STOPPED_EXIT_CODE } from '../../../cloud/db/stopped';
import { dumpProjections } from '../../support/dump';
import { randomHistory } from '../../support/random-history';
import { scenario } from '../../support/scenario';

const root = mkdtempSync(join(tmpdir(), 'stockmate-durability-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;

/** A data folder holding a tenant with a warehouse and a product, and nothing open on it. */
const preparedFolder = async (tenantId: string) => {
  const folder = join(root, `db-${++folders}`);
  const setup = await openDatabase({ adapter: 'pglite', dataDir: folder });
  const s = scenario(setup, { tenantId });
  const warehouseId = await s.warehouse();
  const productId = await s.product();
  await setup.close();
  return { folder, productId, warehouseId };
};

/**
 * Node itself with tsx's loader (so a kill reaches the process that writes, not a wrapper),
 * through `bash` when the child's limits must be set first.
 */
const child = (script: string, args: readonly string[], limits?: string) => {
  const node = ['--import', 'tsx', join('tests', 'support', script), ...args];
  const stdio = ['ignore', 'pipe', 'pipe'] as const;
  return limits === undefined
    ? spawn(process.execPath, node, { stdio: [...stdio] })
    : spawn('bash', ['-c', `${limits}; exec "$@"`, 'bash', process.execPath, ...node], {
        stdio: [...stdio],
      });
};

/** How long a child that should stop by itself is given before it is killed (a test fails). */
const STOP_WITHIN_MS = 60_000;

/**
 * Follows a child's acknowledged keys until it exits, or until `enough` says to kill it; one that
 * has not exited within STOP_WITHIN_MS is killed.
 */
const watch = (
  running: ChildProcessByStdio<null, Readable, Readable>,
  prefix: string,
  enough: (acknowledged: number) => boolean = () => false,
) =>
  new Promise<{
    acknowledged: string[];
    code: number | null;
    signal: string | null;
    stderr: string;
  }>((resolve, reject) => {
    const acknowledged: string[] = [];
    let buffered = '';
    let stderr = '';
    running.on('error', reject);
    running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    running.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      acknowledged.push(...lines.filter((l) => l.startsWith(prefix)));
      if (enough(acknowledged.length) && running.exitCode === null) running.kill('SIGKILL');
    });
    const overdue = setTimeout(() => running.kill('SIGKILL'), STOP_WITHIN_MS);
    running.on('exit', (code, signal) => {
      clearTimeout(overdue);
      resolve({ acknowledged, code, signal, stderr });
    });
  });

/** The receipts the folder holds for the tenant, opened again as the app opens it. */
const storedReceipts = async (folder: string, tenantId: string, prefix: string) => {
  const reopened = await openDatabase({ adapter: 'pglite', dataDir: folder });
  try {
    return await reopened.tenant(tenantId, 'read', async (tx) => ({
      keys: (
        await tx.rows<{ key: string }>(`SELECT key FROM idempotency WHERE key LIKE :prefix`, {
          prefix: `${prefix}%`,
        })
      ).map((r) => r.key),
      onHand: (await tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'))?.on_hand ?? 0,
      receipts: (
        await tx.one<{ n: number }>(
          `SELECT count(*)::int AS n FROM events WHERE type = 'StockReceived'`,
        )
      )?.n,
    }));
  } finally {
    await reopened.close();
  }
};

/** Where the write-ahead log is written next, as an offset in its current 16 MB file. */
const walOffset = async (folder: string) => {
  const engine = await openEngine({ dataDir: folder });
  try {
    const result = await engine.query<{ offset: number }>(
      `SELECT ((pg_current_wal_insert_lsn() - '0/0'::pg_lsn) % (16 * 1024 * 1024))::int AS offset`,
    );
    return result.rows[0]!.offset;
  } finally {
    await engine.close();
  }
};

describe('the embedded database on disk', () => {
  it('keeps a rebuild that truncated the projections after the process is killed once it committed', async () => {
    const folder = join(root, `db-${++folders}`);
    const setup = await openDatabase({ adapter: 'pglite', dataDir: folder });
    const s = scenario(setup, { tenantId: 'rebuilt' });
    await randomHistory(s, 400, 9);
    const live = await dumpProjections(setup, 'rebuilt');
    const events = await setup.tenant('rebuilt', 'read', (tx) =>
      tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM events`),
    );
    // Projections drifted from the events: only a rebuild that committed puts them back.
    await setup.tenant('rebuilt', 'write', async (tx) => {
      await tx.run(`UPDATE stock_levels SET on_hand = on_hand + 100`);
      await tx.run(
        `DELETE FROM movements WHERE event_id = (SELECT event_id FROM movements ORDER BY occurred_at LIMIT 1)`,
      );
    });
    expect(await dumpProjections(setup, 'rebuilt')).not.toEqual(live);
    await setup.close();

    const run = await watch(child('rebuild-and-die.ts', [folder, 'rebuilt']), 'rebuilt ');
    expect(run.stderr).toBe('');
    expect(run.signal).toBe('SIGKILL');
    expect(run.acknowledged).toEqual([`rebuilt ${events?.n}`]);

    const reopened = await openDatabase({ adapter: 'pglite', dataDir: folder });
    try {
      expect(await dumpProjections(reopened, 'rebuilt')).toEqual(live);
      // And the tables recovered take writes: a new warehouse, and a receipt into it.
      const again = scenario(reopened, { tenantId: 'rebuilt' });
      const warehouseId = await again.warehouse('AFTER');
      const productId = (live['products']![0] as { product_id: string }).product_id;
      await again.run('receiveStock', { productId, warehouseId, quantity: 3 });
      const level = await reopened.tenant('rebuilt', 'read', (tx) =>
        tx.one<{ onHand: number }>(
          `SELECT on_hand AS "onHand" FROM stock_levels WHERE warehouse_id = :w::uuid`,
          { w: warehouseId },
        ),
      );
      expect(level).toEqual({ onHand: 3 });
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('keeps every acknowledged command after the process is killed mid-write', async () => {
    const { folder, productId, warehouseId } = await preparedFolder('crash');
    const run = await watch(
      child('crash-child.ts', [folder, productId, warehouseId]),
      'crash-',
      (acknowledged) => acknowledged >= 150,
    );
    expect(run.signal).toBe('SIGKILL');
    expect(run.acknowledged.length).toBeGreaterThanOrEqual(150);

    const stored = await storedReceipts(folder, 'crash', 'crash-');
    expect(stored.keys).toEqual(expect.arrayContaining(run.acknowledged));
    expect(stored.onHand).toBe(stored.keys.length);
    expect(stored.receipts).toBe(stored.keys.length);
  }, 120_000);

  // A file-size limit makes the kernel refuse writes past it, as a full disk refuses them.
  it.runIf(process.platform === 'linux')(
    'stops, saying why, when the disk refuses to write the log, and keeps every acknowledged command',
    async () => {
      const { folder, productId, warehouseId } = await preparedFolder('disk');
      // Room for a megabyte more of log: the table files stay well below it.
      const limitKb = Math.ceil((await walOffset(folder)) / 1024) + 1024;
      // Within the log's current 16 MB file: the next file would start below the limit again.
      expect(limitKb).toBeLessThan(16 * 1024);
      const run = await watch(
        child(
          'failing-disk-child.ts',
          [folder, productId, warehouseId, 'refused-write'],
          `trap '' XFSZ; ulimit -f ${limitKb}`,
        ),
        'disk-',
      );
      expect(run.code).toBe(DATABASE_STOPPED_EXIT_CODE);
      expect(run.stderr).toMatch(
        /the embedded database stopped: could not write to log file .*File too large/,
      );
      expect(run.acknowledged.length).toBeGreaterThan(0);

      const stored = await storedReceipts(folder, 'disk', 'disk-');
      expect(stored.keys).toEqual(expect.arrayContaining(run.acknowledged));
      expect(stored.onHand).toBe(stored.keys.length);
      expect(stored.receipts).toBe(stored.keys.length);
    },
    120_000,
  );

  it('stops, saying why, when a sync of the log fails, and keeps every acknowledged command', async () => {
    const { folder, productId, warehouseId } = await preparedFolder('disk');
    const run = await watch(
      child('failing-disk-child.ts', [folder, productId, warehouseId, 'failed-sync']),
      'disk-',
    );
    expect(run.code).toBe(DATABASE_STOPPED_EXIT_CODE);
    expect(run.stderr).toMatch(/the embedded database stopped: could not fsync file .*I\/O error/);
    expect(run.acknowledged).toHaveLength(50);

    const stored = await storedReceipts(folder, 'disk', 'disk-');
    expect(stored.keys).toEqual(expect.arrayContaining(run.acknowledged));
    expect(stored.onHand).toBe(stored.keys.length);
    expect(stored.receipts).toBe(stored.keys.length);
  }, 120_000);
});
