/**
 * Decider specifications: given these events, when this command, then these events (or this
 * typed error). One helper for every aggregate, built from its decide, evolve and initial state.
 */
import { expect } from 'vitest';
import type { ErrorType, StockMateError } from '../../../shared';
import { isStockMateError } from '../../../shared';

/** An aggregate as its specifications see it. */
export interface Decider<Command, Event, State, Env> {
  readonly decide: (command: Command, state: State, env: Env) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: State;
}

/** The typed error a command should fail with; `field` must be among the fields it names. */
export interface ExpectedFailure {
  readonly type: ErrorType;
  readonly field?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface Then<Event, State> {
  /** Asserts the command decides exactly these events; returns the state after them. */
  then(expected: readonly Event[]): State;
  /** Asserts the command fails with this typed error; returns the error for closer checks. */
  thenFails(expected: ExpectedFailure): StockMateError;
}

export interface Given<Command, Event, State, Env> {
  /** The state the given events fold to. */
  readonly state: State;
  when(command: Command, env: Env): Then<Event, State>;
}

/** `given(events).when(command, env).then(events)` for one aggregate. */
export const givenFor =
  <Command, Event, State, Env = void>(decider: Decider<Command, Event, State, Env>) =>
  (history: readonly Event[] = []): Given<Command, Event, State, Env> => {
    const state = history.reduce(decider.evolve, decider.initialState);
    const decide = (command: Command, env: Env): readonly Event[] => {
      const before = structuredClone(state);
      try {
        return decider.decide(command, state, env);
      } finally {
        // Deciding is pure: whatever it answers, the state it was given is unchanged.
        expect(state).toEqual(before);
      }
    };
    return {
      state,
      when: (command, env) => ({
        then: (expected) => {
          const events = decide(command, env);
          expect(events).toEqual(expected);
          return events.reduce(decider.evolve, state);
        },
        thenFails: (expected) => {
          let events: readonly Event[];
          try {
            events = decide(command, env);
          } catch (error) {
            if (!isStockMateError(error)) throw error;
            expect(error.type, error.message).toBe(expected.type);
            if (expected.field !== undefined) {
              expect(error.fields.map((f) => f.field)).toContain(expected.field);
            }
            if (expected.details !== undefined)
              expect(error.details).toMatchObject(expected.details);
            return error;
          }
          return expect.fail(`expected ${expected.type}, but decided ${JSON.stringify(events)}`);
        },
      }),
    };
  };
