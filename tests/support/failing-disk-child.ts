/**
 * Commits receipts on a PGlite data folder and prints each acknowledged idempotency key, until the
 * disk fails it: a write the operating system refuses (the parent limits the size of the files this
 * process may write, as a full disk would), or — with `failed-sync` — every sync of a file once
 * 50 receipts are acknowledged, as a failing disk answers. The durability tests watch it stop.
 */
import { fsyncSync } from 'node:fs';
import { createCommandService } from '../../cloud/app/execute';
import { randomIds, systemClock } from '../../cloud/app/ports';
import { pgliteDriver } from '../../cloud/db/adapters/pglite';
import { createDatabase } from '../../cloud/db/database';

const [dataDir, productId, warehouseId, failure] = process.argv.slice(2) as [
  string,
  string,
  string,
  'refused-write' | 'failed-sync',
];
let failing = false;
const sync = (fd: number) => {
  if (!failing) return fsyncSync(fd);
  throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', errno: -5 });
};
const db = createDatabase(await pgliteDriver({ dataDir, sync }));
const service = createCommandService({ db, clock: systemClock, ids: randomIds });
for (let i = 0; ; i++) {
  const idempotencyKey = `disk-${String(i).padStart(6, '0')}`;
  await service.execute(
    'receiveStock',
    { productId, warehouseId, quantity: 1, note: 'x'.repeat(400) },
    { tenantId: 'disk', actor: 'child', idempotencyKey },
  );
  process.stdout.write(`${idempotencyKey}\n`);
  if (failure === 'failed-sync' && i === 49) failing = true;
}
