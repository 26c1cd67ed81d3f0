import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_STOPPED_EXIT_CODE } from '../../../cloud/db/stopped';
import type { ChildLike, RestartPolicy } from '../../../desktop/main/backend/host';
import { createBackendHost } from '../../../desktop/main/backend/host';
import type { HostMessage } from '../../../desktop/main/backend/protocol';

/** A stand-in for Electron's UtilityProcess that the test drives by hand. */
class FakeChild implements ChildLike {
  readonly sent: HostMessage[] = [];
  killed = false;
  private readonly listeners = {
    message: [] as ((m: unknown) => void)[],
    exit: [] as ((c: number) => void)[],
  };
  postMessage(message: HostMessage): void {
    this.sent.push(message);
  }
  on(event: 'message' | 'exit', listener: (value: never) => void): this {
    (this.listeners[event] as ((value: never) => void)[]).push(listener);
    return this;
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  reply(message: unknown): void {
    for (const l of this.listeners.message) l(message);
  }
  exit(code: number): void {
    for (const l of this.listeners.exit) l(code);
  }
  ready(port: number): void {
    this.reply({
      type: 'ready',
      endpoint: `http://127.0.0.1:${port}/graphql`,
      realtimeEndpoint: `ws://127.0.0.1:${port}/graphql/realtime`,
      tenantId: 'local',
      token: `token-${port}`,
    });
  }
}

const policy: RestartPolicy = {
  delaysMs: [100, 200, 400],
  maxCrashes: 4,
  windowMs: 60_000,
  stopTimeoutMs: 5_000,
};

describe('the backend host', () => {
  let children: FakeChild[];
  let failures: string[];
  let readies: string[];
  const host = () =>
    createBackendHost({
      fork: () => {
        const child = new FakeChild();
        children.push(child);
        return child;
      },
      dataDir: '/data/stock-mate',
      policy,
      now: () => Date.now(),
      onReady: (ready) => readies.push(ready.endpoint),
      onFailed: (message) => failures.push(message),
    });

  /** A host whose first process has started and serves on port 5000. */
  const running = async () => {
    const h = host();
    const started = h.start();
    children[0]?.ready(5000);
    await started;
    return h;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    children = [];
    failures = [];
    readies = [];
  });
  afterEach(() => vi.useRealTimers());

  it('starts the process with the data folder and resolves once it is ready', async () => {
    const h = host();
    const started = h.start();
    expect(children[0]?.sent).toEqual([
      { type: 'start', dataDir: '/data/stock-mate', port: 0, restoreFrom: null },
    ]);
    children[0]?.ready(5000);
    await expect(started).resolves.toMatchObject({ endpoint: 'http://127.0.0.1:5000/graphql' });
    expect(h.state()).toBe('running');
  });

  it('restarts a crashed process after growing delays, on the same port', async () => {
    const h = await running();

    children[0]?.exit(1);
    expect(h.state()).toBe('waiting');
    vi.advanceTimersByTime(99);
    expect(children).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(children).toHaveLength(2);
    expect(children[1]?.sent[0]).toMatchObject({ type: 'start', port: 5000 });
    children[1]?.ready(5000);

    children[1]?.exit(1);
    vi.advanceTimersByTime(199);
    expect(children).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(children).toHaveLength(3);
    children[2]?.ready(5000);
    expect(readies).toEqual(Array(3).fill('http://127.0.0.1:5000/graphql'));
    expect(failures).toEqual([]);
  });

  it('gives up after too many crashes in the window, and says why and where the data is', async () => {
    const h = await running();
    for (let i = 0; i < 3; i++) {
      children[i]?.reply({ type: 'failed', message: 'the database files are damaged' });
      children[i]?.exit(1);
      vi.advanceTimersByTime(1_000);
    }
    children[3]?.exit(1);
    expect(children).toHaveLength(4);
    expect(h.state()).toBe('failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/stopped unexpectedly 4 times within 60 seconds/);
    expect(failures[0]).toMatch(/the database files are damaged/);
    expect(failures[0]).toMatch(/\/data\/stock-mate/);
    vi.advanceTimersByTime(60_000);
    expect(children).toHaveLength(4);
  });

  it('says that the disk refused a write when the database stopped for that', async () => {
    const h = await running();
    for (let i = 0; i < 4; i++) {
      children[i]?.exit(DATABASE_STOPPED_EXIT_CODE);
      vi.advanceTimersByTime(1_000);
    }
    expect(h.state()).toBe('failed');
    expect(failures[0]).toMatch(/last exit code 70: the database could not write to its folder/);
    expect(failures[0]).toMatch(/the disk may be full or failing/);
  });

  it('forgets crashes older than the window', async () => {
    await running();
    for (let i = 0; i < 6; i++) {
      children[i]?.exit(1);
      vi.advanceTimersByTime(30_000);
      children[i + 1]?.ready(5000);
    }
    expect(failures).toEqual([]);
    expect(children).toHaveLength(7);
  });

  it('keeps the first start waiting through crashes until the process serves', async () => {
    const h = host();
    const started = h.start();
    children[0]?.exit(1);
    vi.advanceTimersByTime(100);
    children[1]?.ready(6000);
    await expect(started).resolves.toMatchObject({ endpoint: 'http://127.0.0.1:6000/graphql' });
  });

  it('rejects a first start that keeps crashing, leaving the message to the caller', async () => {
    const h = host();
    const started = h.start();
    for (let i = 0; i < 4; i++) {
      children[i]?.exit(3);
      vi.advanceTimersByTime(1_000);
    }
    await expect(started).rejects.toThrow(/stopped unexpectedly 4 times.*last exit code 3/);
    expect(failures).toEqual([]);
    expect(h.state()).toBe('failed');
  });

  it('rejects a restore that fails without restarting it', async () => {
    const h = host();
    const started = h.start({ restoreFrom: '/backups/bad.tar.gz' });
    expect(children[0]?.sent[0]).toMatchObject({ restoreFrom: '/backups/bad.tar.gz' });
    children[0]?.reply({ type: 'failed', message: 'not a Stock-Mate backup' });
    children[0]?.exit(1);
    await expect(started).rejects.toThrow('not a Stock-Mate backup');
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);
  });

  it('stops by asking, and kills only a process that does not exit in time', async () => {
    const h = await running();
    const stopped = h.stop();
    expect(children[0]?.sent.at(-1)).toEqual({ type: 'stop' });
    vi.advanceTimersByTime(4_999);
    expect(children[0]?.killed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(children[0]?.killed).toBe(true);
    children[0]?.exit(0);
    await stopped;
    expect(h.state()).toBe('idle');
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);
  });

  it('does not count a clean stop as a crash', async () => {
    const h = await running();
    const stopped = h.stop();
    children[0]?.reply({ type: 'stopped' });
    children[0]?.exit(0);
    await stopped;
    expect(children[0]?.killed).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(children).toHaveLength(1);
  });

  it('relays token and dump requests and fails them when the process dies', async () => {
    const h = await running();
    const token = h.token();
    expect(children[0]?.sent.at(-1)).toEqual({ type: 'token', id: 1 });
    children[0]?.reply({ type: 'reply', id: 1, ok: true, value: 'fresh' });
    await expect(token).resolves.toBe('fresh');

    const dump = h.dump('/backups/today.tar.gz');
    expect(children[0]?.sent.at(-1)).toEqual({
      type: 'dump',
      id: 2,
      path: '/backups/today.tar.gz',
    });
    children[0]?.exit(1);
    await expect(dump).rejects.toThrow('the backend process stopped');
    await expect(h.token()).rejects.toThrow('not running');
  });

  it('ignores messages that are not part of the protocol', async () => {
    const h = host();
    const started = h.start();
    children[0]?.reply({ type: 'ready', endpoint: 'not a url' });
    children[0]?.reply('hello');
    expect(h.state()).toBe('starting');
    children[0]?.ready(5000);
    await started;
  });
});
