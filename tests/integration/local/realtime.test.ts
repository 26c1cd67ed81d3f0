import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBackend } from '../../../cloud/local/backend';
import { LOCAL_TENANT, schemaPath, startLocalBackend } from '../../../cloud/local/backend';
import type { LocalServer } from '../../../cloud/local/contracts';
import { CONNECTIONS_PER_USER, SUBSCRIPTIONS_PER_CONNECTION } from '../../../cloud/local/realtime';
import { startLocalServer } from '../../../cloud/local/server';
import { openTokenIssuer } from '../../../cloud/local/tokens';
import type { ServerMessage } from './support';
import { RealtimeClient, levelsOf, onStockChanged, receive, stockUp, tempDir } from './support';

const dir = tempDir('realtime');
const strangerDir = tempDir('realtime-stranger');
let backend: LocalBackend;
let forged: string;
let healthy: RealtimeClient;
let stock: { productId: string; warehouseId: string };
let onHand = 5;
const clients: RealtimeClient[] = [];

const client = async (token = backend.token) => {
  const c = await RealtimeClient.ready(backend.realtimeEndpoint, token);
  clients.push(c);
  return c;
};

const isErrorFor = (id: string | undefined) => (m: ServerMessage) =>
  m.type === 'error' && m.id === id;

const dataWith = (id: string, level: number) => (m: ServerMessage) =>
  m.type === 'data' &&
  m.id === id &&
  levelsOf(m).some((l) => l.productId === stock.productId && l.onHand === level);

/** Moves stock and checks that the healthy subscriber, on its own connection, still hears of it. */
const healthyStillServed = async () => {
  onHand += 1;
  await receive(backend.endpoint, backend.token, stock.productId, stock.warehouseId, 1);
  await healthy.next(dataWith('healthy', onHand));
};

const change = (tenantId: string, eventId = randomUUID()) => ({
  tenantId,
  eventId,
  command: 'receiveStock',
  occurredAt: '2026-11-21T08:00:00.000Z',
  levels: [
    {
      productId: randomUUID(),
      warehouseId: randomUUID(),
      onHand: 3,
      reserved: 1,
      available: 2,
      updatedAt: '2026-11-21T08:00:00.000Z',
    },
  ],
});

