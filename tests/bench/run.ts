/**
 * Runs every benchmark suite in tests/bench/suites (or those named on the command line) and prints
 * their figures. Benchmarks report; they never fail because a machine was slow.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'suites');
const wanted = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));

for (const file of suites) {
  console.log(`\n=== ${file.replace(/\.ts$/, '')} ===`);
  const suite = (await import(pathToFileURL(join(dir, file)).href)) as {
    default: () => Promise<void>;
  };
  await suite.default();
}
