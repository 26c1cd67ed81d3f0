import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolverEvent, ResolverResult } from '../../../cloud/api/handler';
import { RESOLVERS_PER_REQUEST } from '../../../cloud/api/handler';
import type { LocalBackend } from '../../../cloud/local/backend';
import { LOCAL_TENANT, schemaPath, startLocalBackend } from '../../../cloud/local/backend';
import type { LocalServer, TokenIssuer } from '../../../cloud/local/contracts';
import { MAX_NESTING } from '../../../cloud/local/graphql-exec';
import { startLocalServer } from '../../../cloud/local/server';
import { openTokenIssuer } from '../../../cloud/local/tokens';
import { RealtimeClient, gql, onStockChanged, post, stockUp, tempDir } from './support';

const schema = readFileSync(schemaPath, 'utf8');

describe('POST /graphql on the local backend', () => {
  const dir = tempDir('http');
  const strangerDir = tempDir('http-stranger');
  let backend: LocalBackend;

  beforeAll(async () => {
    backend = await startLocalBackend({ dataDir: dir.path, log: () => undefined });
  });
  afterAll(async () => {
    await backend?.close();
    dir.remove();
    strangerDir.remove();
  });

  const call = (body: unknown, token: string | null = backend.token) =>
    post(backend.endpoint, token, body);

  it('answers queries and a mutation made with the owner token', async () => {
    const me = await gql(backend.endpoint, backend.token, '{ me { userId tenantId role } }');
    expect(me).toEqual({ me: { userId: 'local-owner', tenantId: LOCAL_TENANT, role: 'ADMIN' } });
    const created = await gql(
      backend.endpoint,
      backend.token,
      `mutation Create($input: CreateWarehouseInput!) {
        createWarehouse(input: $input) { replayed warehouses { warehouseId code name } }
      }`,
      { input: { idempotencyKey: 'http-create-1', code: 'HTTP', name: 'Over HTTP' } },
    );
    expect(created).toMatchObject({
      createWarehouse: { replayed: false, warehouses: [{ code: 'HTTP', name: 'Over HTTP' }] },
    });
    const listed = await gql(backend.endpoint, backend.token, '{ warehouses { code } }');
    expect(listed['warehouses']).toContainEqual({ code: 'HTTP' });
  });

  it('accepts the token as `Bearer <token>` as well as bare', async () => {
    const { status, body } = await post(backend.endpoint, `Bearer ${backend.token}`, {
      query: '{ me { userId } }',
    });
    expect(status).toBe(200);
    expect(body.data).toEqual({ me: { userId: 'local-owner' } });
  });

  it('refuses a request without a token with 401 in AppSync’s shape', async () => {
    const { status, body } = await call({ query: '{ me { userId } }' }, null);
    expect(status).toBe(401);
    expect(body.errors).toEqual([
      { errorType: 'UnauthorizedException', message: expect.stringMatching(/sign in/) as string },
    ]);
  });

  it('refuses a token signed with another key with 401', async () => {
    const stranger = await openTokenIssuer(strangerDir.path);
    const forged = await stranger.issue(
      { sub: 'local-owner', username: 'owner', tenantId: LOCAL_TENANT, groups: ['admin'] },
      600,
    );
    const { status, body } = await call({ query: '{ me { userId } }' }, forged);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.errorType).toBe('UnauthorizedException');
  });

  it('refuses an expired token with 401 and says to sign in again', async () => {
    const earlier = await openTokenIssuer(dir.path, {
      now: () => new Date(Date.now() - 3 * 3600_000),
    });
    const expired = await earlier.issue(
      { sub: 'local-owner', username: 'owner', tenantId: LOCAL_TENANT, groups: ['admin'] },
      3600,
    );
    const { status, body } = await call({ query: '{ me { userId } }' }, expired);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toBe('the token has expired; sign in again');
  });

  it('answers malformed GraphQL with InvalidSyntax and a location, and keeps serving', async () => {
    const { status, body } = await call({ query: '{ me { userId ' });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      errorType: 'InvalidSyntax',
      locations: [{ line: 1, column: 15 }],
    });
    expect((await call({ query: '{ me { userId } }' })).status).toBe(200);
  });

  it('answers a document nested deeper than it serves with a ValidationError, and keeps serving', async () => {
    const deepValue = await call({
      query: `{ products(filter: ${'['.repeat(5000)}${']'.repeat(5000)}) { total } }`,
    });
    const deepSelection = await call({
      query: `{ me ${'{ userId '.repeat(5000)}${'}'.repeat(5000)} }`,
    });
    for (const { status, body } of [deepValue, deepSelection]) {
      expect(status).toBe(400);
      expect(body.errors).toEqual([
        expect.objectContaining({
          errorType: 'ValidationError',
          message: expect.stringMatching(
            new RegExp(`^the document nests \\d+ levels deep; at most ${MAX_NESTING} are served$`),
          ) as string,
        }),
      ]);
    }
    const brackets = '['.repeat(MAX_NESTING + 1);
    const quoted = await call({
      query: `# ${brackets}\n{ products(filter: { search: "\\"${brackets}" }) { total } } # ${brackets}`,
    });
    expect(quoted.status).toBe(200);
    expect(quoted.body.data).toEqual({ products: { total: 0 } });
    const blockQuoted = await call({
      query: `{ products(filter: { search: """\\""" ${brackets}""" }) { total } }`,
    });
    expect(blockQuoted.status).toBe(200);
    expect((await call({ query: '{ me { userId } }' })).status).toBe(200);
  });

  it('answers an unknown field with a ValidationError that says where it is', async () => {
    const { status, body } = await call({ query: '{\n  me { userId }\n  stockValue\n}' });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: expect.stringMatching(/stockValue/) as string,
      locations: [{ line: 3, column: 3 }],
      path: null,
    });
  });

  it('answers arguments of the wrong type, inline or in variables, with ValidationError', async () => {
    const inline = await call({ query: '{ products(limit: "ten") { total } }' });
    expect(inline.status).toBe(400);
    expect(inline.body.errors?.[0]?.errorType).toBe('ValidationError');
    const variable = await call({
      query: 'query Q($limit: Int) { products(limit: $limit) { total } }',
      variables: { limit: 'ten' },
    });
    expect(variable.status).toBe(400);
    expect(variable.body.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: expect.stringMatching(/\$limit/) as string,
    });
  });

  it('validates AppSync scalars in arguments the way AppSync does', async () => {
    const { status, body } = await call({
      query: `query { movements(filter: { from: "2026-13-40" }) { items { seq } } }`,
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/AWSDateTime/);
  });

  it('answers a body that is not JSON, and an unknown operation name, with errors', async () => {
    const notJson = await call('{ "query": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors?.[0]?.errorType).toBe('BadRequestException');
    const unknown = await call({ query: 'query A { me { userId } }', operationName: 'B' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]).toMatchObject({
      errorType: 'ValidationError',
      message: expect.stringMatching(/no operation named B/) as string,
      path: null,
      locations: null,
    });
    const several = await call({ query: 'query A { me { userId } } query B { lowStock { sku } }' });
    expect(several.body.errors?.[0]?.message).toMatch(/operationName/);
  });

  it('refuses subscriptions over HTTP', async () => {
    const { status, body } = await call({
      query: onStockChanged,
      variables: { tenantId: 'local' },
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ errorType: 'UnsupportedOperation' });
  });

  it('refuses a body over the size limit with 413', async () => {
    const { status, body } = await call({
      query: '{ me { userId } }',
      variables: { padding: 'x'.repeat(1024 * 1024) },
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.errorType).toBe('PayloadTooLargeException');
    expect((await call({ query: '{ me { userId } }' })).status).toBe(200);
  });

  it('refuses a request that selects more root fields than one request may run, running none of them', async () => {
    const creates = Array.from(
      { length: RESOLVERS_PER_REQUEST + 1 },
      (_, i) =>
        `w${i}: createWarehouse(input: { idempotencyKey: "many-roots-${i}", code: "MANY${i}", name: "Many" }) { replayed }`,
    );
    const { status, body } = await call({ query: `mutation { ${creates.join('\n')} }` });
    expect(status).toBe(400);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        errorType: 'ValidationError',
        message: `the operation selects ${RESOLVERS_PER_REQUEST + 1} fields at its root, each run by a resolver; one request may run at most ${RESOLVERS_PER_REQUEST}`,
      }),
    ]);
    const listed = await gql(backend.endpoint, backend.token, '{ warehouses { code } }');
    expect(listed['warehouses']).not.toContainEqual({ code: 'MANY0' });
  });

  it('counts root fields through fragments and aliases, and runs a request at the limit whole', async () => {
    const aliases = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `m${from + i}: me { userId }`).join(' ');
    const half = RESOLVERS_PER_REQUEST / 2;
    const fragment = `fragment Rest on Query { ${aliases(half, RESOLVERS_PER_REQUEST)} __typename }`;
    const atLimit = await call({
      query: `query { ${aliases(0, half)} ...Rest ... on Query { m0: me { userId } } } ${fragment}`,
    });
    expect(atLimit.status).toBe(200);
    expect(Object.keys(atLimit.body.data ?? {})).toHaveLength(RESOLVERS_PER_REQUEST + 1);
    expect(atLimit.body.data?.['m99']).toEqual({ userId: 'local-owner' });
    const over = await call({
      query: `query { ${aliases(0, half)} ... on Query { ${aliases(half, RESOLVERS_PER_REQUEST + 1)} } }`,
    });
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.errorType).toBe('ValidationError');
  });

  it('reports a domain rule as a typed error naming the field, with the field’s data null', async () => {
    const { productId, warehouseId } = await stockUp(backend.endpoint, backend.token, 2);
    const { status, body } = await call({
      query: `mutation Issue($input: IssueStockInput!) { issueStock(input: $input) { replayed } }`,
      variables: { input: { idempotencyKey: 'http-issue-1', productId, warehouseId, quantity: 5 } },
    });
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    const error = body.errors?.[0];
    expect(error).toMatchObject({ errorType: 'InsufficientStock', path: ['issueStock'] });
    expect(error?.errorInfo?.fields?.map((f) => f.field)).toContain('quantity');
  });

  it('refuses a mutation to a viewer with Forbidden', async () => {
    const viewer = await backend.issueToken({ sub: 'v-1', username: 'vera', groups: ['viewer'] });
    const { body } = await call(
      {
        query: `mutation { createWarehouse(input: { idempotencyKey: "http-viewer-1", code: "V", name: "V" }) { replayed } }`,
      },
      viewer,
    );
    expect(body.errors?.[0]?.errorType).toBe('Forbidden');
  });

  it('never lets a user call the backend’s publish mutations, so nothing reaches subscribers', async () => {
    const listener = await RealtimeClient.ready(backend.realtimeEndpoint, backend.token);
    try {
      await listener.subscribe('watch', backend.token, onStockChanged, { tenantId: LOCAL_TENANT });
      const { body } = await call(
        {
          query: `mutation P($input: StockChangeInput!) { publishStockChanged(input: $input) { tenantId } }`,
          variables: {
            input: {
              tenantId: LOCAL_TENANT,
              eventId: 'fake',
              command: 'receiveStock',
              occurredAt: '2026-11-21T08:00:00Z',
              levels: [],
            },
          },
        },
        backend.token,
      );
      expect(body.data).toEqual({ publishStockChanged: null });
      expect(body.errors?.[0]?.errorType).toBe('Unauthorized');
      expect(await listener.receives((m) => m.type === 'data', 300)).toBe(false);
    } finally {
      listener.close();
    }
  });

  it('answers a CORS preflight from a local page and refuses other origins', async () => {
    const ask = (origin: string) =>
      fetch(backend.endpoint, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-amz-user-agent, x-evil',
        },
      });
    const local = await ask('http://localhost:5173');
    expect(local.status).toBe(204);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(local.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = local.headers.get('access-control-allow-headers') ?? '';
    expect(allowed).toMatch(/x-amz-user-agent/);
    expect(allowed).toMatch(/authorization/);
    expect(allowed).not.toMatch(/x-evil/);
    const loopback = await ask('http://127.0.0.1:4000');
    expect(loopback.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:4000');
    const remote = await ask('https://example.com');
    expect(remote.status).toBe(403);
    expect(remote.headers.get('access-control-allow-origin')).toBeNull();
    const { headers } = await post(
      backend.endpoint,
      backend.token,
      { query: '{ me { userId } }' },
      { origin: 'http://localhost:5173' },
    );
    expect(headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });

  it('answers other paths with 404 and other methods with 405', async () => {
    expect((await fetch(backend.endpoint.replace('/graphql', '/admin'))).status).toBe(404);
    const get = await fetch(backend.endpoint);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });
});

