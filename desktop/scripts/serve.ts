/**
 * The browser fallback's web server: the built renderer and /connection.json (the local
 * connection plus a fresh owner token) on 127.0.0.1. The token is given only to requests that
 * come from this computer and name it as their host, so neither another machine nor a web page
 * using DNS rebinding can take it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from '../bridge';
import { readStatic, resolveStaticPath } from '../main/static-files';

export interface ServeOptions {
  /** The built renderer (its index.html). */
  readonly root: string;
  /** 0 for any free port. */
  readonly port: number;
  /** The connection with a fresh token, for each /connection.json. */
  connection(): Promise<Connection & { readonly token: string }>;
  /** The Content-Security-Policy sent with every answer. */
  policy(): string;
}

const LOOPBACK_ADDRESS =
  /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/** Whether the request came from this computer. */
export const fromLoopback = (remoteAddress: string | undefined): boolean =>
  remoteAddress !== undefined && LOOPBACK_ADDRESS.test(remoteAddress);

/** Whether the Host header names this server by a loopback name (not a rebound domain). */
export const hostIsLoopback = (host: string | undefined, port: number): boolean =>
  host !== undefined &&
  ['127.0.0.1', 'localhost', '[::1]'].some((name) => host.toLowerCase() === `${name}:${port}`);

const baseHeaders = (policy: string) => ({
  'content-security-policy': policy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
});

/** Starts the server on 127.0.0.1; resolves with its URL and a way to stop it. */
export const serveRenderer = async (options: ServeOptions) => {
  let port = options.port;
  const answer = (res: ServerResponse, status: number, type: string, body: string | Buffer) =>
    res.writeHead(status, { ...baseHeaders(options.policy()), 'content-type': type }).end(body);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (!hostIsLoopback(req.headers.host, port)) {
      return answer(
        res,
        421,
        'text/plain; charset=utf-8',
        'Use http://127.0.0.1 to reach Stock-Mate.',
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return answer(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    }
    if (path === '/connection.json') {
      if (
        !fromLoopback(req.socket.remoteAddress) ||
        req.headers['sec-fetch-site'] === 'cross-site'
      ) {
        return answer(res, 403, 'text/plain; charset=utf-8', 'Forbidden');
      }
      res.setHeader('cache-control', 'no-store');
      return answer(res, 200, 'application/json', JSON.stringify(await options.connection()));
    }
    const file = await readStatic(resolveStaticPath(options.root, path));
    if (file === null) return answer(res, 404, 'text/plain; charset=utf-8', 'Not found');
    res.setHeader('cache-control', file.type.startsWith('text/html') ? 'no-cache' : 'max-age=300');
    return answer(res, 200, file.type, req.method === 'HEAD' ? '' : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
