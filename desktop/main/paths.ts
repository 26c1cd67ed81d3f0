/**
 * The desktop app's folders. The per-user folder holds the connection file (`npm run cloud:config`
 * writes it there), the preferences, the saved session and, in `data/`, the local database — its
 * own subfolder, so a restore can replace it without touching the rest. The browser fallback of
 * `npm start` uses the same folders, so both see the same database.
 */
import { join } from 'node:path';
import { appDatabaseDir, userDataDir } from '../../cloud/local/cli';

/** The per-user folder of the desktop app (Electron's userData is set to it). */
export { userDataDir };

/** The files and folders inside the per-user folder. */
export const desktopPaths = (
  userData: string,
  env: Readonly<Record<string, string | undefined>> = {},
) => ({
  userData,
  /** The local database; STOCKMATE_DATA_DIR moves it, as it does for `npm run backend`. */
  data: appDatabaseDir(userData, env),
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
