import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../cloud/db';
import { scenario } from '../../support/scenario';

const folder = mkdtempSync(join(tmpdir(), 'stockmate-durability-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the embedded database on disk', () => {
  it('keeps every acknowledged command after the process is killed mid-write', async () => {
    const setup = await openDatabase({ adapter: 'pglite', dataDir: folder });
    const s = scenario(setup, { tenantId: 'crash' });
    const warehouseId = await s.warehouse();
    const productId = await s.product();
    await setup.close();

    // Node itself with tsx's loader, so the kill reaches the process that writes (not a wrapper).
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('tests', 'support', 'crash-child.ts'),
        folder,
        productId,
        warehouseId,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const acknowledged: string[] = [];
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        acknowledged.push(...lines.filter((l) => l.startsWith('crash-')));
        if (acknowledged.length >= 150 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
    });
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const reopened = await openDatabase({ adapter: 'pglite', dataDir: folder });
    try {
      const stored = await reopened.tenant('crash', 'read', async (tx) => ({
        keys: (
          await tx.rows<{ key: string }>(`SELECT key FROM idempotency WHERE key LIKE 'crash-%'`)
        ).map((r) => r.key),
        onHand:
          (await tx.one<{ on_hand: number }>('SELECT on_hand FROM stock_levels'))?.on_hand ?? 0,
        receipts: (
          await tx.one<{ n: number }>(
            `SELECT count(*)::int AS n FROM events WHERE type = 'StockReceived'`,
          )
        )?.n,
      }));
      expect(stored.keys).toEqual(expect.arrayContaining(acknowledged));
      expect(stored.onHand).toBe(stored.keys.length);
      expect(stored.receipts).toBe(stored.keys.length);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
