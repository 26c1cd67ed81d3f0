/**
 * AppSync's real-time endpoint: WebSocket connections on /graphql/realtime speaking `graphql-ws`.
 * Each connection is handled on its own; a bad message earns its sender an error, nothing more.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { OperationTypeNode } from 'graphql';
import type { RawData } from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { AppSyncErrorEntry } from './appsync-errors';
import { authMessage, requestError } from './appsync-errors';
import type { AccessClaims, TokenIssuer } from './contracts';
import type { Executor } from './graphql-exec';
import { tokenFromAuthorization, userPoolCaller } from './identity';
import type { RateLimiter } from './rate-limit';
import type { ClientMessage } from './realtime-protocol';
import { connectToken, decodeClientMessage, serverMessage } from './realtime-protocol';
import type { Subscriptions } from './subscriptions';
import { planSubscription } from './subscriptions';

export const REALTIME_PATH = '/graphql/realtime';
const PROTOCOL = 'graphql-ws';
// What AppSync tells clients: the longest they should wait for a keep-alive before reconnecting.
const CONNECTION_TIMEOUT_MS = 300_000;
/**
 * Subscriptions one connection may have running at once: AppSync's quota. The desktop runs a
 * handful on its one connection; a client that asks for more is refused each one over it.
 */
export const SUBSCRIPTIONS_PER_CONNECTION = 100;
/**
 * Connections one user may hold open at once. The desktop holds one; a client that opens more
 * (a loop that never closes what it opened, say) is refused each one over it, and every connection
 * opened takes a request from its token's allowance, as a request does.
 */
export const CONNECTIONS_PER_USER = 200;

export interface RealtimeDeps {
  readonly executor: Executor;
  readonly tokens: TokenIssuer;
  readonly limiter: RateLimiter;
  readonly subscriptions: Subscriptions;
  readonly maxPayloadBytes: number;
  readonly keepAliveMs: number;
  readonly initTimeoutMs: number;
  readonly log: (message: string, error?: unknown) => void;
}

type ConnectAuth =
  | { readonly ok: true; readonly claims: AccessClaims; readonly token: string }
  | { readonly ok: false; readonly message: string };

/** Why a connection is refused: told at its first message, and the socket closed with `code`. */
interface Refusal {
  readonly error: AppSyncErrorEntry;
  readonly code: number;
  readonly reason: string;
}

interface Connection {
  readonly key: string;
  readonly ws: WebSocket;
  /** Whose connection it is, counted against `CONNECTIONS_PER_USER`; null when refused. */
  readonly user: string | null;
  readonly refusal: Refusal | null;
  readonly sourceIp: string | undefined;
  initialized: boolean;
  timers: NodeJS.Timeout[];
  queue: Promise<void>;
}

