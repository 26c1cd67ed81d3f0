/**
 * The desktop app's folders. The per-user folder holds the connection file (`npm run cloud:config`
 * writes it there), the preferences, the saved session and, in `data/`, the local database — its
 * own subfolder, so a restore can replace it without touching the rest. The browser fallback of
 * `npm start` uses the same folders, so both see the same database.
 */
import { join, posix } from 'node:path';
import { defaultDataDir } from '../../cloud/local/cli';

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

/** The files and folders inside the per-user folder. */
export const desktopPaths = (
  userData: string,
  env: Readonly<Record<string, string | undefined>> = {},
) => ({
  userData,
  /** The local database; STOCKMATE_DATA_DIR moves it, as it does for `npm run backend`. */
  data: env['STOCKMATE_DATA_DIR'] || join(userData, 'data'),
  connectionFile: join(userData, 'connection.json'),
  preferences: join(userData, 'preferences.json'),
  session: join(userData, 'session.bin'),
});

export type DesktopPaths = ReturnType<typeof desktopPaths>;

/**
 * The real file behind a path inside the packaged app's archive, for files packaging leaves
 * unpacked (the backend process and what it reads): they are then ordinary files, loaded without
 * relying on Electron's archive support in the utility process.
 */
export const unpacked = (path: string): string =>
  path.replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2');

/** Where the built parts sit, relative to the main bundle (`out/desktop/main/main.mjs`). */
export const bundlePaths = (mainDir: string) => ({
  preload: join(mainDir, '..', 'preload', 'preload.cjs'),
  backend: unpacked(join(mainDir, '..', 'backend', 'server', 'backend-process.mjs')),
  renderer: join(mainDir, '..', 'renderer'),
  assets: join(mainDir, '..', 'assets'),
});
