/**
 * The Notifications port: how the backend pushes live updates to subscribed desktops. In the
 * cloud it calls AppSync's IAM-only publish mutations; locally, the local server's.
 */
import type { NotificationKind, Severity } from '../../shared/analytics/issues';

export interface StockLevelChange {
  readonly productId: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly updatedAt: string;
}

/** Stock levels changed by one committed command (the schema's StockChange). */
export interface StockChange {
  readonly tenantId: string;
  readonly eventId: string;
  readonly command: string;
  readonly occurredAt: string;
  readonly levels: readonly StockLevelChange[];
}

/** A notification as the schema's Notification type carries it. */
export interface NotificationMessage {
  readonly tenantId: string;
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly severity: Severity;
  readonly title: string;
  readonly productId: string | null;
  readonly purchaseOrderId: string | null;
  /** JSON text of the figures behind it (AWSJSON). */
  readonly numbers: string;
  readonly advice: string | null;
  readonly adviceSource: 'OPENAI' | 'RULES' | 'NONE';
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface Publisher {
  /** Fans a stock change out to the tenant's onStockChanged subscribers. */
  stockChanged(change: StockChange): Promise<void>;
  /** Fans a notification out to the tenant's onNotification subscribers. */
  notification(message: NotificationMessage): Promise<void>;
}
