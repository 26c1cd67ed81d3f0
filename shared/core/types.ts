/** Money in integer minor units of an ISO 4217 currency; never a float. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/**
 * The most units of one product there may be on hand, all its warehouses together, and on order,
 * all its open purchase orders together: the largest whole number the stock columns of the
 * database and the Int fields of the API carry (2^31 − 1). So the stock of a product in each
 * warehouse, in all of them added up, and what is due on its orders stay within what those carry.
 */
export const MAX_PRODUCT_STOCK = 2_147_483_647;

/** A domain event before it is stored: its type and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/** An event addressed to the stream it belongs to. */
export interface StreamEvent<E extends DomainEvent = DomainEvent> {
  readonly stream: string;
  readonly event: E;
}

/** Who did something, when, and why: recorded with every stored event. */
export interface EventMetadata {
  readonly actor: string;
  readonly idempotencyKey: string | null;
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** A stored event, as read back from the event store. */
export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  readonly eventId: string;
  readonly tenantId: string;
  readonly stream: string;
  readonly version: number;
  readonly position: number;
  readonly type: E['type'];
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}

/** Names of the streams each aggregate writes to. */
export const streams = {
  product: (id: string) => `product:${id}`,
  warehouse: (id: string) => `warehouse:${id}`,
  supplier: (id: string) => `supplier:${id}`,
  purchaseOrder: (id: string) => `purchase-order:${id}`,
} as const;

/** Compile-time proof that a switch handled every case. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
};