beforeAll(async () => {
  backend = await startLocalBackend({ dataDir: dir.path, log: () => undefined });
  const stranger = await openTokenIssuer(strangerDir.path);
  forged = await stranger.issue(
    { sub: 'local-owner', username: 'owner', tenantId: LOCAL_TENANT, groups: ['admin'] },
    3600,
  );
  stock = await stockUp(backend.endpoint, backend.token, onHand);
  healthy = await client();
  await healthy.subscribe('healthy', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await backend?.close();
  dir.remove();
  strangerDir.remove();
});

describe('the real-time endpoint of the local backend', () => {
  it('acknowledges connection_init with a connection timeout, then sends a keep-alive', async () => {
    const c = await RealtimeClient.connect(backend.realtimeEndpoint, {
      via: 'subprotocol',
      token: backend.token,
    });
    clients.push(c);
    expect(c.ws.protocol).toBe('graphql-ws');
    c.send({ type: 'connection_init' });
    const ack = await c.next((m) => m.type === 'connection_ack');
    expect(ack.payload?.connectionTimeoutMs).toBe(300_000);
    await c.next((m) => m.type === 'ka');
  });

  it('acknowledges a start and delivers the stock change of a later mutation', async () => {
    const c = await client();
    await c.subscribe('s1', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    await healthyStillServed();
    const data = await c.next(dataWith('s1', onHand));
    const payload = data.payload?.data?.['onStockChanged'] as Record<string, unknown>;
    expect(payload).toMatchObject({ tenantId: LOCAL_TENANT, command: 'receiveStock' });
    expect(levelsOf(data)[0]).toMatchObject({
      productId: stock.productId,
      warehouseId: stock.warehouseId,
      onHand,
      available: onHand,
    });
  });

  it('accepts the older ?header=…&payload=e30= form of the connection header', async () => {
    const c = await RealtimeClient.connect(backend.realtimeEndpoint, {
      via: 'query',
      token: backend.token,
    });
    clients.push(c);
    c.send({ type: 'connection_init' });
    await c.next((m) => m.type === 'connection_ack');
    await c.subscribe('q1', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    await healthyStillServed();
    await c.next(dataWith('q1', onHand));
  });

  it('answers a token from another issuer with connection_error and closes that socket', async () => {
    const c = await RealtimeClient.connect(backend.realtimeEndpoint, {
      via: 'subprotocol',
      token: forged,
    });
    clients.push(c);
    c.send({ type: 'connection_init' });
    const error = await c.next((m) => m.type === 'connection_error');
    expect(error.payload?.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      errorCode: 401,
    });
    expect(error.payload?.errors?.[0]?.message).toMatch(/not issued by this Stock-Mate backend/);
    expect((await c.closed).code).toBe(4401);
    await healthyStillServed();
  });

  it('answers an unreadable auth header with connection_error', async () => {
    const c = await RealtimeClient.connect(backend.realtimeEndpoint, {
      via: 'raw-subprotocol',
      value: 'header-bm90LWpzb24',
    });
    clients.push(c);
    c.send({ type: 'connection_init' });
    const error = await c.next((m) => m.type === 'connection_error');
    expect(error.payload?.errors?.[0]?.errorType).toBe('UnauthorizedException');
    await c.closed;
    await healthyStillServed();
  });

  it('answers an unknown message type with an error and keeps the connection', async () => {
    const c = await client();
    c.send({ type: 'subscribe', id: 'u1' });
    const error = await c.next(isErrorFor('u1'));
    expect(error.payload?.errors?.[0]?.errorType).toBe('UnsupportedOperation');
    await c.subscribe('u2', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    await healthyStillServed();
    await c.next(dataWith('u2', onHand));
  });

  it('answers malformed JSON with an error and keeps the connection', async () => {
    const c = await client();
    c.send('{"type": "start", ');
    const error = await c.next(isErrorFor(undefined));
    expect(error.payload?.errors?.[0]).toMatchObject({ errorType: 'BadRequestException' });
    await c.subscribe('m1', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    await healthyStillServed();
  });

  it('refuses a subscription to another tenant with Unauthorized for that id', async () => {
    const c = await client();
    c.start('theirs', backend.token, onStockChanged, { tenantId: 'acme' });
    const error = await c.next(isErrorFor('theirs'));
    expect(error.payload?.errors?.[0]?.errorType).toBe('Unauthorized');
    await backend.server.publish('publishStockChanged', change('acme'));
    expect(await c.receives((m) => m.type === 'data', 300)).toBe(false);
    await healthyStillServed();
  });

  it('refuses a start whose own authorization is forged, even on an accepted connection', async () => {
    const c = await client();
    c.start('f1', forged, onStockChanged, { tenantId: LOCAL_TENANT });
    const error = await c.next(isErrorFor('f1'));
    expect(error.payload?.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException' });
    await healthyStillServed();
    expect(await c.receives((m) => m.id === 'f1' && m.type === 'data', 300)).toBe(false);
  });

  it('answers a stop for an unknown id with an error for that id', async () => {
    const c = await client();
    c.send({ type: 'stop', id: 'never-started' });
    const error = await c.next(isErrorFor('never-started'));
    expect(error.payload?.errors?.[0]?.message).toMatch(/no subscription with id never-started/);
    await healthyStillServed();
  });

  it('answers stop with complete and delivers nothing more for that id', async () => {
    const c = await client();
    await c.subscribe('st', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    c.send({ type: 'stop', id: 'st' });
    await c.next((m) => m.type === 'complete' && m.id === 'st');
    await healthyStillServed();
    expect(await c.receives((m) => m.type === 'data', 300)).toBe(false);
  });

  it('refuses a start before connection_init, queries, unknown fields and duplicate ids', async () => {
    const early = await RealtimeClient.connect(backend.realtimeEndpoint, {
      via: 'subprotocol',
      token: backend.token,
    });
    clients.push(early);
    early.start('e1', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    expect((await early.next(isErrorFor('e1'))).payload?.errors?.[0]?.message).toMatch(
      /connection_init first/,
    );

    const c = await client();
    c.start('q', backend.token, '{ me { userId } }');
    expect((await c.next(isErrorFor('q'))).payload?.errors?.[0]?.errorType).toBe(
      'UnsupportedOperation',
    );
    c.start('v', backend.token, 'subscription { onNothing }');
    expect((await c.next(isErrorFor('v'))).payload?.errors?.[0]?.errorType).toBe('ValidationError');
    await c.subscribe('d', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    c.start('d', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    expect((await c.next(isErrorFor('d'))).payload?.errors?.[0]?.errorType).toBe(
      'DuplicatedOperationError',
    );
    await healthyStillServed();
  });

  it('refuses a start over the subscriptions one connection may run, until one stops', async () => {
    const c = await client();
    for (let i = 0; i < SUBSCRIPTIONS_PER_CONNECTION; i++)
      c.start(`many-${i}`, backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    for (let i = 0; i < SUBSCRIPTIONS_PER_CONNECTION; i++)
      await c.next((m) => m.type === 'start_ack' && m.id === `many-${i}`);
    c.start('one-more', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    expect((await c.next(isErrorFor('one-more'))).payload?.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: expect.stringMatching(/already runs 100 subscriptions/) as string,
    });
    c.send({ type: 'stop', id: 'many-0' });
    await c.next((m) => m.type === 'complete' && m.id === 'many-0');
    await c.subscribe('one-more', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    const other = await client();
    await other.subscribe('elsewhere', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
    await healthyStillServed();
  });

  it('delivers only what matches the arguments, shaped by each subscriber’s selection', async () => {
    const slim = await client();
    await slim.subscribe(
      'slim',
      backend.token,
      'subscription { onStockChanged(tenantId: "local") { eventId } }',
    );
    const theirs = change('acme');
    const ours = change(LOCAL_TENANT);
    await backend.server.publish('publishStockChanged', theirs);
    await backend.server.publish('publishStockChanged', ours);
    const first = await slim.next((m) => m.type === 'data' && m.id === 'slim');
    expect(first.payload?.data).toEqual({ onStockChanged: { eventId: ours.eventId } });
    const full = await healthy.next(
      (m) => m.id === 'healthy' && levelsOf(m)[0]?.productId === ours.levels[0]?.productId,
    );
    expect(levelsOf(full)[0]).toMatchObject({ onHand: 3, available: 2 });
    expect(await slim.receives((m) => m.type === 'data', 300)).toBe(false);
  });

  it('gives subscribers of one operation the same payload, unless their variables differ', async () => {
    const operation = `subscription ($t: ID!, $withLevels: Boolean!) {
      onStockChanged(tenantId: $t) { eventId levels @include(if: $withLevels) { onHand } }
    }`;
    const [first, second, other] = await Promise.all([client(), client(), client()]);
    await first.subscribe('v1', backend.token, operation, { t: LOCAL_TENANT, withLevels: true });
    await second.subscribe('v2', backend.token, operation, { t: LOCAL_TENANT, withLevels: true });
    await other.subscribe('v3', backend.token, operation, { t: LOCAL_TENANT, withLevels: false });
    const ours = change(LOCAL_TENANT);
    await backend.server.publish('publishStockChanged', ours);

    const received = (c: RealtimeClient, id: string) =>
      c.next((m) => m.type === 'data' && m.id === id).then((m) => m.payload?.data);
    const withLevels = { onStockChanged: { eventId: ours.eventId, levels: [{ onHand: 3 }] } };
    expect(await received(first, 'v1')).toEqual(withLevels);
    expect(await received(second, 'v2')).toEqual(withLevels);
    expect(await received(other, 'v3')).toEqual({ onStockChanged: { eventId: ours.eventId } });
  });
});

describe('the real-time endpoint with short timings', () => {
  const keyDir = tempDir('realtime-timings');
  let server: LocalServer;
  let token: string;

  beforeAll(async () => {
    const tokens = await openTokenIssuer(keyDir.path);
    token = await tokens.issue(
      { sub: 'u1', username: 'ann', tenantId: LOCAL_TENANT, groups: ['viewer'] },
      600,
    );
    server = await startLocalServer({
      schema: readFileSync(schemaPath, 'utf8'),
      resolve: (event) => Promise.resolve({ data: event.arguments?.['input'] ?? null }),
      tokens,
      keepAliveMs: 50,
      connectionInitTimeoutMs: 200,
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await server.close();
    keyDir.remove();
  });

  it('sends ka periodically once the connection is initialised', async () => {
    const c = await RealtimeClient.ready(server.realtimeEndpoint, token);
    for (let i = 0; i < 3; i++) await c.next((m) => m.type === 'ka', 1_000);
    c.close();
  });

  it('closes a socket that sends no connection_init in time', async () => {
    const c = await RealtimeClient.connect(server.realtimeEndpoint, { via: 'subprotocol', token });
    const { code } = await c.closed;
    expect(code).toBe(4408);
  });

  it('completes subscriptions and closes sockets when the server closes', async () => {
    const c = await RealtimeClient.ready(server.realtimeEndpoint, token);
    await c.subscribe('last', token, onStockChanged, { tenantId: LOCAL_TENANT });
    await server.publish('publishStockChanged', change(LOCAL_TENANT));
    await c.next((m) => m.type === 'data' && m.id === 'last');
    await server.close();
    await c.next((m) => m.type === 'complete' && m.id === 'last');
    expect((await c.closed).code).toBe(1001);
  });
});

describe('the real-time endpoint’s limits on connections', () => {
  const keyDir = tempDir('realtime-limits');
  const servers: LocalServer[] = [];
  const opened: RealtimeClient[] = [];
  let tokens: Awaited<ReturnType<typeof openTokenIssuer>>;

  const serverAllowing = async (requestsPerMinute: number) => {
    const server = await startLocalServer({
      schema: readFileSync(schemaPath, 'utf8'),
      resolve: (event) => Promise.resolve({ data: event.arguments?.['input'] ?? null }),
      tokens,
      requestsPerMinute,
      log: () => undefined,
    });
    servers.push(server);
    return server;
  };
  const tokenOf = (sub: string) =>
    tokens.issue({ sub, username: sub, tenantId: LOCAL_TENANT, groups: ['viewer'] }, 600);
  const ready = async (server: LocalServer, token: string) => {
    const c = await RealtimeClient.ready(server.realtimeEndpoint, token);
    opened.push(c);
    return c;
  };
  /** A connection the server refuses: what it says at connection_init, and how it closes. */
  const refused = async (server: LocalServer, token: string) => {
    const c = await RealtimeClient.connect(server.realtimeEndpoint, { via: 'subprotocol', token });
    c.send({ type: 'connection_init' });
    const error = await c.next((m) => m.type === 'connection_error');
    return { error: error.payload?.errors?.[0], closed: await c.closed };
  };

  beforeAll(async () => {
    tokens = await openTokenIssuer(keyDir.path);
  });

  afterAll(async () => {
    for (const c of opened) c.close();
    for (const server of servers) await server.close();
    keyDir.remove();
  });

  it(`refuses a user's connection over the ${CONNECTIONS_PER_USER} one may hold open, whatever the token, until one closes`, async () => {
    const server = await serverAllowing(10_000);
    const token = await tokenOf('holder');
    const held = [];
    for (let i = 0; i < CONNECTIONS_PER_USER; i++) held.push(await ready(server, token));

    const over = await refused(server, await tokenOf('holder'));
    expect(over.error).toMatchObject({ errorType: 'RateLimited', errorCode: 429 });
    expect(over.error?.message).toMatch(/already holds 200 open real-time connections/);
    expect(over.closed.code).toBe(4429);
    const other = await ready(server, await tokenOf('someone-else'));
    await other.subscribe('o1', token, onStockChanged, { tenantId: LOCAL_TENANT });

    held[0]!.close();
    await held[0]!.closed;
    const again = await ready(server, token);
    await again.subscribe('a1', token, onStockChanged, { tenantId: LOCAL_TENANT });
    await server.publish('publishStockChanged', change(LOCAL_TENANT));
    await again.next((m) => m.type === 'data' && m.id === 'a1');
  });

  it('takes a request from the token’s allowance for each connection, and refuses one over it', async () => {
    const server = await serverAllowing(3);
    const token = await tokenOf('busy');
    for (let i = 0; i < 3; i++) await ready(server, token);

    const over = await refused(server, token);
    expect(over.error).toMatchObject({ errorType: 'RateLimited', errorCode: 429 });
    expect(over.error?.message).toMatch(/too many requests; try again in \d+ s/);
    expect(over.closed.code).toBe(4429);
    await ready(server, await tokenOf('calm'));
  });
});
