/**
 * A small client of AppSync's real-time protocol (`graphql-ws` subprotocol) for one subscription,
 * so the main process hears notifications while no window is open. It reconnects with growing
 * delays, asks for a fresh token on each connection, and treats a missed keep-alive as a drop.
 * https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
 */
import { randomUUID } from 'node:crypto';

/** The part of a WebSocket (the `ws` package's) the client uses. */
export interface SocketLike {
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(text: string): void;
  close(): void;
}

export interface SubscriptionOptions {
  /** The real-time URL (`ws://` locally, `wss://` in the cloud). */
  readonly url: string;
  /** The GraphQL endpoint's host, which AppSync expects in the authorization header. */
  readonly apiHost: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
  token(): Promise<string>;
  createSocket(url: string, protocols: readonly string[]): SocketLike;
  onData(data: unknown): void;
  onConnected?(): void;
  log?(message: string): void;
  /** Delays before reconnecting; the last one repeats. */
  readonly retryDelaysMs?: readonly number[];
}

const GRAPHQL_WS = 'graphql-ws';
const DEFAULT_DELAYS = [1_000, 2_000, 5_000, 10_000, 30_000];

const textOf = (data: unknown): string =>
  typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';

interface ServerMessage {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly payload?: { readonly data?: unknown; readonly connectionTimeoutMs?: unknown };
}

const parse = (data: unknown): ServerMessage | null => {
  try {
    const value: unknown = JSON.parse(textOf(data));
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
};

/** Starts the subscription; it keeps itself connected until `close`. */
export const subscribe = (options: SubscriptionOptions): { close(): void } => {
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  let closed = false;
  let failures = 0;
  let socket: SocketLike | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;

  const clearWatchdog = () => {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = null;
  };

  const scheduleReconnect = () => {
    clearWatchdog();
    socket = null;
    if (closed || retry !== null) return;
    const delay = delays[Math.min(failures, delays.length - 1)] ?? 30_000;
    failures += 1;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
  };

  const connect = async () => {
    let token: string;
    try {
      token = await options.token();
    } catch (error) {
      options.log?.(`no token for the subscription: ${String(error)}`);
      return scheduleReconnect();
    }
    if (closed) return;
    const header = Buffer.from(
      JSON.stringify({ host: options.apiHost, Authorization: token }),
    ).toString('base64url');
    const ws = options.createSocket(options.url, [GRAPHQL_WS, `header-${header}`]);
    socket = ws;
    const id = randomUUID();
    const drop = (why: string) => {
      if (socket !== ws) return;
      options.log?.(`subscription connection lost (${why}); reconnecting`);
      ws.close();
      scheduleReconnect();
    };
    let timeoutMs = 300_000;
    const arm = () => {
      clearWatchdog();
      watchdog = setTimeout(() => drop('no keep-alive'), timeoutMs);
    };
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
    ws.on('error', (error) => drop(error.message));
    ws.on('close', () => drop('closed'));
    ws.on('message', (data) => {
      const message = parse(data);
      switch (message?.type) {
        case 'connection_ack': {
          const advised = message.payload?.connectionTimeoutMs;
          if (typeof advised === 'number' && advised > 0) timeoutMs = advised;
          arm();
          const data = JSON.stringify({ query: options.query, variables: options.variables });
          const authorization = { Authorization: token, host: options.apiHost };
          ws.send(
            JSON.stringify({ id, type: 'start', payload: { data, extensions: { authorization } } }),
          );
          return;
        }
        case 'ka':
          return arm();
        case 'start_ack':
          failures = 0;
          return options.onConnected?.();
        case 'data':
          if (message.id === id) options.onData(message.payload?.data);
          return;
        case 'error':
        case 'connection_error':
        case 'complete':
          return drop(`${String(message.type)}: ${JSON.stringify(message.payload ?? null)}`);
        default:
          return;
      }
    });
  };

  void connect();
  return {
    close() {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      clearWatchdog();
      socket?.close();
      socket = null;
    },
  };
};
