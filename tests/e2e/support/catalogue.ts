/**
 * A catalogue of 100,000 products for the desktop benchmarks, registered through the application
 * service like any other product. Seeding takes long on the embedded database, so the data folder
 * is kept under test-results/bench-data/ and reused — newer migrations apply to it as they would
 * to a user's data. STOCKMATE_BENCH_RESEED=1 seeds it again.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_TENANT } from '../../../cloud/local/backend';
import { seededRandom } from '../../support/random-history';
import { scenario } from '../../support/scenario';
import type { TestApp } from './server';
import { startTestApp } from './server';

const SEED_VERSION = 1;
const cacheRoot = fileURLToPath(new URL('../../../test-results/bench-data/', import.meta.url));

const families = [
  ['FST', 'Fasteners', ['Hex bolt', 'Hex nut', 'Washer', 'Wood screw', 'Rivet', 'Anchor']],
  ['SAF', 'Safety', ['Nitrile gloves', 'Safety glasses', 'Ear plugs', 'Hi-vis vest', 'Dust mask']],
  ['ELC', 'Electrical', ['Cable tie', 'Fuse', 'Insulation tape', 'Wago connector', 'Cable gland']],
  ['CLN', 'Cleaning', ['Degreaser', 'Cleaning rags', 'Floor soap', 'Paper towel', 'Bin liner']],
  ['PLB', 'Plumbing', ['Elbow fitting', 'Ball valve', 'PTFE tape', 'Pipe clip', 'Hose clamp']],
] as const;
const sizes = ['M4', 'M5', 'M6', 'M8', 'M10', 'S', 'M', 'L', 'XL', '10 mm', '16 mm', '22 mm'];
const materials = ['steel', 'stainless', 'zinc', 'brass', 'nylon', 'blue', 'black', 'white'];

/** The n-th product of the catalogue: varied names, SKUs and barcodes, so searches are realistic. */
export const catalogueProduct = (n: number, pick: (items: readonly string[]) => string) => {
  const [prefix, category, items] = families[n % families.length] ?? families[0];
  return {
    sku: `${prefix}-${String(n).padStart(6, '0')}`,
    name: `${pick(items)} ${pick(sizes)}, ${pick(materials)}`,
    category,
    barcode: String(5_000_000_000_000 + n * 7),
    unitCost: { amountMinor: 5 + (n % 4000), currency: 'EUR' },
  };
};

export interface SeededCatalogue {
  readonly app: TestApp;
  readonly products: number;
  /** How long registering them took, measured when the data folder was made. */
  readonly seedMs: number;
  readonly concurrency: number;
  /** Whether an earlier run seeded all or part of the folder. */
  readonly reused: boolean;
}

interface Progress {
  /** Products registered so far (keys `bench-0` … `bench-<done - 1>`). */
  readonly done: number;
  /** Time spent registering them, over every run that added to the folder. */
  readonly ms: number;
  readonly concurrency: number;
  readonly complete: boolean;
}

const readProgress = (file: string): Progress | null =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Progress) : null;

/**
 * A running app over `count` products, seeded now or reused from an earlier run. A run stopped
 * part way is continued: every product has a fixed idempotency key, so registering one again is
 * a replay, never a second product.
 */
export const catalogueApp = async (count: number, concurrency = 1): Promise<SeededCatalogue> => {
  const dataDir = join(cacheRoot, `desktop-${count}-v${SEED_VERSION}`);
  const progressFile = join(dataDir, 'bench-seed.json');
  if (process.env['STOCKMATE_BENCH_RESEED'] === '1')
    rmSync(dataDir, { recursive: true, force: true });
  const before = readProgress(progressFile);
  if (before === null) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const app = await startTestApp({ dataDir });
  if (before?.complete === true) {
    return {
      app,
      products: count,
      seedMs: before.ms,
      concurrency: before.concurrency,
      reused: true,
    };
  }
  const s = scenario(app.backend.db, { tenantId: LOCAL_TENANT });
  const started = performance.now();
  const save = (done: number, complete: boolean) =>
    writeFileSync(
      progressFile,
      JSON.stringify({
        done,
        ms: (before?.ms ?? 0) + performance.now() - started,
        concurrency,
        complete,
      }),
    );
  let next = before?.done ?? 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        // The product's name is drawn from its own number, so a continued run makes the same one.
        const rnd = seededRandom(n + 1);
        await s.run('registerProduct', catalogueProduct(n, rnd.pick), {
          idempotencyKey: `bench-${n}`,
        });
        if (n % 1_000 === 999) save(n + 1 - concurrency, false);
        if (n % 10_000 === 9_999) console.log(`  … ${n + 1} products registered`);
      }
    }),
  );
  await app.backend.drainOutbox();
  save(count, true);
  const total = readProgress(progressFile);
  return {
    app,
    products: count,
    seedMs: total?.ms ?? NaN,
    concurrency,
    reused: before !== null,
  };
};
