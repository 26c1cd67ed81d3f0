/**
 * The headless backend's settings: flags first, then environment, then per-user defaults; and the
 * per-user folders of the backend and the app, which the app and `npm run rebuild` read here too.
 */
import { join, posix, resolve, win32 } from 'node:path';

/** What `npm run backend` runs with. */
export interface BackendSettings {
  readonly dataDir: string;
  readonly port: number;
  readonly databaseUrl?: string;
  /** Requests per minute allowed per token, when not the server's default. */
  readonly requestsPerMinute?: number;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly settings: BackendSettings }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const usage = `Usage: npm run backend -- [--data-dir DIR] [--port N] [--rate-limit N]

Runs the Stock-Mate backend on this computer (127.0.0.1) and prints one JSON line:
{ "endpoint", "realtimeEndpoint", "token" } — also written to DIR/local.json.

  --data-dir DIR   where the database and the token key live
                   (env STOCKMATE_DATA_DIR; default: the per-user data folder)
  --port N         port to listen on, 0 for any free port (env STOCKMATE_PORT; default 0)
  --rate-limit N   requests per minute allowed per token (env STOCKMATE_RATE_LIMIT; default 600)
  --help           show this text

Set DATABASE_URL to use a PostgreSQL server instead of the embedded database.`;

/** The per-user data folder of each platform's conventions. */
export const defaultDataDir = (
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string => {
  if (platform === 'win32') {
    return win32.join(env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'), 'Stock-Mate');
  }
  if (platform === 'darwin')
    return posix.join(home, 'Library', 'Application Support', 'Stock-Mate');
  const xdg = env['XDG_DATA_HOME'];
  // The XDG spec says to ignore a relative XDG_DATA_HOME.
  const base =
    xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
  return posix.join(base, 'stock-mate');
};

/** The per-user folder of the desktop app (Electron's userData is set to it). */
export const userDataDir = (
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string => {
  // macOS and Windows keep data and configuration in one per-user folder, as the backend does.
  if (platform === 'win32' || platform === 'darwin') return defaultDataDir(platform, env, home);
  // Elsewhere the XDG configuration folder, which the cloud connection file also uses.
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config');
  return posix.join(base, 'stock-mate');
};

/** The app's local database inside its per-user folder; STOCKMATE_DATA_DIR moves it. */
export const appDatabaseDir = (
  userData: string,
  env: Readonly<Record<string, string | undefined>>,
): string => env['STOCKMATE_DATA_DIR'] || join(userData, 'data');

const parsePort = (value: string, source: string): number | string => {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(port) && port <= 65535
    ? port
    : `${source} must be a port number from 0 to 65535; got "${value}"`;
};

/** Reads argv (without node and the script) and the environment into settings. */
export const parseBackendArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
): ParsedArgs => {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [name = '', inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg];
    if (name !== '--data-dir' && name !== '--port' && name !== '--rate-limit') {
      return { kind: 'error', message: `unknown argument "${arg}"` };
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') {
      return { kind: 'error', message: `${name} needs a value` };
    }
    flags.set(name, value);
  }

  const portFlag = flags.get('--port');
  const portEnv = env['STOCKMATE_PORT'];
  const port =
    portFlag !== undefined
      ? parsePort(portFlag, '--port')
      : portEnv !== undefined && portEnv !== ''
        ? parsePort(portEnv, 'STOCKMATE_PORT')
        : 0;
  if (typeof port === 'string') return { kind: 'error', message: port };

  const rateText = flags.get('--rate-limit') ?? (env['STOCKMATE_RATE_LIMIT'] || undefined);
  const rate = rateText === undefined ? undefined : Number(rateText);
  if (rate !== undefined && (!Number.isSafeInteger(rate) || rate < 1)) {
    return {
      kind: 'error',
      message: `--rate-limit must be a whole number of requests per minute, 1 or more; got "${rateText}"`,
    };
  }

  const dataDir =
    flags.get('--data-dir') ??
    (env['STOCKMATE_DATA_DIR'] || undefined) ??
    defaultDataDir(platform, env, home);
  const databaseUrl = env['DATABASE_URL'] || undefined;
  return {
    kind: 'run',
    settings: {
      dataDir: resolve(dataDir),
      port,
      ...(databaseUrl === undefined ? {} : { databaseUrl }),
      ...(rate === undefined ? {} : { requestsPerMinute: rate }),
    },
  };
};
