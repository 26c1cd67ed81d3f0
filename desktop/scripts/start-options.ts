/**
 * `npm start`'s command line: its own switches, then the backend's (--data-dir, --port and their
 * environment variables, as `npm run backend` reads them), with the desktop app's data folder as
 * the default so the window and the browser fallback share one database.
 */
import { parseBackendArgs } from '../../cloud/local/cli';
import { desktopPaths, userDataDir } from '../main/paths';

export interface StartOptions {
  readonly dataDir: string;
  /** The browser fallback's port (0: any free one). */
  readonly port: number;
  readonly databaseUrl?: string;
  readonly open: boolean;
  readonly build: boolean;
  /** Skip the Electron window and serve to a browser straight away. */
  readonly browserOnly: boolean;
  /** Serve this folder instead of the built renderer. */
  readonly rendererDir: string | null;
  /** Whether --data-dir or STOCKMATE_DATA_DIR chose the folder. */
  readonly dataDirGiven: boolean;
}

export type ParsedStart =
  | { readonly kind: 'run'; readonly options: StartOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const startUsage = `Usage: npm start -- [--no-open] [--browser] [--port N] [--data-dir DIR]

Builds Stock-Mate and opens its desktop window with the database on this computer. Where the
Electron runtime is missing or cannot start, serves the same app to your browser instead at
http://127.0.0.1:PORT/.

  --port N            the browser fallback's port, 0 for any free one (env STOCKMATE_PORT; default 0)
  --data-dir DIR      the database folder (env STOCKMATE_DATA_DIR; default: the app's data folder)
  --no-open           print the URL without opening a browser
  --browser           skip the desktop window and serve to a browser
  --no-build          use what out/desktop already holds
  --renderer-dir DIR  serve DIR instead of out/desktop/renderer
  --help              show this text`;

/** Reads argv (without node and the script) and the environment into options. */
export const parseStartArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
): ParsedStart => {
  const rest: string[] = [];
  let open = true;
  let build = true;
  let browserOnly = false;
  let rendererDir: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--no-open') open = false;
    else if (arg === '--no-build') build = false;
    else if (arg === '--browser') browserOnly = true;
    else if (arg === '--renderer-dir' || arg.startsWith('--renderer-dir=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined || value === '') {
        return { kind: 'error', message: '--renderer-dir needs a value' };
      }
      rendererDir = value;
    } else rest.push(arg);
  }
  const given = rest.some((a) => a.startsWith('--data-dir')) || Boolean(env['STOCKMATE_DATA_DIR']);
  const fallback = desktopPaths(userDataDir(platform, env, home)).data;
  const parsed = parseBackendArgs(
    rest,
    { ...env, STOCKMATE_DATA_DIR: env['STOCKMATE_DATA_DIR'] || fallback },
    platform,
    home,
  );
  if (parsed.kind !== 'run') return parsed;
  return {
    kind: 'run',
    options: {
      ...parsed.settings,
      open,
      build,
      browserOnly,
      rendererDir,
      dataDirGiven: given,
    },
  };
};
