import { describe, expect, it } from 'vitest';
import {
  parameterCasts,
  pgArray,
  positionalValues,
  settingsStatement,
  splitStatements,
  toPositional,
} from '../../../cloud/db/sql';

describe('toPositional', () => {
  it('numbers each name once, in order of first use, and reuses the number', () => {
    const sql = toPositional('SELECT * FROM t WHERE a = :id AND b = :other AND c = :id');
    expect(sql.text).toBe('SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1');
    expect(sql.names).toEqual(['id', 'other']);
  });

  it('rewrites a cast parameter but leaves the ::cast alone', () => {
    const sql = toPositional('SELECT :id::uuid, :ids::uuid[], created_at::date FROM t');
    expect(sql.text).toBe('SELECT $1::uuid, $2::uuid[], created_at::date FROM t');
    expect(sql.names).toEqual(['id', 'ids']);
  });

  it('leaves quoted strings, quoted identifiers and comments alone', () => {
    const input = [
      "SELECT ':skip', 'it''s :skip', \":skip\" FROM t -- :skip",
      'WHERE a = :a /* :skip; */ AND b=:b',
    ].join('\n');
    const sql = toPositional(input);
    expect(sql.text).toBe(
      [
        "SELECT ':skip', 'it''s :skip', \":skip\" FROM t -- :skip",
        'WHERE a = $1 /* :skip; */ AND b=$2',
      ].join('\n'),
    );
    expect(sql.names).toEqual(['a', 'b']);
  });

  it('leaves dollar-quoted bodies alone, tagged or not', () => {
    const sql = toPositional('SELECT $$ :skip $$, $fn$ :skip $$ still :skip $fn$, :kept FROM t');
    expect(sql.text).toBe('SELECT $$ :skip $$, $fn$ :skip $$ still :skip $fn$, $1 FROM t');
    expect(sql.names).toEqual(['kept']);
  });

  it('finds no parameters in plain SQL', () => {
    expect(toPositional('SELECT 1').names).toEqual([]);
  });
});

describe('positionalValues', () => {
  it('orders the values as the statement numbers them, a null staying null', () => {
    const sql = toPositional('UPDATE t SET a = :a, b = :b WHERE id = :id AND a <> :a');
    expect(positionalValues(sql, { id: 'x', b: null, a: 3, unused: true })).toEqual([3, null, 'x']);
  });

  it('throws when a parameter has no value', () => {
    const sql = toPositional('SELECT * FROM t WHERE id = :id AND name = :name');
    expect(() => positionalValues(sql, { id: 'x' })).toThrow(/:name has no value/);
  });
});

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const script = [
      'CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN x; y; END $$ LANGUAGE plpgsql;',
      'INSERT INTO t VALUES (\'a;b\', "c;d"); -- trailing; comment',
      '/* e; f */ SELECT $tag$ g; $tag$;',
      '-- only a comment; here',
      ';;',
    ].join('\n');
    expect(splitStatements(script)).toEqual([
      'CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN x; y; END $$ LANGUAGE plpgsql',
      'INSERT INTO t VALUES (\'a;b\', "c;d")',
      '-- trailing; comment\n/* e; f */ SELECT $tag$ g; $tag$',
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('returns nothing for an empty script', () => {
    expect(splitStatements('  \n ')).toEqual([]);
  });
});

describe('parameterCasts', () => {
  it('reads the type each parameter is cast to, arrays included, lower-cased', () => {
    const casts = parameterCasts('SELECT :id::uuid, :ids::uuid[], :n::INT, :plain, x::text');
    expect([...casts]).toEqual([
      ['id', 'uuid'],
      ['ids', 'uuid[]'],
      ['n', 'int'],
    ]);
  });

  it('keeps the first cast of a parameter and ignores casts inside strings and comments', () => {
    const casts = parameterCasts("SELECT ':q::text', :a::date -- :b::int\n, :a::text");
    expect([...casts]).toEqual([['a', 'date']]);
  });
});

