import type { CommandService } from '../../app/execute';
import type { Clock } from '../../app/ports';
import type { Database } from '../../db/port';
import type { Advisor } from '../../services/advisor';
import type { Billing } from '../../services/billing';
import type { Publisher } from '../../services/publisher';

/** What the workflow tasks need; each environment's composition root supplies it. */
export interface TaskPorts {
  readonly db: Database;
  readonly commands: CommandService;
  readonly advisor: Advisor;
  readonly billing: Billing;
  readonly publisher: Publisher;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
}

/**
 * The input of the stock-changed workflow: the committed commands of one relay batch, named after
 * the first one's event (`eventId`).
 */
export interface StockChangedInput {
  readonly tenantId: string;
  readonly executionName: string;
  readonly eventId: string;
  /** The first event of each command the run covers, in commit order. */
  readonly eventIds: readonly string[];
  readonly commands: readonly string[];
  /** Every product the commands touched, each once. */
  readonly productIds: readonly string[];
  /** The commands' ledger lines together: what billing meters, once for the run. */
  readonly movementCount: number;
  /** When the last of the commands happened. */
  readonly occurredAt: string;
}

export type IssueKind = 'LOW_STOCK' | 'STOCKOUT' | 'OVERSTOCK' | 'PO_SUGGESTED' | 'PO_POSTPONED';

/** One issue found for one product, with what the notification will say. */
export interface Issue {
  readonly kind: IssueKind;
  readonly severity: 'INFO' | 'WARNING' | 'CRITICAL';
  readonly title: string;
  readonly productId: string;
  readonly purchaseOrderId: string | null;
  readonly product: { readonly sku: string; readonly name: string; readonly unit: string };
  readonly numbers: Readonly<Record<string, number | string | null>>;
  readonly advice?: { readonly text: string; readonly source: 'OPENAI' | 'RULES' };
}

/** What the issue analyser passes on to the advisor and the notifier. */
export interface IssuesFound {
  readonly tenantId: string;
  readonly executionName: string;
  readonly eventId: string;
  readonly issueCount: number;
  readonly issues: readonly Issue[];
  /** Set by the workflow when the advisor failed after its retries. */
  readonly adviceError?: unknown;
}
