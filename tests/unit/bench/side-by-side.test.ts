import { describe, expect, it } from 'vitest';
import { sideBySide } from '../../bench/side-by-side';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loops measured side by side', () => {
  it('takes the loops in turn, round after round, settling a loop after each of its rounds', async () => {
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
    expect(seen).toEqual(['a', 'a settled', 'b', 'a', 'a settled', 'b', 'a', 'a settled', 'b']);
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
});
