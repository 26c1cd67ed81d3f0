/**
 * Runs the desktop app in Electron and tells whether it came up: the main process prints
 * "Stock-Mate is running" once its window exists. An Electron that exits before that (missing
 * libraries, no display, a sandbox it cannot use) counts as one that cannot start.
 */
import { spawn } from 'node:child_process';

export type Launch =
  | {
      readonly started: true;
      readonly exited: Promise<number>;
      /** Passes Ctrl-C and friends on, so the app quits cleanly (its backend finishes writes). */
      forward(signal: NodeJS.Signals): void;
    }
  | { readonly started: false; readonly reason: string };

const READY = /Stock-Mate is running/;

/** Starts `executable` with the main bundle; resolves once it is up or has failed. */
export const launchElectron = (
  executable: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<Launch> =>
  new Promise<Launch>((resolve) => {
    const child = spawn(executable, [...args], { env, stdio: ['inherit', 'pipe', 'pipe'] });
    let settled = false;
    let tail = '';
    const settle = (launch: Launch) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(launch);
    };
    const exited = new Promise<number>((done) =>
      child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 0))),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (READY.test(chunk.toString())) {
        settle({ started: true, exited, forward: (signal) => void child.kill(signal) });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = `${tail}${chunk.toString()}`.slice(-400);
    });
    child.on('error', (error) => settle({ started: false, reason: error.message }));
    child.on('exit', (code, signal) => {
      const last = tail.trim().split('\n').at(-1) ?? '';
      settle({
        started: false,
        reason: `it exited (${signal ?? `code ${code}`})${last === '' ? '' : `: ${last}`}`,
      });
    });
    const timer = setTimeout(() => {
      child.kill();
      settle({ started: false, reason: `its window did not appear within ${timeoutMs / 1000} s` });
    }, timeoutMs);
  });
