/**
 * The local Data API endpoint behaves as the service does where the adapter depends on it: the
 * real SDK client, against the endpoint on 127.0.0.1, executing on PGlite.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
} from '@aws-sdk/client-rds-data';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataApiServer } from '../../fakes/data-api-server';
import { DATA_API_LIMITS, startDataApiServer } from '../../fakes/data-api-server';

describe('the local Data API endpoint', () => {
  let engine: PGlite;
  let server: DataApiServer;
  let client: RDSDataClient;
  const target = {
    resourceArn: 'arn:aws:rds:us-east-1:000000000000:cluster:stockmate',
    secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:stockmate-rw',
    database: 'postgres',
  };
  // A statement naming `held` waits, once begun, until the test lets it go.
  let begin: () => void = () => undefined;
  let release: () => void = () => undefined;
  const begun = new Promise<void>((resolve) => (begin = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    engine = await PGlite.create();
    server = await startDataApiServer(engine, {
      hold: (sql) => {
        if (!sql.includes('held')) return undefined;
        begin();
        return released;
      },
    });
    client = new RDSDataClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
    await engine.close();
  });

  it('refuses a statement sent while another of the same transaction runs, and keeps the transaction', async () => {
    const { transactionId } = await client.send(new BeginTransactionCommand(target));
    const statement = (sql: string) =>
      client.send(new ExecuteStatementCommand({ ...target, transactionId, sql }));

    const first = statement(`SELECT 'held' AS s`);
    await begun;
    await expect(statement('SELECT 1')).rejects.toMatchObject({
      name: 'DatabaseErrorException',
      message: 'Transaction is still running a query',
    });
    release();
    expect((await first).records).toEqual([[{ stringValue: 'held' }]]);

    expect((await statement('SELECT 2 AS n')).records).toEqual([[{ longValue: 2 }]]);
    const committed = await client.send(new CommitTransactionCommand({ ...target, transactionId }));
    expect(committed.transactionStatus).toBe('Transaction Committed');
  });

  it('answers a commit that fails, at a deferred check, with the error and keeps nothing of the transaction', async () => {
    const statement = (sql: string, transactionId?: string) =>
      client.send(
        new ExecuteStatementCommand({ ...target, sql, formatRecordsAs: 'JSON', transactionId }),
      );
    await statement(`CREATE TABLE pairs (n integer PRIMARY KEY,
      partner integer REFERENCES pairs DEFERRABLE INITIALLY DEFERRED)`);
    const { transactionId } = await client.send(new BeginTransactionCommand(target));
    await statement(`INSERT INTO pairs VALUES (1, 2)`, transactionId);

    const refusal = await client
      .send(new CommitTransactionCommand({ ...target, transactionId }))
      .then(
        () => null,
        (error: unknown) => error as Error,
      );
    expect(refusal?.name).toBe('DatabaseErrorException');
    expect(refusal?.message).toMatch(/violates foreign key constraint.*SQLState: 23503/);
    expect(
      JSON.parse((await statement('SELECT count(*)::int AS n FROM pairs')).formattedRecords!),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses, as the service does, a row of more than 64 KB, an answer of more than 1 MiB and a request of more than 4 MiB', async () => {
    const statement = (sql: string) =>
      client.send(new ExecuteStatementCommand({ ...target, sql, formatRecordsAs: 'JSON' }));
    const refusal = { name: 'BadRequestException' };

    // A row of 64 KB passes, and so do rows of 1 MiB in all; a byte more of either does not.
    const row = DATA_API_LIMITS.rowBytes;
    expect((await statement(`SELECT repeat('x', ${row}) AS s`)).formattedRecords).toHaveLength(
      row + '[{"s":""}]'.length,
    );
    await expect(statement(`SELECT repeat('x', ${row - 1}) || 'é' AS s`)).rejects.toMatchObject(
      refusal,
    );
    const rows = DATA_API_LIMITS.responseBytes / 1024;
    const inAll = await statement(`SELECT repeat('x', 1024) AS s FROM generate_series(1, ${rows})`);
    expect(JSON.parse(inAll.formattedRecords ?? '[]')).toHaveLength(rows);
    await expect(
      statement(`SELECT repeat('x', 1024) AS s FROM generate_series(1, ${rows + 1})`),
    ).rejects.toMatchObject(refusal);

    const sending = (bytes: number) =>
      client.send(
        new ExecuteStatementCommand({
          ...target,
          sql: 'SELECT length(:text) AS n',
          parameters: [{ name: 'text', value: { stringValue: 'x'.repeat(bytes) } }],
        }),
      );
    const request = DATA_API_LIMITS.requestBytes;
    expect((await sending(request - 4096)).records).toEqual([[{ longValue: request - 4096 }]]);
    await expect(sending(request)).rejects.toMatchObject(refusal);
  });
});
