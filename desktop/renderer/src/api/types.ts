/** The API's shapes as the renderer reads them (a subset of shared/schema/schema.graphql). */
import type { NotificationKind, Severity } from '../../../../shared/analytics/issues';
import type { Money } from '../../../../shared/core/types';
import type { ProductDetails } from '../../../../shared/inventory/product/events';

export type { Money };

export type StockStatus = 'OK' | 'LOW' | 'STOCKOUT' | 'OVERSTOCK';
export type Role = 'VIEWER' | 'CLERK' | 'MANAGER' | 'ADMIN';

export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly tenantId: string;
  readonly role: Role;
}

export interface ProductStock {
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly onOrder: number;
  readonly reorderPoint: number | null;
  readonly maxStock: number | null;
  readonly status: StockStatus;
}

export interface StockLevel {
  readonly productId: string;
  readonly warehouseId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly updatedAt: string;
}

/** A product as the API returns it: its catalogue facts, and what the backend keeps with them. */
export interface Product extends ProductDetails {
  readonly productId: string;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly stock: ProductStock | null;
  readonly levels?: readonly StockLevel[] | null;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken: string | null;
}

export interface ProductPage extends Page<Product> {
  readonly total: number;
}

export interface Warehouse {
  readonly warehouseId: string;
  readonly code: string;
  readonly name: string;
  readonly address: string | null;
  readonly archived: boolean;
}

export interface Supplier {
  readonly supplierId: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
  readonly packSize: number;
  readonly unitPrice: Money | null;
  /** No new order goes to it; its orders and the products that prefer it still name it. */
  readonly archived: boolean;
}

export type MovementKind = 'RECEIPT' | 'ISSUE' | 'ADJUSTMENT' | 'TRANSFER_OUT' | 'TRANSFER_IN';

export interface Movement {
  readonly eventId: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly kind: MovementKind;
  readonly quantity: number;
  readonly onHandAfter: number;
  readonly reason: string | null;
  readonly note: string | null;
  readonly reference: string | null;
  readonly actor: string;
  readonly occurredAt: string;
}

export type ReservationStatus = 'ACTIVE' | 'RELEASED' | 'EXPIRED' | 'FULFILLED';

export interface Reservation {
  readonly reservationId: string;
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly expiresAt: string;
  readonly reference: string | null;
  readonly status: ReservationStatus;
  readonly createdAt: string;
}

export type PurchaseOrderStatus =
  'DRAFT' | 'SUBMITTED' | 'PARTIALLY_RECEIVED' | 'RECEIVED' | 'CANCELLED' | 'POSTPONED' | 'CLOSED';

export interface PurchaseOrderLine {
  readonly lineId: string;
  readonly productId: string;
  readonly quantityOrdered: number;
  readonly quantityReceived: number;
  readonly unitCost: Money;
}

export interface PurchaseOrder {
  readonly purchaseOrderId: string;
  readonly number: string;
  readonly supplierId: string;
  readonly warehouseId: string;
  readonly status: PurchaseOrderStatus;
  readonly expectedAt: string;
  readonly source: 'MANUAL' | 'SUGGESTED';
  readonly reason: string | null;
  readonly note: string | null;
  readonly lines: readonly PurchaseOrderLine[];
  readonly createdAt: string;
  readonly submittedAt: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
  /** A dismissed suggestion: the day from which its products may be suggested again. */
  readonly suggestAgainOn: string | null;
}

export interface StoredEvent {
  readonly eventId: string;
  readonly version: number;
  readonly type: string;
  readonly data: string;
  readonly actor: string;
  readonly occurredAt: string;
}

export interface AppNotification {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly severity: Severity;
  readonly title: string;
  readonly productId: string | null;
  readonly purchaseOrderId: string | null;
  readonly numbers: string;
  readonly advice: string | null;
  readonly adviceSource: string;
  readonly createdAt: string;
  readonly readAt: string | null;
}

export interface StockChange {
  readonly eventId: string;
  readonly command: string;
  readonly occurredAt: string;
  readonly levels: readonly StockLevel[];
}

export interface Dashboard {
  readonly stockValue: readonly Money[];
  readonly products: number;
  readonly lowStock: number;
  readonly stockouts: number;
  readonly overstock: number;
  readonly openPurchaseOrders: number;
  readonly latePurchaseOrders: number;
  readonly suggestedPurchaseOrders: number;
  readonly unreadNotifications: number;
}

export interface ForecastPoint {
  readonly date: string;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
}

export interface Forecast {
  readonly analysedAt: string;
  readonly model: string;
  readonly backtestMase: number | null;
  readonly seasonalNaiveMase: number | null;
  readonly weeklySeasonality: boolean;
  readonly yearlySeasonality: boolean;
  readonly intervalLevel: number;
  readonly horizon: readonly ForecastPoint[];
  readonly history: readonly { readonly date: string; readonly quantity: number }[];
  readonly leadTimeDays: number;
  readonly leadTimeDemand: number;
  readonly serviceLevel: number;
  readonly safetyStock: number;
  readonly reorderPoint: number;
  /** Null while there is no demand to plan a maximum from. */
  readonly maximumStock: number | null;
  readonly historyNote: string;
}

export interface MetricUsage {
  readonly metric: string;
  readonly quantity: number;
  readonly reported: number;
  readonly pending: number;
  readonly lastReportedAt: string | null;
}

export interface BillingUsage {
  readonly period: string;
  readonly metrics: readonly MetricUsage[];
  readonly stripeConfigured: boolean;
  readonly customerId: string | null;
}

/** What every mutation returns: the after-image of the rows it touched. */
export interface ChangeSet {
  readonly replayed: boolean;
  readonly products: readonly Product[];
  readonly warehouses: readonly Warehouse[];
  readonly suppliers: readonly Supplier[];
  readonly stockLevels: readonly StockLevel[];
  readonly reservations: readonly Reservation[];
  readonly purchaseOrders: readonly PurchaseOrder[];
}
