/**
 * `npm run rebuild`: replays the recorded events into empty projections, tenant by tenant, on the
 * embedded database, a PostgreSQL server or Aurora through the Data API. `--help` explains it.
 */
import { homedir } from 'node:os';
import { StockMateError } from '../../shared/core';
import { DataFolderInUseError, holdsDatabase, openDatabase, rebuildTenants } from '../db';
import { CliError } from './cli-error';
import type { RebuildArgs } from './rebuild-args';
import { parseRebuildArgs, usage } from './rebuild-args';

const run = async (args: Extract<RebuildArgs, { kind: 'run' }>): Promise<void> => {
  const { config } = args;
  // Opening a folder that holds no database would make an empty one.
  if (config.adapter === 'pglite' && !holdsDatabase(config.dataDir ?? ''))
    throw new CliError(`there is no Stock-Mate database in ${config.dataDir}`, 2);
  const db = await openDatabase(config);
  try {
    console.log(`rebuilding the projections in ${args.where}`);
    const reports = await rebuildTenants(db, args.tenant, (report) => {
      const rate = Math.round(report.events / Math.max(report.seconds, 0.001));
      console.log(
        `${report.tenantId}: ${report.events.toLocaleString('en-US')} events in ${report.seconds.toFixed(2)} s` +
          (report.events >= 1_000 ? ` (${rate.toLocaleString('en-US')} events/s)` : ''),
      );
    });
    // The embedded database has no autovacuum: clear the rows the rebuild replaced, now.
    await db.maintain();
    const events = reports.reduce((sum, r) => sum + r.events, 0);
    console.log(`done: ${reports.length} tenant(s), ${events.toLocaleString('en-US')} events`);
  } catch (error) {
    if (error instanceof StockMateError && error.type === 'NotFound')
      throw new CliError(`${error.fields[0]?.message ?? error.message} in ${args.where}`, 2);
    throw error;
  } finally {
    await db.close();
  }
};

const main = async (): Promise<void> => {
  const args = parseRebuildArgs(process.argv.slice(2), process.env, process.platform, homedir());
  if (args.kind === 'help') return console.log(usage);
  if (args.kind === 'error')
    throw new CliError(`${args.message}\nRun with --help to see the options.`, 2);
  await run(args);
};

main().catch((error: unknown) => {
  // Expected problems in one line; anything else with its stack. Tenants reported done are done.
  const expected = error instanceof CliError || error instanceof DataFolderInUseError;
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`the rebuild stopped: ${expected ? error.message : detail}`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
});
