import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitOnLoopback } from '../../../desktop/main/auth/redirects';
import {
  explainMissingRuntime,
  findElectronRuntime,
} from '../../../desktop/scripts/electron-runtime';
import { launchElectron } from '../../../desktop/scripts/launch-electron';
import { fromLoopback, hostIsLoopback } from '../../../desktop/scripts/serve';
import { parseStartArgs } from '../../../desktop/scripts/start-options';

const dir = mkdtempSync(join(tmpdir(), 'stockmate-runtime-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding the Electron runtime', () => {
  const pkg = join(dir, 'electron');
  mkdirSync(pkg);
  writeFileSync(join(pkg, 'package.json'), '{}');

  it('reports a runtime that was never downloaded, without trying to download it', () => {
    const runtime = findElectronRuntime(pkg, {});
    expect(runtime.ok ? '' : runtime.reason).toMatch(
      /never downloaded \(node_modules\/electron\/path\.txt is missing\)/,
    );
    expect(findElectronRuntime(join(dir, 'absent'), {})).toMatchObject({
      ok: false,
      reason: /npm install/,
    });
  });

  it('finds the executable path.txt names in dist/, or the override folder', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronRuntime(pkg, {})).toMatchObject({ ok: false, reason: /missing from/ });
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(findElectronRuntime(pkg, {})).toEqual({
      ok: true,
      executable: join(pkg, 'dist', 'electron'),
    });
    expect(
      findElectronRuntime(pkg, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'none') }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('explains in one paragraph why, and how to get it', () => {
    const text = explainMissingRuntime('it was never downloaded');
    expect(text).not.toContain('\n');
    expect(text).toMatch(/node node_modules\/electron\/install\.js/);
    expect(text).toMatch(/web browser instead/);
  });
});

describe('npm start’s options', () => {
  it('default to the desktop app’s data folder and any free port, opening a browser', () => {
    expect(parseStartArgs([], {}, 'linux', '/home/ann')).toEqual({
      kind: 'run',
      options: {
        dataDir: '/home/ann/.config/stock-mate/data',
        port: 0,
        open: true,
        build: true,
        browserOnly: false,
        rendererDir: null,
        dataDirGiven: false,
      },
    });
  });

  it('take their own switches and the backend’s flags and variables', () => {
    const parsed = parseStartArgs(
      ['--no-open', '--browser', '--renderer-dir=/tmp/page', '--port', '8080', '--no-build'],
      { STOCKMATE_DATA_DIR: '/srv/data' },
      'linux',
      '/home/ann',
    );
    expect(parsed).toEqual({
      kind: 'run',
      options: {
        dataDir: '/srv/data',
        port: 8080,
        open: false,
        build: false,
        browserOnly: true,
        rendererDir: '/tmp/page',
        dataDirGiven: true,
      },
    });
    expect(parseStartArgs(['--verbose'], {}, 'linux', '/h')).toMatchObject({ kind: 'error' });
    expect(parseStartArgs(['--renderer-dir'], {}, 'linux', '/h')).toMatchObject({ kind: 'error' });
    expect(parseStartArgs(['--help'], {}, 'linux', '/h')).toEqual({ kind: 'help' });
  });
});

describe('the browser fallback’s guard on /connection.json', () => {
  it('accepts only loopback peers that name the server by a loopback host', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10'].every(fromLoopback)).toBe(true);
    expect(['10.0.0.2', '::ffff:192.168.1.1', undefined].some(fromLoopback)).toBe(false);
    expect(hostIsLoopback('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostIsLoopback('localhost:4000', 4000)).toBe(true);
    expect(hostIsLoopback('evil.example:4000', 4000)).toBe(false);
    expect(hostIsLoopback('127.0.0.1:4001', 4000)).toBe(false);
    expect(hostIsLoopback(undefined, 4000)).toBe(false);
  });
});

describe('the loopback sign-in redirect', () => {
  const freePort = () =>
    new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          resolve(typeof address === 'object' && address !== null ? address.port : 0),
        );
      });
    });

  it('takes the first request on the redirect path and answers the browser', async () => {
    const port = await freePort();
    const uri = `http://127.0.0.1:${port}/callback`;
    const controller = new AbortController();
    const waiting = waitOnLoopback(uri, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fetch(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
    const page = await fetch(`${uri}?code=abc&state=xyz`);
    expect(await page.text()).toMatch(/close this tab and return to Stock-Mate/);
    await expect(waiting).resolves.toBe(`${uri}?code=abc&state=xyz`);
  });

  it('stops listening when the sign-in is abandoned', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const waiting = waitOnLoopback(`http://127.0.0.1:${port}/callback`, controller.signal);
    controller.abort(new Error('cancelled by the user'));
    await expect(waiting).rejects.toThrow('cancelled by the user');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
  });
});

describe('launching Electron', () => {
  const fake = (name: string, script: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return path;
  };

  it('reports a runtime that exits before its window appears, with its last words', async () => {
    const electron = fake(
      'electron-root',
      'echo "[0:1103] Running as root without --no-sandbox is not supported." >&2; exit 1',
    );
    const launch = await launchElectron(electron, ['/app'], process.env);
    expect(launch).toEqual({
      started: false,
      reason: 'it exited (code 1): [0:1103] Running as root without --no-sandbox is not supported.',
    });
  });

  it('counts the app as started once it says so, and passes signals on to it', async () => {
    const electron = fake(
      'electron-ok',
      'echo "Stock-Mate is running (local mode)"; trap "exit 0" TERM; while true; do sleep 0.05; done',
    );
    const launch = await launchElectron(electron, ['/app', '--mode=local'], process.env);
    expect(launch.started).toBe(true);
    if (!launch.started) return;
    launch.forward('SIGTERM');
    await expect(launch.exited).resolves.toBe(0);
  });

  it('gives up on a window that never appears', async () => {
    const electron = fake('electron-silent', 'sleep 5');
    const launch = await launchElectron(electron, [], process.env, 200);
    expect(launch).toEqual({ started: false, reason: 'its window did not appear within 0.2 s' });
  });
});
