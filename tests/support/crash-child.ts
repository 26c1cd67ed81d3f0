/**
 * Commits receipts on a PGlite data folder as fast as it can and prints each acknowledged
 * idempotency key, until it is killed. The durability test kills it mid-stream.
 */
import { openDatabase } from '../../cloud/db';
import { createCommandService } from '../../cloud/app/execute';
import { randomIds, systemClock } from '../../cloud/app/ports';

const [dataDir, productId, warehouseId] = process.argv.slice(2) as [string, string, string];
const db = await openDatabase({ adapter: 'pglite', dataDir });
const service = createCommandService({ db, clock: systemClock, ids: randomIds });
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const idempotencyKey = `crash-${String(i).padStart(6, '0')}`;
  await service.execute(
    'receiveStock',
    { productId, warehouseId, quantity: 1 },
    { tenantId: 'crash', actor: 'child', idempotencyKey },
  );
  process.stdout.write(`${idempotencyKey}\n`);
}