describe('startLocalServer with a stub resolver', () => {
  const dir = tempDir('http-stub');
  let tokens: TokenIssuer;
  const user = { sub: 'u-1', username: 'ann', tenantId: 'acme', groups: ['manager'] };

  beforeAll(async () => {
    tokens = await openTokenIssuer(dir.path);
  });
  afterAll(() => dir.remove());

  const start = async (
    resolve: (event: ResolverEvent) => Promise<ResolverResult>,
    extra: { requestsPerMinute?: number } = {},
  ): Promise<LocalServer> =>
    startLocalServer({ schema, resolve, tokens, log: () => undefined, ...extra });

  it('limits each token to requestsPerMinute and answers RateLimited with 429', async () => {
    const server = await start(() => Promise.resolve({ data: { userId: 'u-1' } }), {
      requestsPerMinute: 3,
    });
    try {
      const token = await tokens.issue(user, 600);
      for (let i = 0; i < 3; i++) {
        expect((await post(server.endpoint, token, { query: '{ me { userId } }' })).status).toBe(
          200,
        );
      }
      const limited = await post(server.endpoint, token, { query: '{ me { userId } }' });
      expect(limited.status).toBe(429);
      expect(limited.body.errors?.[0]?.errorType).toBe('RateLimited');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const other = await tokens.issue({ ...user, sub: 'u-2' }, 600);
      expect((await post(server.endpoint, other, { query: '{ me { userId } }' })).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('sends resolve an AppSync event built from the verified token and coerced arguments', async () => {
    const events: ResolverEvent[] = [];
    const server = await start((event) => {
      events.push(event);
      return Promise.resolve({
        data: { items: [{ sku: 'A-1', name: 'Widget', unit: 'pcs', secret: 'x' }], total: 1 },
      });
    });
    try {
      const token = await tokens.issue(user, 600);
      const { body } = await post(
        server.endpoint,
        token,
        {
          query: `query List($limit: Int) {
            products(limit: $limit, filter: { search: "wid" }) { total items { sku ...More } }
          }
          fragment More on Product { name }`,
          variables: { limit: 5 },
        },
        { 'x-amz-user-agent': 'test', 'x-user-arn': 'arn:aws:iam::1:root' },
      );
      expect(body).toEqual({
        data: { products: { total: 1, items: [{ sku: 'A-1', name: 'Widget' }] } },
      });
      const event = events[0] as ResolverEvent & Record<string, unknown>;
      expect(event.arguments).toEqual({ limit: 5, filter: { search: 'wid' } });
      expect(event.identity).toMatchObject({
        sub: 'u-1',
        username: 'ann',
        groups: ['manager'],
        claims: { 'custom:tenant_id': 'acme', token_use: 'access' },
        sourceIp: ['127.0.0.1'],
        defaultAuthStrategy: 'ALLOW',
      });
      expect(event.identity?.userArn).toBeUndefined();
      expect(event.info).toMatchObject({
        fieldName: 'products',
        parentTypeName: 'Query',
        variables: { limit: 5 },
        selectionSetList: ['total', 'items', 'items/sku', 'items/name'],
      });
      expect(event.request?.headers?.['x-amz-user-agent']).toBe('test');
    } finally {
      await server.close();
    }
  });

  it('turns a resolver that throws into an Internal error and keeps serving', async () => {
    let calls = 0;
    const server = await start(() => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('boom'))
        : Promise.resolve({ data: { userId: 'u-1' } });
    });
    try {
      const token = await tokens.issue(user, 600);
      const first = await post(server.endpoint, token, { query: '{ me { userId } }' });
      expect(first.body.errors?.[0]).toMatchObject({ errorType: 'Internal', path: ['me'] });
      expect(first.body.errors?.[0]?.message).not.toMatch(/boom/);
      const second = await post(server.endpoint, token, { query: '{ me { userId } }' });
      expect(second.body.data).toEqual({ me: { userId: 'u-1' } });
    } finally {
      await server.close();
    }
  });

  it('finishes a request in flight when closed, while refusing new connections', async () => {
    let entered!: () => void;
    const inResolver = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await start(async () => {
      entered();
      await released;
      return { data: { userId: 'late' } };
    });
    const token = await tokens.issue(user, 600);
    const pending = post(server.endpoint, token, { query: '{ me { userId } }' });
    await inResolver;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await expect(
      fetch(server.endpoint, { method: 'POST', body: '{}', headers: { connection: 'close' } }),
    ).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ me: { userId: 'late' } });
    await closing;
    expect(closed).toBe(true);
  });
});
