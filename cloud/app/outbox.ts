import type { StockLevelChange } from '../services/publisher';

/** What a command's outbox row says about it: enough for what follows a commit to need no reads. */
export interface OutboxPayload {
  readonly command: string;
  readonly eventIds: readonly string[];
  readonly types: readonly string[];
  readonly productIds: readonly string[];
  readonly correlationId: string;
  readonly occurredAt: string;
  /** How many ledger lines the command wrote (what billing meters). */
  readonly movementCount: number;
  readonly levels: readonly StockLevelChange[];
}
