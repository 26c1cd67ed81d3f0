/**
 * Loops measured side by side: in alternating rounds rather than one after the other, so that a
 * machine that speeds up or slows down meanwhile (a shared one does) weighs on each of them alike,
 * and the ratio of their rates says what the code does, not when it ran.
 */
import type { Driver } from '../../cloud/db/port';

/** `concurrency` workers, each running `step` back to back. */
export interface Loop {
  readonly concurrency: number;
  step(worker: number): Promise<unknown>;
  /** Waits, untimed, for work the round left running (so the next loop's round has none of it). */
  settle?(): Promise<unknown>;
}

const round = async (loop: Loop, seconds: number) => {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: loop.concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        await loop.step(worker);
        done++;
      }
    }),
  );
  return { done, ms: performance.now() - started };
};

/**
 * Each loop's rate (steps per second) over `rounds` rounds of `seconds` each, taken in turn, after
 * a round of each that is not counted: the first steps of a process run code V8 has not yet
 * compiled, so without it a loop's figure says as much about start-up as about its steps.
 */
export const sideBySide = async <Name extends string>(
  loops: Readonly<Record<Name, Loop>>,
  rounds: number,
  seconds: number,
): Promise<Record<Name, number>> => {
  const names = Object.keys(loops) as Name[];
  const totals = new Map(names.map((name) => [name, { done: 0, ms: 0 }]));
  for (let r = -1; r < rounds; r++) {
    for (const name of names) {
      const { done, ms } = await round(loops[name], seconds);
      await loops[name].settle?.();
      if (r < 0) continue;
      const total = totals.get(name)!;
      total.done += done;
      total.ms += ms;
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const { done, ms } = totals.get(name)!;
      return [name, done / (ms / 1000)];
    }),
  ) as Record<Name, number>;
};

/**
 * The baseline of the suites: a raw two-statement transaction, one row per worker updated and read
 * back, straight through a driver.
 */
export const rawTransactions = async (driver: Driver, concurrency: number): Promise<Loop> => {
  await driver.transaction(
    (c) =>
      c.execute(
        'CREATE TABLE IF NOT EXISTS bench_counter (id integer PRIMARY KEY, value integer NOT NULL)',
        {},
      ),
    null,
  );
  await driver.transaction(
    (c) =>
      c.execute(
        'INSERT INTO bench_counter SELECT g, 0 FROM generate_series(0, :last::integer) g ON CONFLICT DO NOTHING',
        { last: concurrency - 1 },
      ),
    null,
  );
  return {
    concurrency,
    step: (worker) =>
      driver.transaction(async (c) => {
        await c.execute('UPDATE bench_counter SET value = value + 1 WHERE id = :id', {
          id: worker,
        });
        await c.execute('SELECT value FROM bench_counter WHERE id = :id', { id: worker });
      }, null),
  };
};
