/**
 * Command-line forecaster: daily issue history per SKU in, a daily forecast with its 95%
 * interval per SKU out. `npm run forecast -- --help` explains the flags.
 */
import { parseArgs } from 'node:util';
import { analyseUsage, formatDate, tryParseDate } from '../../shared/analytics';
import { CliError } from './cli-error';
import { CsvSyntaxError, csvRecords, writeCsvFile, type CsvRecord } from './csv';

const USAGE = `Usage: npm run forecast -- --input HIST.csv --output OUT.csv [options]

HIST.csv has a header and the columns date,sku,quantity (YYYY-MM-DD, any text, a number >= 0),
in any order; several rows for one SKU and day add up, missing days count as zero.
OUT.csv gets the header sku,date,forecast,lower,upper (a 95% interval), sorted by sku and date.

Options:
  --input FILE           the history (required)
  --output FILE          where to write the forecast (required)
  --horizon DAYS         days to forecast, 1-365 (default 28)
  --lead-time DAYS       supplier lead time for the stock levels, 0-365 (default 28)
  --service-level P      chance of not running out during the lead time, 0.5-0.999 (default 0.95)
  --stock-output FILE    also write sku,model,lead_time_demand,safety_stock,reorder_point,
                         maximum_stock per SKU
  --help                 show this text
`;

interface Options {
  readonly input: string;
  readonly output: string;
  readonly stockOutput: string | null;
  readonly horizon: number;
  readonly leadTime: number;
  readonly serviceLevel: number;
}

const wholeNumber = (flag: string, text: string, min: number, max: number): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new CliError(`--${flag} must be a whole number from ${min} to ${max}, not "${text}"`, 2);
  }
  return value;
};

const parseOptions = (args: readonly string[]): Options | 'help' => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      options: {
        input: { type: 'string' },
        output: { type: 'string' },
        'stock-output': { type: 'string' },
        horizon: { type: 'string', default: '28' },
        'lead-time': { type: 'string', default: '28' },
        'service-level': { type: 'string', default: '0.95' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), 2);
  }
  if (parsed.help) return 'help';
  if (parsed.input === undefined) throw new CliError('--input is required', 2);
  if (parsed.output === undefined) throw new CliError('--output is required', 2);
  const serviceLevel = Number(parsed['service-level']);
  if (!(serviceLevel >= 0.5 && serviceLevel <= 0.999)) {
    throw new CliError(
      `--service-level must be from 0.5 to 0.999, not "${parsed['service-level']}"`,
      2,
    );
  }
  return {
    input: parsed.input,
    output: parsed.output,
    stockOutput: parsed['stock-output'] ?? null,
    horizon: wholeNumber('horizon', parsed.horizon, 1, 365),
    leadTime: wholeNumber('lead-time', parsed['lead-time'], 0, 365),
    serviceLevel,
  };
};

/** Issues per SKU as parallel arrays of epoch days and quantities. */
interface History {
  readonly skus: Map<string, { days: number[]; quantities: number[] }>;
  readonly lastDay: number;
  readonly rows: number;
}

const COLUMNS = ['date', 'sku', 'quantity'] as const;

/** Streams the history file, checking every row; the first problem aborts with its line. */
const readHistory = async (path: string): Promise<History> => {
  const skus: History['skus'] = new Map();
  const dayCache = new Map<string, number | null>();
  let header: Record<(typeof COLUMNS)[number], number> | null = null;
  let lastDay = -Infinity;
  let rows = 0;
  const take = (record: CsvRecord): void => {
    if (header === null) {
      header = checkHeader(record);
      return;
    }
    if (record.fields.length === 1 && record.fields[0] === '') return;
    const where = `line ${record.line}`;
    if (record.fields.length !== COLUMNS.length) {
      throw new CliError(
        `${where}: expected ${COLUMNS.length} fields, found ${record.fields.length}`,
      );
    }
    const dateText = (record.fields[header.date] ?? '').trim();
    const sku = record.fields[header.sku] ?? '';
    const quantityText = (record.fields[header.quantity] ?? '').trim();
    let day = dayCache.get(dateText);
    if (day === undefined) {
      day = tryParseDate(dateText);
      dayCache.set(dateText, day);
    }
    if (day === null) throw new CliError(`${where}: date "${dateText}" is not a YYYY-MM-DD date`);
    if (sku.trim() === '') throw new CliError(`${where}: sku is empty`);
    const quantity = Number(quantityText);
    if (quantityText === '' || !Number.isFinite(quantity)) {
      throw new CliError(`${where}: quantity "${quantityText}" is not a number`);
    }
    if (quantity < 0) throw new CliError(`${where}: quantity "${quantityText}" is negative`);
    let issues = skus.get(sku);
    if (issues === undefined) {
      issues = { days: [], quantities: [] };
      skus.set(sku, issues);
    }
    issues.days.push(day);
    issues.quantities.push(quantity);
    lastDay = Math.max(lastDay, day);
    rows++;
  };
  try {
    for await (const record of csvRecords(path)) take(record);
  } catch (error) {
    if (error instanceof CliError || error instanceof CsvSyntaxError) {
      throw new CliError(`${path} ${error.message}`);
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw new CliError(`${path}: no such file`);
    }
    throw error;
  }
  if (header === null) throw new CliError(`${path}: the file is empty (no header)`);
  if (rows === 0) throw new CliError(`${path}: no data rows after the header`);
  return { skus, lastDay, rows };
};