const textOf = (data: RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString()
    : Array.isArray(data)
      ? Buffer.concat(data).toString()
      : Buffer.from(data).toString();

const unauthorized = (message: string): AppSyncErrorEntry => ({
  ...requestError('UnauthorizedException', message),
  errorCode: 401,
});

/** The WebSocket side: upgrades, the per-connection protocol, and closing. */
export const createRealtime = (deps: RealtimeDeps) => {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: deps.maxPayloadBytes,
    handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
  });
  const connections = new Set<Connection>();
  /** Open connections by user, refused ones left out. */
  const held = new Map<string, number>();
  let closing = false;

  const send = (conn: Connection, message: object) => {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(message));
  };
  const sendError = (
    conn: Connection,
    id: string | undefined,
    errors: readonly AppSyncErrorEntry[],
  ) => send(conn, serverMessage.error(id, errors));

  const verify = async (token: unknown): Promise<ConnectAuth> => {
    const raw = tokenFromAuthorization(token);
    if (raw === null) return { ok: false, message: 'no access token in the authorization header' };
    try {
      return { ok: true, claims: await deps.tokens.verify(raw), token: raw };
    } catch (error) {
      return { ok: false, message: authMessage(error) };
    }
  };

  const start = async (conn: Connection, message: Extract<ClientMessage, { type: 'start' }>) => {
    const { id } = message;
    if (deps.subscriptions.has(conn.key, id)) {
      const text = `a subscription with id ${id} is already running on this connection`;
      return sendError(conn, id, [requestError('DuplicatedOperationError', text)]);
    }
    if (deps.subscriptions.countOn(conn.key) >= SUBSCRIPTIONS_PER_CONNECTION) {
      const text = `this connection already runs ${SUBSCRIPTIONS_PER_CONNECTION} subscriptions, as many as one may; stop one first`;
      return sendError(conn, id, [requestError('ValidationError', text)]);
    }
    const auth = await verify(message.authorization);
    if (!auth.ok) return sendError(conn, id, [unauthorized(auth.message)]);
    const decision = deps.limiter.take(auth.token);
    if (!decision.allowed) {
      return sendError(conn, id, [
        requestError('RateLimited', 'too many requests; try again soon'),
      ]);
    }
    const prepared = deps.executor.prepare(message.request, [OperationTypeNode.SUBSCRIPTION]);
    if (!prepared.ok) return sendError(conn, id, prepared.errors);
    const caller = userPoolCaller(auth.claims, conn.sourceIp, {});
    const planned = planSubscription(deps.executor.schema, prepared.op, caller);
    if (!planned.ok) return sendError(conn, id, [planned.error]);
    // The socket may have closed while the token was checked; its subscriptions are gone then.
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    deps.subscriptions.add({
      ...planned.plan,
      connection: conn.key,
      id,
      op: prepared.op,
      deliver: (payload) => send(conn, serverMessage.data(id, payload)),
    });
    send(conn, serverMessage.startAck(id));
  };

  const onMessage = async (conn: Connection, raw: string): Promise<void> => {
    const decoded = decodeClientMessage(raw);
    if (!decoded.ok) return sendError(conn, decoded.id, [decoded.error]);
    const { message } = decoded;
    if (conn.refusal !== null) {
      // Only now, once the client listens for the handshake's answer, does it learn why.
      send(conn, serverMessage.connectionError([conn.refusal.error]));
      conn.ws.close(conn.refusal.code, conn.refusal.reason);
      return;
    }
    if (message.type === 'connection_init') {
      if (!conn.initialized) {
        conn.initialized = true;
        conn.timers.forEach(clearTimeout);
        conn.timers = [setInterval(() => send(conn, serverMessage.keepAlive()), deps.keepAliveMs)];
      }
      send(conn, serverMessage.connectionAck(CONNECTION_TIMEOUT_MS));
      send(conn, serverMessage.keepAlive());
      return;
    }
    if (!conn.initialized) {
      return sendError(conn, message.id, [
        requestError('BadRequestException', 'send connection_init first'),
      ]);
    }
    if (message.type === 'start') return start(conn, message);
    if (deps.subscriptions.remove(conn.key, message.id)) {
      return send(conn, serverMessage.complete(message.id));
    }
    const text = `there is no subscription with id ${message.id} on this connection`;
    sendError(conn, message.id, [requestError('BadRequestException', text)]);
  };

  /** Whether a connection of this token may open: its user's count and the token's allowance. */
  const refusalOf = (auth: ConnectAuth): Refusal | null => {
    if (!auth.ok) {
      return { error: unauthorized(auth.message), code: 4401, reason: 'Unauthorized' };
    }
    const rateLimited = (message: string): Refusal => ({
      error: { ...requestError('RateLimited', message), errorCode: 429 },
      code: 4429,
      reason: 'RateLimited',
    });
    if ((held.get(auth.claims.sub) ?? 0) >= CONNECTIONS_PER_USER) {
      return rateLimited(
        `this user already holds ${CONNECTIONS_PER_USER} open real-time connections, as many as one may; close one first`,
      );
    }
    const decision = deps.limiter.take(auth.token);
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return rateLimited(`too many requests; try again in ${seconds} s`);
    }
    return null;
  };

  const open = (ws: WebSocket, auth: ConnectAuth, req: IncomingMessage) => {
    const refusal = refusalOf(auth);
    const user = refusal === null && auth.ok ? auth.claims.sub : null;
    if (user !== null) held.set(user, (held.get(user) ?? 0) + 1);
    const conn: Connection = {
      key: randomUUID(),
      ws,
      user,
      refusal,
      sourceIp: req.socket.remoteAddress,
      initialized: false,
      timers: [],
      queue: Promise.resolve(),
    };
    connections.add(conn);
    conn.timers.push(
      setTimeout(() => {
        if (!conn.initialized) ws.close(4408, 'connection_init was not received in time');
      }, deps.initTimeoutMs),
    );
    // One message at a time per connection, so a stop never overtakes its start.
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? '' : textOf(data);
      conn.queue = conn.queue
        .then(() => onMessage(conn, text))
        .catch((error: unknown) => deps.log('a real-time message failed', error));
    });
    ws.on('error', (error) => deps.log('a real-time connection failed', error));
    ws.on('close', () => {
      conn.timers.forEach(clearTimeout);
      deps.subscriptions.removeConnection(conn.key);
      connections.delete(conn);
      if (conn.user !== null) {
        const left = (held.get(conn.user) ?? 1) - 1;
        if (left > 0) held.set(conn.user, left);
        else held.delete(conn.user);
      }
    });
  };

  /** Answers an HTTP upgrade on the real-time path; refuses other paths. */
  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (error) => deps.log('a real-time upgrade failed', error));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (closing || url.pathname !== REALTIME_PATH) {
      const status = closing ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    const token = connectToken(offered, url.searchParams);
    verify(token)
      .then((auth) => {
        if (closing || socket.destroyed) return void socket.destroy();
        wss.handleUpgrade(req, socket, head, (ws) => open(ws, auth, req));
      })
      .catch((error: unknown) => {
        deps.log('a real-time upgrade failed', error);
        socket.destroy();
      });
  };

  /** Completes every subscription, closes every socket, and waits (at most `graceMs`). */
  const close = async (graceMs: number): Promise<void> => {
    closing = true;
    const closed = [...connections].map(
      (conn) =>
        new Promise<void>((resolve) => {
          if (conn.ws.readyState === WebSocket.CLOSED) return resolve();
          conn.ws.once('close', () => resolve());
          for (const id of deps.subscriptions.removeConnection(conn.key)) {
            send(conn, serverMessage.complete(id));
          }
          conn.ws.close(1001, 'the server is shutting down');
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closed),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    for (const conn of connections) conn.ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };

  return { upgrade, close };
};
