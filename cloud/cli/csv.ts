import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';

/**
 * A small RFC 4180 CSV reader and writer: comma-separated, fields optionally quoted with `"`,
 * quotes inside quoted fields doubled, quoted fields may hold commas and line breaks, lines end
 * in LF or CRLF. The reader is incremental so a large file streams through in chunks.
 */

/** One record and the line it starts on (1-based), for error messages. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

/** A malformed CSV file, with the line where it went wrong. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Feeds text in chunks, gets back complete records. */
export class CsvReader {
  private state: State = 'fieldStart';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.pendingCr) {
        this.pendingCr = false;
        if (chunk.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.state === 'fieldStart' && chunk.charCodeAt(i) === QUOTE) {
        this.state = 'quoted';
        i++;
      } else if (this.state === 'fieldStart' || this.state === 'unquoted') {
        // Copy a whole run of ordinary characters at once: most files have no quotes at all.
        let j = i;
        for (; j < n; j++) {
          const code = chunk.charCodeAt(j);
          if (code === COMMA || code === LF || code === CR || code === QUOTE) break;
        }
        this.field += chunk.slice(i, j);
        this.state = 'unquoted';
        if (j === n) break;
        if (chunk.charCodeAt(j) === QUOTE) {
          throw new CsvSyntaxError(this.line, 'a quote inside an unquoted field');
        }
        this.endField(chunk.charCodeAt(j), records);
        i = j + 1;
      } else if (this.state === 'quoted') {
        const close = chunk.indexOf('"', i);
        const end = close < 0 ? n : close;
        const part = chunk.slice(i, end);
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.line++;
        this.field += part;
        if (close < 0) break;
        this.state = 'quoteInQuoted';
        i = close + 1;
      } else {
        const code = chunk.charCodeAt(i);
        if (code === QUOTE) {
          this.field += '"';
          this.state = 'quoted';
        } else if (code === COMMA || code === LF || code === CR) {
          this.endField(code, records);
        } else {
          throw new CsvSyntaxError(this.line, 'unexpected text after a closing quote');
        }
        i++;
      }
    }
    return records;
  }

  /** Finishes the input; returns the last record if the file did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') {
      throw new CsvSyntaxError(this.recordLine, 'a quoted field is never closed');
    }
    if (this.state === 'fieldStart' && this.fields.length === 0) return [];
    this.fields.push(this.field);
    const record = { fields: this.fields, line: this.recordLine };
    this.fields = [];
    this.field = '';
    this.state = 'fieldStart';
    return [record];
  }

  private endField(separator: number, records: CsvRecord[]): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
    if (separator === COMMA) return;
    if (separator === CR) this.pendingCr = true;
    records.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
    this.line++;
    this.recordLine = this.line;
  }
}

/** One field as CSV text: quoted when it holds a comma, quote or line break. */
export const csvField = (value: string): string =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** One record as a CSV line, with its line break. */
export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\n`;

/** The records of a CSV file, streamed in chunks. */
export async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader();
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    yield* reader.push(chunk as string);
  }
  yield* reader.end();
}

/**
 * Writes records to a CSV file through a temporary file renamed at the end, so a failure never
 * leaves half a file behind.
 */
export const writeCsvFile = async (
  path: string,
  records: Iterable<readonly string[]>,
): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  const stream = createWriteStream(temporary, { encoding: 'utf8' });
  try {
    for (const record of records) {
      if (!stream.write(csvLine(record))) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    renameSync(temporary, path);
  } catch (error) {
    stream.destroy();
    rmSync(temporary, { force: true });
    throw error;
  }
};
