import type { StockLevelChange } from '../services/publisher';

/** What the outbox says about one command: enough for what follows a commit to need no reads. */
export interface OutboxCommand {
  readonly command: string;
  /** The command's events, in order; the first one names it. */
  readonly eventIds: readonly string[];
  readonly types: readonly string[];
  readonly productIds: readonly string[];
  readonly correlationId: string;
  readonly occurredAt: string;
  /** How many ledger lines the command wrote (what billing meters). */
  readonly movementCount: number;
  readonly levels: readonly StockLevelChange[];
}

/**
 * An outbox row's payload: the commands of one commit (one command, or a group committed together)
 * that share a topic, in commit order. One row per commit and topic, not one per command: a group
 * of commands costs the commit one row, and the relay one row to claim and delete.
 */
export interface OutboxPayload {
  readonly commands: readonly OutboxCommand[];
}
