import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessMode, Database } from '../../../cloud/db/port';
import type { OpenedDatabase } from '../../support/adapters';
import { postgresAdapter } from '../../support/adapters';

/** A transaction that has begun its work and holds on until released. */
interface Held {
  /** Whether its work has begun (its opening statement, and so its lock, went through). */
  readonly begun: () => boolean;
  /** Settles once its work has begun, however long that takes. */
  readonly started: Promise<void>;
  readonly release: () => void;
  readonly done: Promise<void>;
}

const hold = (db: Database, tenant: string, mode: AccessMode): Held => {
  let begun = false;
  let start = () => {};
  const started = new Promise<void>((resolve) => (start = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = db.tenant(tenant, mode, async (tx) => {
    await tx.one(`SELECT 1 AS one`);
    begun = true;
    start();
    await released;
  });
  return { begun: () => begun, started, release, done };
};

/**
 * Time in which a transaction that is not held back would begin, many times over: a transaction
 * that has not begun after it is held back (on a slow machine this can only let a check pass).
 * That one has begun is awaited instead, never timed.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

// Only a server runs transactions side by side: the embedded database, and the local Data API
// endpoint on it, run one at a time, so there nothing waits for a lock.
const available = await postgresAdapter.available();

describe.skipIf(!available)("a tenant's writes and its exclusive transactions on postgres", () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await postgresAdapter.open();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('begins an exclusive transaction only once the writes in progress have ended', async () => {
    const write = hold(opened.db, 'tenant-a', 'write');
    await write.started;
    expect(write.begun()).toBe(true);
    const exclusive = hold(opened.db, 'tenant-a', 'exclusive');
    await settle();
    expect(exclusive.begun()).toBe(false);

    write.release();
    await write.done;
    await exclusive.started;
    expect(exclusive.begun()).toBe(true);
    exclusive.release();
    await exclusive.done;
  });

  it("holds the tenant's new writes back while it runs, and lets its reads and other tenants go on", async () => {
    const exclusive = hold(opened.db, 'tenant-b', 'exclusive');
    await exclusive.started;
    expect(exclusive.begun()).toBe(true);

    const write = hold(opened.db, 'tenant-b', 'write');
    const read = hold(opened.db, 'tenant-b', 'read');
    const other = hold(opened.db, 'tenant-c', 'write');
    await Promise.all([read.started, other.started]);
    expect(read.begun()).toBe(true);
    expect(other.begun()).toBe(true);
    await settle();
    expect(write.begun()).toBe(false);

    exclusive.release();
    await exclusive.done;
    await write.started;
    expect(write.begun()).toBe(true);
    for (const held of [write, read, other]) held.release();
    await Promise.all([write.done, read.done, other.done]);
  });

  it('lets writes of one tenant run side by side', async () => {
    const first = hold(opened.db, 'tenant-d', 'write');
    const second = hold(opened.db, 'tenant-d', 'write');
    // Both begin while neither has ended: each holds on until released below.
    await Promise.all([first.started, second.started]);
    expect([first.begun(), second.begun()]).toEqual([true, true]);
    first.release();
    second.release();
    await Promise.all([first.done, second.done]);
  });
});