/** Reads a one-dimensional PostgreSQL array literal, as the server would. */
const parsePgArray = (literal: string): (string | null)[] => {
  expect(literal.startsWith('{') && literal.endsWith('}')).toBe(true);
  const body = literal.slice(1, -1);
  const out: (string | null)[] = [];
  let i = 0;
  while (i < body.length) {
    let value = '';
    if (body[i] === '"') {
      i++;
      while (body[i] !== '"') {
        if (i >= body.length) throw new Error(`unterminated element in ${literal}`);
        if (body[i] === '\\') i++;
        value += body[i];
        i++;
      }
      i++;
      out.push(value);
    } else {
      while (i < body.length && body[i] !== ',') value += body[i++];
      out.push(value.trim().toUpperCase() === 'NULL' ? null : value.trim());
    }
    if (i < body.length && body[i++] !== ',') throw new Error(`expected , in ${literal}`);
  }
  return out;
};

describe('pgArray', () => {
  it('quotes every element, escaping backslashes and double quotes', () => {
    expect(pgArray(['a', 'say "hi"', 'C:\\dir'])).toBe('{"a","say \\"hi\\"","C:\\\\dir"}');
  });

  it('writes null and undefined as NULL, and numbers and booleans as their text', () => {
    expect(pgArray([null, 'NULL', undefined, 42, -1.5, true, false])).toBe(
      '{NULL,"NULL",NULL,"42","-1.5","true","false"}',
    );
  });

  it('writes an empty list as {}', () => {
    expect(pgArray([])).toBe('{}');
  });

  it('round-trips awkward values through a PostgreSQL-style reader', () => {
    const values = [
      'plain',
      '',
      'NULL',
      'with, comma',
      '{braces}',
      ' spaced ',
      '"',
      '\\',
      '\\"',
      'end\\',
      "it's",
      'ünïcödé',
    ];
    expect(parsePgArray(pgArray(values))).toEqual(values);
  });
});

describe('settingsStatement', () => {
  it('sets each setting for the transaction only, its value a parameter', () => {
    expect(settingsStatement({ 'app.tenant_id': "o'brien", TimeZone: 'UTC' })).toEqual({
      sql: "SELECT set_config('app.tenant_id', :setting0::text, true), set_config('TimeZone', :setting1::text, true)",
      params: { setting0: "o'brien", setting1: 'UTC' },
    });
  });

  it('reads the same for every value, so a driver prepares it once', () => {
    const a = settingsStatement({ 'app.tenant_id': 'a', role: 'x' });
    const b = settingsStatement({ 'app.tenant_id': "b'c", role: 'y' });
    expect(a?.sql).toBe(b?.sql);
    expect(a?.params).not.toEqual(b?.params);
  });

  it('has nothing to say for no settings', () => {
    expect(settingsStatement({})).toBeNull();
  });

  it('takes further calls after the settings, in the same statement, with their parameters', () => {
    expect(
      settingsStatement({ role: 'app' }, ['pg_advisory_xact_lock(1, hashtext(:tenant))'], {
        tenant: 't',
      }),
    ).toEqual({
      sql: "SELECT set_config('role', :setting0::text, true), pg_advisory_xact_lock(1, hashtext(:tenant))",
      params: { setting0: 'app', tenant: 't' },
    });
    expect(settingsStatement({}, ['pg_advisory_xact_lock(1, 2)'])).toEqual({
      sql: 'SELECT pg_advisory_xact_lock(1, 2)',
      params: {},
    });
  });

  it('refuses a name that is not a plain identifier, and a value holding NUL', () => {
    expect(() => settingsStatement({ "x', 'y": 'v' })).toThrow(/not a setting name/);
    expect(() => settingsStatement({ 'a.b.c': 'v' })).toThrow(/not a setting name/);
    expect(() => settingsStatement({ role: 'a\0b' })).toThrow(/NUL/);
  });
});
