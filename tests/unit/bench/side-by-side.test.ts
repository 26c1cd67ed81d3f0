import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../bench/side-by-side';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loops measured side by side', () => {
  it('takes the loops in turn, round after round, settling a loop after each of its rounds, one round of each before those counted', async () => {
    const seen: string[] = [];
    const note = (entry: string) => {
      if (seen.at(-1) !== entry) seen.push(entry);
    };
    await sideBySide(
      {
        a: {
          concurrency: 2,
          step: async () => {
            note('a');
            await pause(1);
          },
          settle: async () => {
            note('a settled');
            await pause(1);
          },
        },
        b: {
          concurrency: 1,
          step: async () => {
            note('b');
            await pause(1);
          },
        },
      },
      3,
      0.02,
    );
    expect(seen).toEqual([
      ...['a', 'a settled', 'b'],
      ...['a', 'a settled', 'b', 'a', 'a settled', 'b', 'a', 'a settled', 'b'],
    ]);
  });

  it("gives a loop's steps per second over its rounds, the time spent settling left out", async () => {
    let steps = 0;
    const rounds = 2;
    const seconds = 0.05;
    const { only } = await sideBySide(
      {
        only: {
          concurrency: 2,
          step: async () => {
            await pause(1);
            steps++;
          },
          settle: () => pause(1000),
        },
      },
      rounds,
      seconds,
    );
    // Each round lasts at least its 50 ms, so the rate is at most the steps over 100 ms...
    expect(only).toBeLessThanOrEqual(steps / (rounds * seconds));
    // ...and, the second of settling after each round untimed, far more than the steps over 2.1 s.
    expect(only).toBeGreaterThan(steps / (rounds * (seconds + 1)));
    expect(steps).toBeGreaterThan(0);
  });

  it('leaves the first round of each loop out of its rate, as the code warms up', async () => {
    let steps = 0;
    let warm = false;
    const rounds = 3;
    const seconds = 0.05;
    const { only } = await sideBySide(
      {
        only: {
          concurrency: 1,
          // The first round is one step of 400 ms, eight times a round; after it steps take 1 ms.
          step: async () => {
            await pause(warm ? 1 : 400);
            steps++;
          },
          settle: () => {
            warm = true;
            return Promise.resolve();
          },
        },
      },
      rounds,
      seconds,
    );
    // Counted, the first round would make it at least 550 ms for all the steps; left out, the
    // counted ones (all but one) take about 150 ms.
    expect(steps).toBeGreaterThan(2);
    expect(only).toBeGreaterThan(steps / 0.3);
  });
});
