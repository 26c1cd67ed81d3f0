/**
 * Usage analyser throughput: 10,000 generated products × 730 days through analyseUsage on one
 * core, against the target of 10 s (about 1 ms per product, model selection included).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { analyseUsage, type ModelName } from '../../../shared/analytics';
import { OFFICE_WEEK, syntheticDemand } from '../../unit/analytics/synthetic';

const PRODUCTS = 10_000;
const DAYS = 730;
const TARGET_SECONDS = 10;

/** A catalogue-like mix: weekly, seasonal, trending, slow movers and noisy lines. */
const product = (i: number): number[] => {
  const seed = 7919 * (i + 1);
  const level = 2 + (i % 97);
  switch (i % 5) {
    case 0:
      return syntheticDemand({
        days: DAYS,
        seed,
        level,
        weekly: OFFICE_WEEK,
        ar: 0.6,
        noise: 0.15,
        counts: true,
      });
    case 1:
      return syntheticDemand({
        days: DAYS,
        seed,
        level,
        weekly: OFFICE_WEEK,
        yearly: 0.4,
        ar: 0.5,
        noise: 0.1,
        counts: true,
      });
    case 2:
      return syntheticDemand({
        days: DAYS,
        seed,
        level,
        weekly: OFFICE_WEEK,
        trendPerYear: 0.4,
        noise: 0.1,
        counts: true,
      });
    case 3:
      return syntheticDemand({ days: DAYS, seed, level: 1 + (i % 7), demandProbability: 0.1 });
    default:
      return syntheticDemand({ days: DAYS, seed, level, ar: 0.9, noise: 0.2, counts: true });
  }
};

const analyse = (series: readonly number[]) =>
  analyseUsage({
    series,
    lastDate: '2023-12-31',
    horizonDays: 28,
    leadTimeDays: 28,
    serviceLevel: 0.95,
  });

export default async function (): Promise<void> {
  const generated = performance.now();
  const catalogue = Array.from({ length: PRODUCTS }, (_, i) => product(i));
  const generation = (performance.now() - generated) / 1000;
  // Warm the JIT on a slice first, as a long-running worker would be, and let pending output
  // drain before the clock starts.
  for (let i = 0; i < 200; i++) analyse(catalogue[i] ?? []);
  await nextTurn();
  const models = new Map<ModelName, number>();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const series of catalogue) {
    const { model } = analyse(series);
    models.set(model, (models.get(model) ?? 0) + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  // CPU time as well as wall time: on a shared machine other processes stretch the wall clock.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const mix = [...models.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([model, count]) => `${model} ${count}`)
    .join(', ');
  console.log(
    `products                ${PRODUCTS} × ${DAYS} days (generated in ${generation.toFixed(1)} s)`,
  );
  console.log(
    `total                   ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU`,
  );
  console.log(`per product             ${((seconds * 1000) / PRODUCTS).toFixed(3)} ms`);
  console.log(`products per second     ${Math.round(PRODUCTS / seconds)}`);
  console.log(
    `vs ${TARGET_SECONDS} s target         ${(seconds / TARGET_SECONDS).toFixed(2)} (below 1 is within target)`,
  );
  console.log(`models chosen           ${mix}`);
}
