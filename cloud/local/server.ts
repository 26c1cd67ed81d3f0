/**
 * The embedded backend's network face: an AppSync-compatible endpoint on loopback — POST /graphql
 * and the real-time protocol on /graphql/realtime — in front of the shared resolver handler.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildAppSyncSchema } from './appsync-prelude';
import type { LocalServer, LocalServerOptions } from './contracts';
import { createExecutor } from './graphql-exec';
import { createHttpHandler } from './http';
import { createPublisher } from './publish';
import { createRateLimiter } from './rate-limit';
import { REALTIME_PATH, createRealtime } from './realtime';
import { createSubscriptions } from './subscriptions';

/** Timings that tests shorten; the defaults suit real clients. */
export interface LocalServerTuning {
  /** How often `ka` is sent on an initialised connection. */
  readonly keepAliveMs?: number;
  /** How long a new socket may wait before sending connection_init. */
  readonly connectionInitTimeoutMs?: number;
  /** How long close() waits for requests and sockets before cutting them off. */
  readonly closeGraceMs?: number;
}

const DEFAULTS = {
  host: '127.0.0.1',
  maxBodyBytes: 1024 * 1024,
  requestsPerMinute: 600,
  // Under the 65 s after which Amplify reports a missed keep-alive.
  keepAliveMs: 60_000,
  connectionInitTimeoutMs: 15_000,
  closeGraceMs: 10_000,
};

const urlHost = (host: string): string => {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
};

/** Starts the server and resolves once it listens. */
export const startLocalServer = async (
  options: LocalServerOptions & LocalServerTuning,
): Promise<LocalServer> => {
  const log =
    options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const host = options.host ?? DEFAULTS.host;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const graceMs = options.closeGraceMs ?? DEFAULTS.closeGraceMs;

  const executor = createExecutor({
    schema: buildAppSyncSchema(options.schema),
    resolve: options.resolve,
    log,
  });
  const limiter = createRateLimiter(options.requestsPerMinute ?? DEFAULTS.requestsPerMinute);
  const subscriptions = createSubscriptions({ executor, log });
  const publish = createPublisher({ executor, subscriptions });
  const http = createHttpHandler({
    executor,
    tokens: options.tokens,
    limiter,
    maxBodyBytes,
    log,
  });
  const realtime = createRealtime({
    executor,
    tokens: options.tokens,
    limiter,
    subscriptions,
    maxPayloadBytes: maxBodyBytes,
    keepAliveMs: options.keepAliveMs ?? DEFAULTS.keepAliveMs,
    initTimeoutMs: options.connectionInitTimeoutMs ?? DEFAULTS.connectionInitTimeoutMs,
    log,
  });

  const server = createServer(http.handle);
  server.on('upgrade', realtime.upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log('the local server failed', error));
  const { port } = server.address() as AddressInfo;
  const base = `${urlHost(host)}:${port}`;

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    await http.drain(graceMs);
    await realtime.close(graceMs);
    server.closeAllConnections();
    await stopped;
  };

  return {
    endpoint: `http://${base}/graphql`,
    realtimeEndpoint: `ws://${base}${REALTIME_PATH}`,
    publish: async (field, input) => {
      // After close there is nobody left to deliver to; clients refetch when they reconnect.
      if (closing !== null) return;
      await publish(field, input);
    },
    close: () => (closing ??= close()),
  };
};
