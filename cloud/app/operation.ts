import type { z } from 'zod';
import type { StockMateEvent, StreamEvent } from '../../shared';
import type { LoadPlan, Loaded } from '../db/load';
import type { Tx } from '../db/port';
import type { Ids } from './ports';

export type Role = 'viewer' | 'clerk' | 'manager' | 'admin';
export const roleRank: Readonly<Record<Role, number>> = {
  viewer: 0,
  clerk: 1,
  manager: 2,
  admin: 3,
};

/** What a decision may use besides the loaded rows. */
export interface DecisionContext {
  /** Now, ISO 8601. */
  readonly now: string;
  /** Today (UTC), YYYY-MM-DD. */
  readonly today: string;
}

/** What preparing a command may use: the transaction (for lookups), ids, and numbered counters. */
export interface PrepareContext {
  readonly tx: Tx;
  readonly ids: Ids;
  /** The next value of a tenant's counter; written only if the command commits. */
  allocate(counter: 'purchase_order'): Promise<number>;
}

/**
 * One mutation of the domain: validated input → command → what to load → events.
 * `I` is the validated input, `C` the command with every id filled in.
 */
export interface Operation<I = unknown, C = unknown> {
  readonly name: string;
  /** The least role allowed to run it. */
  readonly role: Role;
  /**
   * Committed in a transaction of its own (its load has lookups that cannot be merged: SKU, code,
   * units on order…).
   */
  readonly solo?: boolean;
  /**
   * Committed alone in its tenant, in an exclusive transaction: no write of the tenant runs beside
   * it, so it decides on every write committed before it, and none decided without it commits
   * after it (archiving a warehouse, against units received into it meanwhile).
   */
  readonly exclusive?: boolean;
  readonly input: z.ZodType<I>;
  prepare(input: I, context: PrepareContext): C | Promise<C>;
  plan(command: C): LoadPlan;
  decide(command: C, loaded: Loaded, context: DecisionContext): StreamEvent<StockMateEvent>[];
}

/** Declares an operation with its types inferred from its input schema. */
export const operation = <S extends z.ZodType, C>(spec: {
  name: string;
  role: Role;
  solo?: boolean;
  exclusive?: boolean;
  input: S;
  prepare: (input: z.output<S>, context: PrepareContext) => C | Promise<C>;
  plan: (command: C) => LoadPlan;
  decide: (command: C, loaded: Loaded, context: DecisionContext) => StreamEvent<StockMateEvent>[];
}): Operation<z.output<S>, C> => spec as unknown as Operation<z.output<S>, C>;
