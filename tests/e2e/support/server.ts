/**
 * What `npm start` does in a browser, for the tests: the embedded backend on a temporary data
 * folder, and a small server for the built renderer and its /connection.json.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalBackend, LocalBackendOptions } from '../../../cloud/local/backend';
import { LOCAL_TENANT, startLocalBackend } from '../../../cloud/local/backend';
import type { Connection } from '../../../desktop/bridge';
import { contentSecurityPolicy } from '../../../desktop/main/security/csp';
import { rendererOutDir } from '../../../desktop/renderer/build';

const types: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface TestApp {
  /** The app's address for the browser. */
  readonly url: string;
  readonly backend: LocalBackend;
  readonly dataDir: string;
  readonly close: () => Promise<void>;
}

/**
 * Serves `root` and answers /connection.json with the local connection and an owner token, under
 * the desktop app's own Content-Security-Policy, so a page that breaks it fails here too.
 */
const serveRenderer = async (root: string, connection: () => Connection & { token: string }) => {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.setHeader('content-security-policy', contentSecurityPolicy(connection()));
    if (path === '/connection.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(connection()));
      return;
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(readFileSync(file));
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Starts a backend on a fresh data folder and serves the built renderer against it. */
export const startTestApp = async (
  options: Partial<LocalBackendOptions> = {},
): Promise<TestApp> => {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'stockmate-e2e-'));
  const backend = await startLocalBackend({
    nightlyHour: null,
    retryIntervalMs: 50,
    log: () => undefined,
    ...options,
    dataDir,
  });
  const web = await serveRenderer(rendererOutDir, () => ({
    mode: 'local' as const,
    endpoint: backend.endpoint,
    realtimeEndpoint: backend.realtimeEndpoint,
    tenantId: LOCAL_TENANT,
    token: backend.token,
  }));
  return {
    url: web.url,
    backend,
    dataDir,
    close: async () => {
      await web.close();
      await backend.close();
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
