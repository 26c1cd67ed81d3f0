/**
 * `npm run backend`: the embedded backend without the desktop shell. Prints one JSON line with the
 * endpoint and an owner token when ready (also kept in <data folder>/local.json); logs go to stderr.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DataFolderInUseError } from '../db';
import { startLocalBackend } from './backend';
import { parseBackendArgs, usage } from './cli';
import { ensureDir, writeFileAtomic } from './files';

/** Where the running backend describes itself for other local programs. */
const LOCAL_FILE = 'local.json';

const log = (message: string, error?: unknown): void => {
  if (error === undefined || error === '') return console.error(message);
  const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
  console.error(`${message}: ${detail}`);
};

const main = async (): Promise<void> => {
  const parsed = parseBackendArgs(process.argv.slice(2), process.env, process.platform, homedir());
  if (parsed.kind === 'help') {
    console.log(usage);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\nRun with --help to see the options.`);
    process.exitCode = 2;
    return;
  }
  const { dataDir, port, databaseUrl, requestsPerMinute } = parsed.settings;
  log(`starting the Stock-Mate backend with its data in ${dataDir}`);
  await ensureDir(dataDir);
  const backend = await startLocalBackend({
    dataDir,
    port,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    log,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return log(`${signal} again; still finishing what is in flight`);
    stopping = true;
    log(`${signal}: finishing requests in flight, then stopping`);
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('the backend did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const ready = {
    endpoint: backend.endpoint,
    realtimeEndpoint: backend.realtimeEndpoint,
    token: backend.token,
  };
  await writeFileAtomic(join(dataDir, LOCAL_FILE), `${JSON.stringify(ready)}\n`, 0o600);
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  log(`ready at ${backend.endpoint}`);
};

main().catch((error: unknown) => {
  // A folder in use is the user's to settle, and its message says how: no stack for it.
  if (error instanceof DataFolderInUseError) log(`the backend could not start: ${error.message}`);
  else log('the backend could not start', error);
  process.exit(1);
});
