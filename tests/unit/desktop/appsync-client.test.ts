import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SocketLike } from '../../../desktop/main/realtime/appsync-client';
import { subscribe } from '../../../desktop/main/realtime/appsync-client';
import { appSyncRealtimeUrl, realtimeUrlOf } from '../../../desktop/main/realtime/urls';

class FakeSocket implements SocketLike {
  readonly sent: Record<string, unknown>[] = [];
  closed = false;
  private readonly handlers = new Map<string, (value?: unknown) => void>();
  constructor(
    readonly url: string,
    readonly protocols: readonly string[],
  ) {}
  on(event: string, listener: (...args: never[]) => void): this {
    this.handlers.set(event, listener as (value?: unknown) => void);
    return this;
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(): void {
    this.closed = true;
  }
  emit(event: string, value?: unknown): void {
    this.handlers.get(event)?.(value);
  }
  server(message: object): void {
    this.emit('message', Buffer.from(JSON.stringify(message)));
  }
}

describe('the AppSync real-time client', () => {
  let sockets: FakeSocket[];
  let data: unknown[];
  let tokens: number;
  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    data = [];
    tokens = 0;
  });
  afterEach(() => vi.useRealTimers());

  const open = () =>
    subscribe({
      url: 'ws://127.0.0.1:4000/graphql/realtime',
      apiHost: '127.0.0.1:4000',
      query:
        'subscription S($tenantId: ID!) { onNotification(tenantId: $tenantId) { notificationId } }',
      variables: { tenantId: 'local' },
      token: () => Promise.resolve(`token-${++tokens}`),
      createSocket: (url, protocols) => {
        const socket = new FakeSocket(url, protocols);
        sockets.push(socket);
        return socket;
      },
      onData: (value) => data.push(value),
      retryDelaysMs: [1_000, 5_000],
    });

  const handshake = async (socket: FakeSocket, timeoutMs = 300_000) => {
    socket.emit('open');
    socket.server({ type: 'connection_ack', payload: { connectionTimeoutMs: timeoutMs } });
    await Promise.resolve();
  };

  it('authorises with the header subprotocol, then starts the subscription with its own authorization', async () => {
    open();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    expect(socket.protocols[0]).toBe('graphql-ws');
    const header = JSON.parse(
      Buffer.from(socket.protocols[1]!.slice('header-'.length), 'base64url').toString(),
    ) as unknown;
    expect(header).toEqual({ host: '127.0.0.1:4000', Authorization: 'token-1' });
    await handshake(socket);
    expect(socket.sent[0]).toEqual({ type: 'connection_init' });
    const startMessage = socket.sent[1] as {
      id: string;
      type: string;
      payload: { data: string; extensions: unknown };
    };
    expect(startMessage.type).toBe('start');
    expect(JSON.parse(startMessage.payload.data)).toMatchObject({
      variables: { tenantId: 'local' },
    });
    expect(startMessage.payload.extensions).toEqual({
      authorization: { Authorization: 'token-1', host: '127.0.0.1:4000' },
    });
    socket.server({ type: 'start_ack', id: startMessage.id });
    socket.server({
      type: 'data',
      id: startMessage.id,
      payload: { data: { onNotification: { notificationId: 'n1' } } },
    });
    socket.server({ type: 'data', id: 'someone-else', payload: { data: {} } });
    expect(data).toEqual([{ onNotification: { notificationId: 'n1' } }]);
  });

  it('reconnects with a fresh token when the connection closes, waiting longer each time', async () => {
    open();
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.emit('close');
    await vi.advanceTimersByTimeAsync(999);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect(sockets[1]!.protocols[1]).not.toBe(sockets[0]!.protocols[1]);
    sockets[1]!.emit('error', new Error('ECONNREFUSED'));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
  });

  it('treats a missing keep-alive as a dropped connection', async () => {
    open();
    await vi.advanceTimersByTimeAsync(0);
    await handshake(sockets[0]!, 10_000);
    await vi.advanceTimersByTimeAsync(9_000);
    sockets[0]!.server({ type: 'ka' });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(sockets[0]!.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sockets).toHaveLength(2);
  });

  it('stops for good when closed', async () => {
    const subscription = open();
    await vi.advanceTimersByTimeAsync(0);
    subscription.close();
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.emit('close');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('real-time URLs', () => {
  it('follow Amplify: AppSync domains switch host, other endpoints append /realtime', () => {
    expect(appSyncRealtimeUrl('https://abc.appsync-api.us-east-1.amazonaws.com/graphql')).toBe(
      'wss://abc.appsync-realtime-api.us-east-1.amazonaws.com/graphql',
    );
    expect(appSyncRealtimeUrl('https://api.example.com/graphql')).toBe(
      'wss://api.example.com/graphql/realtime',
    );
    expect(
      realtimeUrlOf({
        mode: 'local',
        endpoint: 'http://127.0.0.1:1/graphql',
        realtimeEndpoint: 'ws://127.0.0.1:1/graphql/realtime',
        tenantId: 'local',
      }),
    ).toBe('ws://127.0.0.1:1/graphql/realtime');
  });
});
