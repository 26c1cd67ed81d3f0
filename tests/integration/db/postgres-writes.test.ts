import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqlError } from '../../../cloud/db/port';
import type { OpenedDatabase } from '../../support/adapters';
import { postgresAdapterWith } from '../../support/adapters';

// One connection, so every transaction below runs on the connection warmed up first.
const adapter = postgresAdapterWith(1);
const available = await adapter.available();

/** How many times the process wrote to a socket while `work` ran: each is one system call. */
const writesDuring = async <T>(work: () => Promise<T>) => {
  const write = vi.spyOn(Socket.prototype, '_write');
  const writev = vi.spyOn(Socket.prototype, '_writev');
  try {
    const result = await work();
    return { result, writes: write.mock.calls.length + writev.mock.calls.length };
  } finally {
    write.mockRestore();
    writev.mockRestore();
  }
};

describe.skipIf(!available)('what node-postgres sends', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await adapter.open();
    await opened.db.tenant('t-writes', 'read', (tx) => tx.one('SELECT 1 AS n'));
  });
  afterAll(async () => {
    await opened.close();
  });

  it('sends BEGIN, the opening and the first statement in one write, and the last statement with COMMIT in another', async () => {
    const { result, writes } = await writesDuring(() =>
      opened.db.tenant('t-writes', 'write', async (tx) => {
        const first = await tx.one<{ n: number }>('SELECT 41 AS n');
        await tx.last('SELECT 1');
        return first?.n;
      }),
    );
    expect(result).toBe(41);
    expect(writes).toBe(2);
  });

  it('refuses a failing first statement sent with BEGIN, and the connection serves the next transaction', async () => {
    const failing = opened.db.tenant('t-writes', 'write', (tx) =>
      tx.one('SELECT 1 / (:zero::integer) AS n', { zero: 0 }),
    );
    await expect(failing).rejects.toMatchObject({ code: '22012' });
    await expect(failing).rejects.toBeInstanceOf(SqlError);
    expect(
      await opened.db.tenant('t-writes', 'read', (tx) => tx.one<{ n: number }>('SELECT 7 AS n')),
    ).toEqual({ n: 7 });
  });
});
