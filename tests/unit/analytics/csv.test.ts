import { describe, expect, it } from 'vitest';
import { CsvReader, CsvSyntaxError, csvLine } from '../../../cloud/cli/csv';

/** Parses text fed in chunks of `size` characters, so records straddle chunk boundaries. */
const parse = (text: string, size = text.length) => {
  const reader = new CsvReader();
  const records = [];
  for (let i = 0; i < text.length; i += size) records.push(...reader.push(text.slice(i, i + size)));
  records.push(...reader.end());
  return records;
};

const text = 'sku,note\r\n"BOLT, M8","says ""hi""\nover two lines"\nNUT,\n,last';

describe('CSV reader and writer', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, in any chunking', () => {
    const expected = [
      { fields: ['sku', 'note'], line: 1 },
      { fields: ['BOLT, M8', 'says "hi"\nover two lines'], line: 2 },
      { fields: ['NUT', ''], line: 4 },
      { fields: ['', 'last'], line: 5 },
    ];
    for (const size of [1, 2, 3, 7, text.length]) expect(parse(text, size)).toEqual(expected);
  });

  it('writes what it reads back unchanged', () => {
    const records = [
      ['BOLT, M8', 'a "quoted" word'],
      ['line\nbreak', 'plain'],
    ];
    expect(parse(records.map((r) => csvLine(r)).join('')).map((r) => r.fields)).toEqual(records);
    expect(csvLine(['plain', 'with,comma'])).toBe('plain,"with,comma"\n');
  });

  it('names the line of a stray or unclosed quote', () => {
    expect(() => parse('a,b\nc,d"e\n')).toThrow(
      new CsvSyntaxError(2, 'a quote inside an unquoted field'),
    );
    expect(() => parse('a,b\n"c,d\n')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parse('"a"b,c\n')).toThrow(/line 1: unexpected text after a closing quote/);
  });
});
