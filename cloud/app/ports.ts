import { randomUUID } from 'node:crypto';

/** The time, passed in so that everything that depends on it can be tested. */
export interface Clock {
  now(): Date;
}

/** Identifier generation, passed in for the same reason. */
export interface Ids {
  uuid(): string;
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: Ids = { uuid: () => randomUUID() };

/** A clock that stands still until moved: for tests and replays. */
export const fixedClock = (start: string | Date) => {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at: string | Date) => {
      current = new Date(at);
    },
    advance: (ms: number) => {
      current = new Date(current.getTime() + ms);
    },
  };
};

/** Predictable UUIDs (v4-shaped) for tests. */
export const sequentialIds = (seed = 1): Ids => {
  let n = seed;
  return {
    uuid: () => {
      const hex = (n++).toString(16).padStart(12, '0');
      return `00000000-0000-4000-8000-${hex}`;
    },
  };
};
