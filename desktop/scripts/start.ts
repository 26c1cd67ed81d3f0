/**
 * `npm start`: builds the desktop app and opens it in Electron with the database on this
 * computer. Where the Electron runtime is missing or cannot start, it says why and serves the
 * same app to a browser instead: the embedded backend plus the built renderer on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { homedir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { LOCAL_OWNER, LOCAL_TENANT, startLocalBackend } from '../../cloud/local/backend';
import { ensureDir } from '../../cloud/local/files';
import { localConnection } from '../main/app-connection';
import { contentSecurityPolicy } from '../main/security/csp';
import { buildRenderer, buildShell, outputLayout, projectRoot } from './build';
import { explainMissingRuntime, findElectronRuntime } from './electron-runtime';
import { launchElectron } from './launch-electron';
import { serveRenderer } from './serve';
import type { StartOptions } from './start-options';
import { parseStartArgs, startUsage } from './start-options';

const log = (message: string, error?: unknown): void => {
  if (error === undefined || error === '') return console.error(message);
  const detail = error instanceof Error ? (error.stack ?? error.message) : inspect(error);
  console.error(`${message}: ${detail}`);
};

const outDir = join(projectRoot, 'out', 'desktop');
const out = outputLayout(outDir);

const build = async (): Promise<void> => {
  await buildShell(outDir);
  const renderer = await buildRenderer();
  if (renderer === 'missing')
    log('the renderer (desktop/renderer) is missing; nothing to show yet');
};

/** Opens the URL in the default browser; a failure only means the user opens it. */
const openBrowser = (url: string): void => {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => log(`could not open a browser; open ${url} yourself`));
  child.unref();
};

/** The browser fallback: runs until SIGINT or SIGTERM, then stops both servers cleanly. */
const serveToBrowser = async (options: StartOptions): Promise<void> => {
  await ensureDir(options.dataDir);
  const backend = await startLocalBackend({
    dataDir: options.dataDir,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
    log,
  });
  const connection = localConnection({ ...backend, tenantId: LOCAL_TENANT });
  const owner = userInfo().username;
  const server = await serveRenderer({
    root: options.rendererDir ?? out.renderer,
    port: options.port,
    connection: async () => ({
      ...connection,
      token: await backend.issueToken({ sub: LOCAL_OWNER, username: owner, groups: ['admin'] }),
    }),
    policy: () => contentSecurityPolicy(connection),
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return log(`${signal} again; still finishing what is in flight`);
    stopping = true;
    log(`${signal}: stopping Stock-Mate`);
    Promise.all([server.close(), backend.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        log('Stock-Mate did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  console.log(`Stock-Mate is running for your browser at ${server.url}`);
  console.log(`Its data is in ${options.dataDir}. Press Ctrl-C to stop.`);
  if (options.open) openBrowser(server.url);
};

const main = async (): Promise<void> => {
  const parsed = parseStartArgs(process.argv.slice(2), process.env, process.platform, homedir());
  if (parsed.kind === 'help') return console.log(startUsage);
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\nRun with --help to see the options.`);
    process.exitCode = 2;
    return;
  }
  const { options } = parsed;
  if (options.build) await build();

  if (!options.browserOnly) {
    const runtime = findElectronRuntime(join(projectRoot, 'node_modules', 'electron'), process.env);
    if (runtime.ok) {
      const env = {
        ...process.env,
        ...(options.dataDirGiven ? { STOCKMATE_DATA_DIR: options.dataDir } : {}),
      };
      // The folder, not the file: Electron then reads the app's own package.json (name, version).
      const launch = await launchElectron(runtime.executable, [outDir, '--mode=local'], env);
      if (launch.started) {
        process.on('SIGINT', () => launch.forward('SIGINT'));
        process.on('SIGTERM', () => launch.forward('SIGTERM'));
        process.exitCode = await launch.exited;
        return;
      }
      console.log(
        `\n${explainMissingRuntime(`the one at ${runtime.executable} could not start: ${launch.reason}`)}\n`,
      );
    } else {
      console.log(`\n${explainMissingRuntime(runtime.reason)}\n`);
    }
  }
  await serveToBrowser(options);
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    log('Stock-Mate could not start', error);
    process.exit(1);
  });
}
