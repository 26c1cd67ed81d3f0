/**
 * Finding the Electron runtime without `require('electron')`: that call downloads the runtime
 * from GitHub when it is missing, which fails (slowly) on machines without internet. The package
 * records the executable's path in path.txt once its install script has fetched it into dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Runtime =
  | { readonly ok: true; readonly executable: string }
  | { readonly ok: false; readonly reason: string };

/** The runtime of the electron package in `packageDir`, or why there is none. */
export const findElectronRuntime = (
  packageDir: string,
  env: Readonly<Record<string, string | undefined>>,
): Runtime => {
  if (!existsSync(join(packageDir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined && override !== '') {
    const executable = join(override, relative ?? 'electron');
    return existsSync(executable)
      ? { ok: true, executable }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${executable}` };
  }
  if (relative === null || relative === '') {
    return {
      ok: false,
      reason:
        'the Electron runtime was never downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const executable = join(packageDir, 'dist', relative);
  return existsSync(executable)
    ? { ok: true, executable }
    : { ok: false, reason: `the Electron runtime is missing from ${executable}` };
};

/** The paragraph `npm start` prints before serving the app to a browser instead. */
export const explainMissingRuntime = (reason: string): string =>
  [
    `Stock-Mate's desktop window needs the Electron runtime, and ${reason}.`,
    'The electron package fetches the runtime from GitHub the first time it is used; to get it,',
    'run `node node_modules/electron/install.js` on a computer with internet access, then',
    '`npm start` again. Until then Stock-Mate runs in your web browser instead: same app, same',
    'data, served only to this computer.',
  ].join(' ');
