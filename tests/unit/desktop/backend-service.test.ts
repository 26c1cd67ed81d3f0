import { describe, expect, it } from 'vitest';
import type { ProcessMessage } from '../../../desktop/main/backend/protocol';
import type { BackendServiceDeps, RunningBackend } from '../../../desktop/main/backend/service';
import { createBackendService } from '../../../desktop/main/backend/service';

const harness = (overrides: Partial<BackendServiceDeps> = {}) => {
  const sent: ProcessMessage[] = [];
  const events: string[] = [];
  const exits: number[] = [];
  let starts = 0;
  const running = (port: number): RunningBackend => ({
    endpoint: `http://127.0.0.1:${port}/graphql`,
    realtimeEndpoint: `ws://127.0.0.1:${port}/graphql/realtime`,
    token: `owner-${port}`,
    issueToken: (user) => Promise.resolve(`fresh-for-${user.username}-${user.groups.join(',')}`),
    close: () => {
      events.push(`close ${port}`);
      return Promise.resolve();
    },
  });
  const deps: BackendServiceDeps = {
    start: ({ dataDir, port }) => {
      starts += 1;
      events.push(`start ${dataDir} ${port}`);
      return Promise.resolve(running(port === 0 ? 4000 + starts : port));
    },
    dump: (dataDir, path) => {
      events.push(`dump ${dataDir} -> ${path}`);
      return Promise.resolve();
    },
    load: (dataDir, from) => {
      events.push(`load ${from} -> ${dataDir}`);
      return Promise.resolve();
    },
    send: (message) => sent.push(message),
    exit: (code) => exits.push(code),
    log: () => undefined,
    tenantId: 'local',
    owner: { sub: 'local-owner', username: 'ann' },
    ...overrides,
  };
  return { service: createBackendService(deps), sent, events, exits };
};

const start = { type: 'start', dataDir: '/d', port: 0, restoreFrom: null } as const;

describe('the backend process’s service', () => {
  it('starts the backend and reports where it listens, with the tenant and an owner token', async () => {
    const h = harness();
    await h.service.receive(start);
    expect(h.sent).toEqual([
      {
        type: 'ready',
        endpoint: 'http://127.0.0.1:4001/graphql',
        realtimeEndpoint: 'ws://127.0.0.1:4001/graphql/realtime',
        tenantId: 'local',
        token: 'owner-4001',
      },
    ]);
  });

  it('loads the backup into the folder before starting when restoring', async () => {
    const h = harness();
    await h.service.receive({ ...start, restoreFrom: '/b.tar.gz' });
    expect(h.events).toEqual(['load /b.tar.gz -> /d', 'start /d 0']);
  });

  it('answers token requests with an admin token for the owner', async () => {
    const h = harness();
    await h.service.receive(start);
    await h.service.receive({ type: 'token', id: 3 });
    expect(h.sent.at(-1)).toEqual({ type: 'reply', id: 3, ok: true, value: 'fresh-for-ann-admin' });
  });

  it('dumps a closed database and reopens it on the same port', async () => {
    const h = harness();
    await h.service.receive(start);
    await h.service.receive({ type: 'dump', id: 1, path: '/backup.tar.gz' });
    expect(h.events).toEqual([
      'start /d 0',
      'close 4001',
      'dump /d -> /backup.tar.gz',
      'start /d 4001',
    ]);
    expect(h.sent.slice(-2)).toEqual([
      expect.objectContaining({ type: 'ready', endpoint: 'http://127.0.0.1:4001/graphql' }),
      { type: 'reply', id: 1, ok: true, value: '/backup.tar.gz' },
    ]);
  });

  it('reopens the database and reports the error when a dump fails', async () => {
    const h = harness({ dump: () => Promise.reject(new Error('disk full')) });
    await h.service.receive(start);
    await h.service.receive({ type: 'dump', id: 2, path: '/x.tar.gz' });
    expect(h.sent.at(-1)).toEqual({ type: 'reply', id: 2, ok: false, message: 'disk full' });
    expect(h.sent.filter((m) => m.type === 'ready')).toHaveLength(2);
  });

  it('handles messages in order: a stop waits for the dump before it', async () => {
    const h = harness();
    await h.service.receive(start);
    void h.service.receive({ type: 'dump', id: 1, path: '/b.tar.gz' });
    await h.service.receive({ type: 'stop' });
    expect(h.events.slice(-2)).toEqual(['start /d 4001', 'close 4001']);
    expect(h.sent.at(-1)).toEqual({ type: 'stopped' });
    expect(h.exits).toEqual([0]);
  });

  it('reports a start that fails and exits with an error', async () => {
    const h = harness({ start: () => Promise.reject(new Error('the folder is read-only')) });
    await h.service.receive(start);
    expect(h.sent).toEqual([{ type: 'failed', message: 'the folder is read-only' }]);
    expect(h.exits).toEqual([1]);
  });

  it('drops messages that are not part of the protocol', async () => {
    const h = harness();
    await h.service.receive({ type: 'start', dataDir: '', port: -1, restoreFrom: null });
    await h.service.receive({ type: 'shell', command: 'rm -rf /' });
    await h.service.receive({ type: 'token', id: 1 });
    expect(h.events).toEqual([]);
    expect(h.sent).toEqual([{ type: 'reply', id: 1, ok: false, message: 'not running' }]);
  });
});