const checkHeader = (record: CsvRecord): Record<(typeof COLUMNS)[number], number> => {
  const names = record.fields.map((field, i) =>
    (i === 0 ? field.replace(/^\uFEFF/, '') : field).trim().toLowerCase(),
  );
  const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new CliError(
      `line 1: unknown column(s) ${unknown.map((u) => `"${u}"`).join(', ')}; expected date,sku,quantity`,
    );
  }
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) throw new CliError(`line 1: missing column(s) ${missing.join(', ')}`);
  if (new Set(names).size !== names.length) throw new CliError('line 1: a column appears twice');
  return {
    date: names.indexOf('date'),
    sku: names.indexOf('sku'),
    quantity: names.indexOf('quantity'),
  };
};

const number = (value: number): string => String(Math.round(value * 1000) / 1000);

const run = async (options: Options): Promise<void> => {
  const started = performance.now();
  const history = await readHistory(options.input);
  const skus = [...history.skus.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const forecastRows: string[][] = [['sku', 'date', 'forecast', 'lower', 'upper']];
  const stockRows: string[][] = [
    ['sku', 'model', 'lead_time_demand', 'safety_stock', 'reorder_point', 'maximum_stock'],
  ];
  skus.forEach((sku, index) => {
    const { days, quantities } = history.skus.get(sku) ?? { days: [], quantities: [] };
    const firstDay = days.reduce((a, b) => Math.min(a, b), history.lastDay);
    // A SKU's history starts at its first issue: before that the product may not have existed.
    const series = new Array<number>(history.lastDay - firstDay + 1).fill(0);
    days.forEach((day, i) => {
      series[day - firstDay] = (series[day - firstDay] ?? 0) + (quantities[i] ?? 0);
    });
    const analysis = analyseUsage({
      series,
      lastDate: formatDate(history.lastDay),
      horizonDays: options.horizon,
      leadTimeDays: options.leadTime,
      serviceLevel: options.serviceLevel,
    });
    for (const point of analysis.forecast) {
      const { date, mean, lower, upper } = point;
      forecastRows.push([sku, date, number(mean), number(lower), number(upper)]);
    }
    stockRows.push([
      sku,
      analysis.model,
      number(analysis.leadTimeDemand),
      String(analysis.safetyStock),
      String(analysis.reorderPoint),
      String(analysis.maximumStock),
    ]);
    if ((index + 1) % 1000 === 0) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stderr.write(`forecast: ${index + 1}/${skus.length} SKUs analysed (${seconds} s)\n`);
    }
  });
  await writeCsvFile(options.output, forecastRows);
  if (options.stockOutput !== null) await writeCsvFile(options.stockOutput, stockRows);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `forecast: ${skus.length} SKUs from ${history.rows} rows, ${forecastRows.length - 1} forecast rows written to ${options.output} in ${seconds.toFixed(2)} s (${((seconds * 1000) / skus.length).toFixed(2)} ms per SKU)\n`,
  );
};

/** Runs the command line; resolves to the process exit code. */
const main = async (args: readonly string[]): Promise<number> => {
  try {
    const options = parseOptions(args);
    if (options === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    await run(options);
    return 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`forecast: error: ${error.message}\n`);
    if (error.exitCode === 2) process.stderr.write('Run with --help for usage.\n');
    return error.exitCode;
  }
};

process.exitCode = await main(process.argv.slice(2));
