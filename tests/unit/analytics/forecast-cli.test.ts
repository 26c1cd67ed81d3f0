import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const cli = join(root, 'cloud/cli/forecast.ts');
const work = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const run = (args: readonly string[]): Promise<Outcome> =>
  new Promise((resolve) => {
    execFile(tsx, [cli, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({
        code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
        stdout,
        stderr,
      });
    });
  });

let written = 0;
/** Writes a history file and names an output file next to it. */
const historyFile = (history: string): { input: string; output: string } => {
  written++;
  const input = join(work, `history-${written}.csv`);
  writeFileSync(input, history);
  return { input, output: join(work, `out-${written}.csv`) };
};

/** 60 days of history for two SKUs, rows shuffled, one SKU name with a comma in it. */
const goodHistory = (): string => {
  const rows: string[] = [];
  for (let d = 0; d < 60; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    rows.push(`${date},"BOLT, M8",2`, `${date},"BOLT, M8",2`);
    if (d % 3 === 0) rows.push(`${date},NUT-10,6`);
  }
  rows.reverse();
  return `date,sku,quantity\r\n${rows.join('\r\n')}\r\n`;
};

describe('forecast command line', () => {
  it.concurrent('writes a sorted forecast with its interval for every SKU and day', async () => {
    const { input, output } = historyFile(goodHistory());
    const stock = join(work, 'stock.csv');
    const result = await run([
      '--input',
      input,
      '--output',
      output,
      '--horizon',
      '5',
      '--stock-output',
      stock,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/2 SKUs from 140 rows, 10 forecast rows/);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('sku,date,forecast,lower,upper');
    expect(lines).toHaveLength(11);
    const rows = lines.slice(1);
    expect(rows.slice(0, 5).every((line) => line.startsWith('"BOLT, M8",'))).toBe(true);
    expect(rows.slice(5).every((line) => line.startsWith('NUT-10,'))).toBe(true);
    expect(rows.slice(0, 5).map((line) => line.split(',')[2])).toEqual([
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
    ]);
    for (const line of rows) {
      const [forecast, lower, upper] = line.split(',').slice(-3).map(Number);
      expect(lower).toBeLessThanOrEqual(forecast ?? -1);
      expect(upper).toBeGreaterThanOrEqual(forecast ?? Infinity);
      expect(lower).toBeGreaterThanOrEqual(0);
    }
    // Four units a day, every day: the forecast is four.
    expect(Number(rows[0]?.split(',')[3])).toBeCloseTo(4, 5);
    const levels = readFileSync(stock, 'utf8').trimEnd().split('\n');
    expect(levels[0]).toBe('sku,model,lead_time_demand,safety_stock,reorder_point,maximum_stock');
    expect(levels[1]).toMatch(/^"BOLT, M8",[a-z-]+,112,\d+,\d+,\d+$/);
  });

  it.concurrent('explains itself with --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--input FILE/);
  });

  const failures: readonly [string, string, readonly string[], RegExp][] = [
    [
      'a missing input file',
      '',
      ['--input', join(work, 'absent.csv')],
      /absent\.csv: no such file/,
    ],
    ['a missing column', 'date,sku\n2024-01-01,A\n', [], /line 1: missing column\(s\) quantity/],
    ['an unknown column', 'date,sku,quantity,price\n', [], /line 1: unknown column\(s\) "price"/],
    [
      'a bad date',
      'date,sku,quantity\n2024-01-01,A,1\n2024-02-30,A,1\n',
      [],
      /line 3: date "2024-02-30"/,
    ],
    [
      'a negative quantity',
      'date,sku,quantity\n2024-01-01,A,1\n2024-01-02,A,1\n2024-01-03,A,-2\n',
      [],
      /line 4: quantity "-2" is negative/,
    ],
    [
      'a non-numeric quantity',
      'date,sku,quantity\n2024-01-01,A,lots\n',
      [],
      /line 2: quantity "lots" is not a number/,
    ],
    [
      'a row with too few fields',
      'date,sku,quantity\n2024-01-01,A\n',
      [],
      /line 2: expected 3 fields, found 2/,
    ],
    [
      'an unclosed quote',
      'date,sku,quantity\n2024-01-01,"A,1\n',
      [],
      /line 2: a quoted field is never closed/,
    ],
    ['a header and no rows', 'date,sku,quantity\n', [], /no data rows/],
    [
      'a zero horizon',
      'date,sku,quantity\n2024-01-01,A,1\n',
      ['--horizon', '0'],
      /--horizon must be a whole number from 1 to 365, not "0"/,
    ],
    [
      'a horizon over a year',
      'date,sku,quantity\n2024-01-01,A,1\n',
      ['--horizon', '366'],
      /--horizon .* not "366"/,
    ],
    [
      'a fractional horizon',
      'date,sku,quantity\n2024-01-01,A,1\n',
      ['--horizon', '2.5'],
      /--horizon .* not "2.5"/,
    ],
    [
      'an unknown flag',
      'date,sku,quantity\n2024-01-01,A,1\n',
      ['--colour'],
      /Unknown option '--colour'/,
    ],
  ];
  for (const [problem, history, extra, message] of failures) {
    it.concurrent(`stops with a message and writes nothing for ${problem}`, async () => {
      const { input, output } = historyFile(history);
      const args =
        extra[0] === '--input'
          ? [...extra, '--output', output]
          : ['--input', input, '--output', output, ...extra];
      const result = await run(args);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(existsSync(output)).toBe(false);
    });
  }

  it.concurrent('requires --input and --output', async () => {
    const { input, output } = historyFile(goodHistory());
    const noInput = await run(['--output', output]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toMatch(/--input is required/);
    const noOutput = await run(['--input', input]);
    expect(noOutput.code).toBe(2);
    expect(noOutput.stderr).toMatch(/--output is required/);
    expect(existsSync(output)).toBe(false);
  });
});
