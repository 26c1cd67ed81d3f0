/**
 * Runs every benchmark suite in tests/bench/suites (or those named on the command line) and prints
 * their figures. Benchmarks report; they never fail because a machine was slow.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'suites');
const wanted = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)));

/**
 * The machine's CPU time so far, and how much of it a hypervisor gave to other machines ("steal"),
 * from Linux's /proc/stat; null elsewhere.
 */
const cpuTime = (): { total: number; stolen: number } | null => {
  try {
    const fields = /^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]?.split(/\s+/);
    if (fields === undefined || fields.length < 8) return null;
    // user nice system idle iowait irq softirq steal (guest time is already counted in user).
    const ticks = fields.slice(0, 8).map(Number);
    return { total: ticks.reduce((a, b) => a + b, 0), stolen: ticks[7]! };
  } catch {
    return null;
  }
};

console.log(`${cpus().length} CPUs, ${cpus()[0]?.model ?? 'unknown model'}`);
for (const file of suites) {
  console.log(`\n=== ${file.replace(/\.ts$/, '')} ===`);
  const suite = (await import(pathToFileURL(join(dir, file)).href)) as {
    default: () => Promise<void>;
  };
  const before = cpuTime();
  await suite.default();
  const after = cpuTime();
  if (before !== null && after !== null && after.total > before.total) {
    // On a shared virtual machine, time taken by other machines slows every figure above.
    const share = (100 * (after.stolen - before.stolen)) / (after.total - before.total);
    console.log(
      `(the host gave ${share.toFixed(1)} % of this machine's CPU time to others meanwhile)`,
    );
  }
}
