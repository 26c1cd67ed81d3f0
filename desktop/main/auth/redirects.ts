/**
 * Where the hosted UI's redirect comes back: to the app's own scheme (`stockmate://auth/callback`,
 * delivered by the OS to a second instance's argv or to `open-url` on macOS) or to a loopback
 * HTTP listener. Either way the sign-in waits on one promise.
 */
import { createServer } from 'node:http';
import { isRedirectFor } from './pkce';

export const APP_SCHEME = 'stockmate';

/** How a redirect URI is received. */
export const redirectKind = (uri: string): 'scheme' | 'loopback' | 'unsupported' => {
  if (!URL.canParse(uri)) return 'unsupported';
  const url = new URL(uri);
  if (url.protocol === `${APP_SCHEME}:`) return 'scheme';
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return url.protocol === 'http:' && loopback && url.port !== '' ? 'loopback' : 'unsupported';
};

/** The first `stockmate://` URL in a command line (how Linux and Windows pass it). */
export const schemeUrlIn = (argv: readonly string[]): string | null =>
  argv.find((arg) => arg.toLowerCase().startsWith(`${APP_SCHEME}://`)) ?? null;

const aborted = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new Error('the sign-in was cancelled');

/** Redirects arriving on the app's scheme, handed to whoever waits for one. */
export const createRedirectInbox = () => {
  const waiting = new Set<{ uri: string; resolve(url: string): void }>();
  return {
    /** Resolves with the next URL for `redirectUri`; rejects when `signal` aborts. */
    wait(redirectUri: string, signal: AbortSignal): Promise<string> {
      return new Promise<string>((resolve, reject) => {
        if (signal.aborted) return reject(aborted(signal));
        const entry = {
          uri: redirectUri,
          resolve: (url: string) => {
            waiting.delete(entry);
            resolve(url);
          },
        };
        waiting.add(entry);
        signal.addEventListener('abort', () => {
          waiting.delete(entry);
          reject(aborted(signal));
        });
      });
    },
    /** Hands `url` to a waiting sign-in; false when none is waiting for it. */
    deliver(url: string): boolean {
      const entry = [...waiting].find((w) => isRedirectFor(url, w.uri));
      entry?.resolve(url);
      return entry !== undefined;
    },
  };
};

export type RedirectInbox = ReturnType<typeof createRedirectInbox>;

const page = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>Stock-Mate</title>` +
  `<body style="font:16px system-ui;margin:3rem"><p>${text}</p></body>`;

/** Listens on the loopback redirect URI until the browser arrives there once. */
export const waitOnLoopback = (redirectUri: string, signal: AbortSignal): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const target = new URL(redirectUri);
    const server = createServer((req, res) => {
      const url = `http://${target.host}${req.url ?? '/'}`;
      if (req.method !== 'GET' || !isRedirectFor(url, redirectUri)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(page('Done. You can close this tab and return to Stock-Mate.'));
      server.close();
      resolve(url);
    });
    server.on('error', reject);
    server.listen(Number(target.port), target.hostname === 'localhost' ? 'localhost' : '127.0.0.1');
    signal.addEventListener('abort', () => {
      server.close();
      reject(aborted(signal));
    });
  });
