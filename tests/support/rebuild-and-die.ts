/**
 * Rebuilds a tenant's projections in a PGlite data folder and kills its own process as soon as
 * the rebuild has committed, before the database is closed or a checkpoint is taken.
 */
import { openDatabase } from '../../cloud/db';
import { rebuildProjections } from '../../cloud/db/rebuild';

const [dataDir, tenantId] = process.argv.slice(2) as [string, string];
const db = await openDatabase({ adapter: 'pglite', dataDir });
const report = await rebuildProjections(db, tenantId);
process.stdout.write(`rebuilt ${report.events}\n`, () => process.kill(process.pid, 'SIGKILL'));
