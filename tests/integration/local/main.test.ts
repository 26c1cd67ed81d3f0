import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDataDir, parseBackendArgs } from '../../../cloud/local/cli';
import { gql, tempDir } from './support';

const children = new Set<ChildProcess>();
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) dir.remove();
});

// Node itself with tsx's loader, so signals reach the backend process and not a wrapper.
const backend = (args: readonly string[], env: Record<string, string> = {}) => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STOCKMATE_') && k !== 'DATABASE_URL',
    ),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('cloud', 'local', 'main.ts'), ...args],
    {
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  const firstLine = async (): Promise<string> => {
    while (!stdout.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`the backend exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return stdout.slice(0, stdout.indexOf('\n'));
  };
  return { child, exited, firstLine, out: () => stdout, err: () => stderr };
};

describe('npm run backend (cloud/local/main.ts)', () => {
  it('prints one JSON line when ready, writes it to local.json, serves, and stops on SIGTERM', async () => {
    const dir = tempDir('main');
    dirs.push(dir);
    const dataDir = join(dir.path, 'new', 'folder');
    const run = backend(['--data-dir', dataDir, '--port', '0']);
    const ready = JSON.parse(await run.firstLine()) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual(['endpoint', 'realtimeEndpoint', 'token']);
    expect(ready['endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(ready['realtimeEndpoint']).toBe(
      `${ready['endpoint']?.replace('http://', 'ws://')}/realtime`,
    );
    const file = join(dataDir, 'local.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(ready);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const me = await gql(ready['endpoint'] ?? '', ready['token'] ?? '', '{ me { tenantId } }');
    expect(me).toEqual({ me: { tenantId: 'local' } });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.out().trim().split('\n')).toHaveLength(1);
    expect(run.err()).toMatch(/SIGTERM/);
  });

  it('refuses to start on a data folder another backend holds, and starts there once that one has died', async () => {
    const dir = tempDir('held');
    dirs.push(dir);
    const first = backend(['--data-dir', dir.path, '--port', '0']);
    const ready = JSON.parse(await first.firstLine()) as Record<string, string>;

    const second = backend(['--data-dir', dir.path, '--port', '0']);
    expect(await second.exited).toBe(1);
    expect(second.err()).toContain(`in use by another Stock-Mate process (pid ${first.child.pid})`);
    expect(second.err()).not.toMatch(/\n\s+at /);
    expect(second.out()).toBe('');
    const me = await gql(ready['endpoint'] ?? '', ready['token'] ?? '', '{ me { tenantId } }');
    expect(me).toEqual({ me: { tenantId: 'local' } });

    first.child.kill('SIGKILL');
    await first.exited;
    const third = backend(['--data-dir', dir.path, '--port', '0']);
    const again = JSON.parse(await third.firstLine()) as Record<string, string>;
    const after = await gql(again['endpoint'] ?? '', again['token'] ?? '', '{ me { tenantId } }');
    expect(after).toEqual({ me: { tenantId: 'local' } });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('exits with code 2 and says what is wrong when given a bad flag or port', async () => {
    const unknown = backend(['--verbose']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.err()).toMatch(/unknown argument "--verbose"/);
    const port = backend(['--port', 'eighty']);
    expect(await port.exited).toBe(2);
    expect(port.err()).toMatch(/--port must be a port number/);
    const env = backend([], { STOCKMATE_PORT: '70000' });
    expect(await env.exited).toBe(2);
    expect(env.err()).toMatch(/STOCKMATE_PORT/);
    expect(unknown.out() + port.out() + env.out()).toBe('');
  });

  it('prints its usage for --help and exits 0', async () => {
    const help = backend(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.out()).toMatch(/--data-dir DIR/);
    expect(help.out()).toMatch(/--port N/);
  });
});

describe('the backend’s settings', () => {
  const home = '/home/ann';

  it('take flags over the environment, and the environment over defaults', () => {
    const env = {
      STOCKMATE_DATA_DIR: '/srv/env',
      STOCKMATE_PORT: '4000',
      DATABASE_URL: 'postgres://x',
    };
    expect(
      parseBackendArgs(['--data-dir=/srv/flag', '--port', '5000'], env, 'linux', home),
    ).toEqual({
      kind: 'run',
      settings: { dataDir: '/srv/flag', port: 5000, databaseUrl: 'postgres://x' },
    });
    expect(parseBackendArgs([], env, 'linux', home)).toEqual({
      kind: 'run',
      settings: { dataDir: '/srv/env', port: 4000, databaseUrl: 'postgres://x' },
    });
    expect(parseBackendArgs([], {}, 'linux', home)).toEqual({
      kind: 'run',
      settings: { dataDir: '/home/ann/.local/share/stock-mate', port: 0 },
    });
  });

  it('refuse missing values, stray arguments and ports out of range', () => {
    expect(parseBackendArgs(['--port'], {}, 'linux', home)).toMatchObject({ kind: 'error' });
    expect(parseBackendArgs(['serve'], {}, 'linux', home)).toMatchObject({ kind: 'error' });
    expect(parseBackendArgs(['--port', '65536'], {}, 'linux', home)).toMatchObject({
      kind: 'error',
    });
    expect(parseBackendArgs(['--port', '-1'], {}, 'linux', home)).toMatchObject({ kind: 'error' });
    expect(parseBackendArgs(['-h'], {}, 'linux', home)).toEqual({ kind: 'help' });
  });

  it('default to each platform’s per-user data folder', () => {
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/xdg' }, home)).toBe(
      '/data/xdg/stock-mate',
    );
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, home)).toBe(
      '/home/ann/.local/share/stock-mate',
    );
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Stock-Mate',
    );
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\Stock-Mate');
  });
});
