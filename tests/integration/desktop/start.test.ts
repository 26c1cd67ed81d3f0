import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, tempDir } from '../local/support';

const children = new Set<ChildProcess>();
const dirs: ReturnType<typeof tempDir>[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) dir.remove();
});

// Node itself with tsx's loader, so SIGTERM reaches the start script and not a wrapper.
const start = (args: readonly string[], env: Record<string, string>) => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('STOCKMATE_') && k !== 'DATABASE_URL',
    ),
  );
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join('desktop', 'scripts', 'start.ts'), ...args],
    { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
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
  const url = async (): Promise<string> => {
    for (;;) {
      const found = /Stock-Mate is running for your browser at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(
        stdout,
      );
      if (found?.[1] !== undefined) return found[1];
      if (child.exitCode !== null) throw new Error(`npm start exited: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, url, out: () => stdout, err: () => stderr };
};

describe('npm start where the Electron runtime is missing', () => {
  it('says why, serves the app and a working connection to this computer, and stops on SIGTERM', async () => {
    const dir = tempDir('start');
    dirs.push(dir);
    const page = join(dir.path, 'page');
    mkdirSync(page);
    writeFileSync(join(page, 'index.html'), '<!doctype html><title>Stock-Mate placeholder</title>');
    const run = start(
      [
        '--no-open',
        '--port',
        '0',
        '--data-dir',
        join(dir.path, 'data'),
        '--no-build',
        '--renderer-dir',
        page,
      ],
      // An empty runtime folder: the same as a machine where the download never happened.
      { ELECTRON_OVERRIDE_DIST_PATH: join(dir.path, 'no-electron') },
    );
    const url = await run.url();
    expect(run.out()).toMatch(/needs the Electron runtime/);
    expect(run.out()).toMatch(/node node_modules\/electron\/install\.js/);

    const home = await fetch(url);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await home.text()).toContain('<title>Stock-Mate placeholder</title>');
    // An app route gets the page too; a file that is not there does not.
    expect((await fetch(`${url}products/123`)).status).toBe(200);
    expect((await fetch(`${url}assets/missing.js`)).status).toBe(404);

    const answer = await fetch(`${url}connection.json`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const connection = (await answer.json()) as Record<string, string>;
    expect(connection).toMatchObject({ mode: 'local', tenantId: 'local' });
    expect(connection['endpoint']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(home.headers.get('content-security-policy')).toContain(
      new URL(connection['endpoint'] ?? '').origin,
    );
    const me = await gql(
      connection['endpoint'] ?? '',
      connection['token'] ?? '',
      '{ me { tenantId role } }',
    );
    expect(me).toEqual({ me: { tenantId: 'local', role: 'ADMIN' } });

    // A page on another site that rebinds its name to 127.0.0.1 still says its own name.
    const port = new URL(url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      const headers = { host: `evil.example:${port}` };
      get({ host: '127.0.0.1', port, path: '/connection.json', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebound).toBe(421);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.err()).toMatch(/SIGTERM: stopping Stock-Mate/);
  });

  it('explains a bad flag and exits with code 2', async () => {
    const run = start(['--port', 'eighty'], {});
    expect(await run.exited).toBe(2);
    expect(run.err()).toMatch(/--port must be a port number/);
  });
});
