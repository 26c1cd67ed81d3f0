import { protocol } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { FrontendMessages, readAnswers } from '../../../cloud/db/adapters/wire';
import { SqlError } from '../../../cloud/db/port';

const { serialize } = protocol;

/** Backend messages, built by hand: a type byte, a length that counts itself, a body. */
const backend = (type: string, body: number[]) => {
  const length = body.length + 4;
  return [
    type.charCodeAt(0),
    (length >>> 24) & 255,
    (length >>> 16) & 255,
    (length >>> 8) & 255,
    length & 255,
    ...body,
  ];
};
const int16 = (n: number) => [(n >>> 8) & 255, n & 255];
const int32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const cstring = (s: string) => [...new TextEncoder().encode(s), 0];
const text = (s: string) => {
  const bytes = [...new TextEncoder().encode(s)];
  return [...int32(bytes.length), ...bytes];
};
const rowDescription = (names: string[]) =>
  backend('T', [
    ...int16(names.length),
    ...names.flatMap((n) => [
      ...cstring(n),
      ...int32(0),
      ...int16(0),
      ...int32(25),
      ...int16(-1),
      ...int32(-1),
      ...int16(0),
    ]),
  ]);
const dataRow = (values: (string | null)[]) =>
  backend('D', [
    ...int16(values.length),
    ...values.flatMap((v) => (v === null ? int32(-1) : text(v))),
  ]);
const complete = (tag: string) => backend('C', cstring(tag));
const ready = backend(
  'Z',
  [...'T'].map((c) => c.charCodeAt(0)),
);

describe('frontend messages', () => {
  it('are byte for byte what the PostgreSQL client library writes', () => {
    const values = ['plain', null, '', 'ünïcödé — 在庫 📦', 'it\'s \\ "quoted"'];
    const ours = new FrontendMessages(8)
      .query('BEGIN; SELECT 1')
      .parse('s1', 'SELECT $1::text, $2, $3, $4, $5')
      .bind('s1', values)
      .describePortal()
      .execute()
      .sync()
      .bytes();
    const reference = Buffer.concat([
      serialize.query('BEGIN; SELECT 1'),
      serialize.parse({ name: 's1', text: 'SELECT $1::text, $2, $3, $4, $5', types: [] }),
      serialize.bind({ statement: 's1', values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    expect(Buffer.from(ours).equals(reference)).toBe(true);
  });

  it('bind bytes in binary format and strings in text, as the client library does', () => {
    const values = ['text', new Uint8Array([0, 1, 2, 255]), null, new Uint8Array(0)];
    const ours = new FrontendMessages(8).bind('s2', values).bytes();
    const reference = serialize.bind({ statement: 's2', values });
    expect(Buffer.from(ours).equals(Buffer.from(reference))).toBe(true);
  });

  it('grow past their first buffer without losing what was written', () => {
    const big = 'x'.repeat(100_000);
    const ours = new FrontendMessages(16).bind('s9', [big, 'tail']).bytes();
    expect(
      Buffer.from(ours).equals(
        Buffer.from(serialize.bind({ statement: 's9', values: [big, 'tail'] })),
      ),
    ).toBe(true);
  });

  it('refuse statement text with a zero byte, which the protocol cannot carry', () => {
    expect(() => new FrontendMessages().query('SELECT 1\0; DROP TABLE t')).toThrow(SqlError);
  });
});

describe('reading backend messages', () => {
  it('gives each ReadyForQuery its own answer: column names, rows as text or null, and the last tag', () => {
    const bytes = new Uint8Array([
      ...complete('BEGIN'),
      ...ready,
      ...backend('1', []),
      ...backend('2', []),
      ...rowDescription(['id', 'note']),
      ...dataRow(['1', null]),
      ...dataRow(['2', 'ünïcödé 📦']),
      ...complete('SELECT 2'),
      ...ready,
      ...complete('COMMIT'),
      ...ready,
    ]);
    const { answers, error } = readAnswers(bytes);
    expect(error).toBeNull();
    expect(answers).toEqual([
      { names: [], rows: [], tag: 'BEGIN' },
      {
        names: ['id', 'note'],
        rows: [
          ['1', null],
          ['2', 'ünïcödé 📦'],
        ],
        tag: 'SELECT 2',
      },
      { names: [], rows: [], tag: 'COMMIT' },
    ]);
  });

  it('reports the first error with its code, message and constraint, and reads on past it', () => {
    const error = (code: string, message: string, constraint?: string) =>
      backend('E', [
        ...cstring('SERROR'),
        ...cstring(`C${code}`),
        ...cstring(`M${message}`),
        ...(constraint === undefined ? [] : cstring(`n${constraint}`)),
        0,
      ]);
    const bytes = new Uint8Array([
      ...error(
        '23505',
        'duplicate key value violates unique constraint "events_pkey"',
        'events_pkey',
      ),
      ...ready,
      ...error('25P02', 'current transaction is aborted'),
      ...ready,
      ...backend('N', [
        ...cstring('SWARNING'),
        ...cstring('Mthere is no transaction in progress'),
        0,
      ]),
      ...complete('ROLLBACK'),
      ...ready,
    ]);
    const { answers, error: first } = readAnswers(bytes);
    expect(first).toBeInstanceOf(SqlError);
    expect(first).toMatchObject({
      code: '23505',
      constraint: 'events_pkey',
      message: 'duplicate key value violates unique constraint "events_pkey"',
    });
    expect(answers.map((a) => a.tag)).toEqual([null, null, 'ROLLBACK']);
  });

  it('reads nothing from an empty answer', () => {
    expect(readAnswers(new Uint8Array(0))).toEqual({ answers: [], error: null });
  });
});
