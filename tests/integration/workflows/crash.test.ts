import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCommandService } from '../../../cloud/app/execute';
import { randomIds, systemClock } from '../../../cloud/app/ports';
import { LOCAL_TENANT, startLocalBackend } from '../../../cloud/local/backend';
import { executionName } from '../../../cloud/services/workflows';

const dataDir = mkdtempSync(join(tmpdir(), 'stockmate-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const quietly = { dataDir, retryIntervalMs: 5, nightlyHour: null, log: () => undefined } as const;

/** Runs the committing process to its SIGKILL; resolves with the committed event's id. */
const commitAndDie = (productId: string, warehouseId: string) =>
  new Promise<{ eventId: string; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('tests', 'support', 'commit-and-die.ts'),
        dataDir,
        LOCAL_TENANT,
        productId,
        warehouseId,
        '8',
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ eventId: out.trim(), signal }));
  });

describe('a process killed after a commit and before its workflow started', () => {
  it('leaves the workflow to the next start, which runs it exactly once and notifies once', async () => {
    const first = await startLocalBackend(quietly);
    const context = () => ({
      tenantId: LOCAL_TENANT,
      actor: 'setup',
      idempotencyKey: `setup-${crypto.randomUUID()}`,
    });
    const service = createCommandService({ db: first.db, clock: systemClock, ids: randomIds });
    const warehouseId = (
      await service.execute('createWarehouse', { code: 'MAIN', name: 'Main' }, context())
    ).warehouses[0]!.warehouseId;
    const supplierId = (await service.execute('createSupplier', { name: 'Acme' }, context()))
      .suppliers[0]!.supplierId;
    const productId = (
      await service.execute(
        'registerProduct',
        {
          sku: 'NUT-6',
          name: 'Nut M6',
          unitCost: { amountMinor: 5, currency: 'EUR' },
          minStock: 10,
          preferredSupplierId: supplierId,
        },
        context(),
      )
    ).products[0]!.productId;
    await service.execute('receiveStock', { productId, warehouseId, quantity: 15 }, context());
    await first.drainOutbox();
    await first.workflows.idle();
    await first.close();

    const crashed = await commitAndDie(productId, warehouseId);
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.eventId).toMatch(/^[0-9a-f-]{36}$/);

    const count = (backend: Awaited<ReturnType<typeof startLocalBackend>>) =>
      backend.db.system(async (tx) => ({
        pending: (
          await tx.one<{ n: number }>(
            `SELECT count(*)::integer AS n FROM outbox WHERE processed_at IS NULL`,
          )
        )?.n,
        runs: await tx.rows<{ status: string }>(
          `SELECT status FROM workflow_runs WHERE execution_name = :name`,
          {
            name: executionName('stock-changed', crashed.eventId),
          },
        ),
        notifications: await tx.rows<{ kind: string; published: boolean }>(
          `SELECT kind, published_at IS NOT NULL AS published FROM notifications WHERE kind = 'LOW_STOCK'`,
        ),
      }));

    const second = await startLocalBackend(quietly);
    await second.workflows.idle();
    await second.drainOutbox();
    expect(await count(second)).toEqual({
      pending: 0,
      runs: [{ status: 'SUCCEEDED' }],
      notifications: [{ kind: 'LOW_STOCK', published: true }],
    });
    await second.close();

    const third = await startLocalBackend(quietly);
    await third.drainOutbox();
    await third.workflows.idle();
    expect(await count(third)).toEqual({
      pending: 0,
      runs: [{ status: 'SUCCEEDED' }],
      notifications: [{ kind: 'LOW_STOCK', published: true }],
    });
    await third.close();
  }, 120_000);
});
