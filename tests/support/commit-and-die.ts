/**
 * Commits one issue on a PGlite data folder and kills its own process before anything after the
 * commit can run: the outbox row is all that is left of what should follow.
 */
import { createCommandService } from '../../cloud/app/execute';
import { randomIds, systemClock } from '../../cloud/app/ports';
import { openDatabase } from '../../cloud/db';

const [dataDir, tenantId, productId, warehouseId, quantity] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const db = await openDatabase({ adapter: 'pglite', dataDir });
const service = createCommandService({ db, clock: systemClock, ids: randomIds });
const result = await service.execute(
  'issueStock',
  { productId, warehouseId, quantity: Number(quantity) },
  { tenantId, actor: 'crash-test', idempotencyKey: `crash-${Date.now()}` },
);
process.stdout.write(`${result.events[0]!.eventId}\n`, () => process.kill(process.pid, 'SIGKILL'));
