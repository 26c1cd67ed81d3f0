/**
 * The resolver handler on an in-memory PGlite database, called with events shaped the way
 * AppSync's direct Lambda resolvers send them, and short helpers to set up a tenant's data.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Identity } from '../../../cloud/api/caller';
import type { AppSyncError } from '../../../cloud/api/errors';
import type { ApiPorts, ResolverEvent, ResolverResult } from '../../../cloud/api/handler';
import { handle } from '../../../cloud/api/handler';
import { createCommandService } from '../../../cloud/app/execute';
import { fixedClock, randomIds } from '../../../cloud/app/ports';
import type { CommandResult } from '../../../cloud/app/result';
import type { Database } from '../../../cloud/db/port';
import { createRuleAdvisor } from '../../../cloud/services/advisor';
import type { Billing } from '../../../cloud/services/billing';
import { createBilling } from '../../../cloud/services/billing';
import type { NotificationMessage, Publisher } from '../../../cloud/services/publisher';
import type { LocalWorkflows } from '../../../cloud/workflows/local-runner';
import { createLocalWorkflows } from '../../../cloud/workflows/local-runner';
import { tasks } from '../../../cloud/workflows/tasks';
import { pgliteAdapter } from '../../support/adapters';
import { dumpAll } from '../../support/dump';

export type RoleName = 'viewer' | 'clerk' | 'manager' | 'admin';
export const roleNames: readonly RoleName[] = ['viewer', 'clerk', 'manager', 'admin'];

/** Where the test clock starts; dates in inputs are chosen after it. */
export const CLOCK_START = '2031-01-06T08:00:00.000Z';
export const LATER_DATE = '2031-03-01';
export const LATER_TIME = '2031-06-01T00:00:00.000Z';

export interface Api {
  readonly db: Database;
  readonly ports: ApiPorts;
  /** The in-process workflows behind runUsageAnalysis. */
  readonly workflows: LocalWorkflows;
  readonly billing: Billing;
  /** Notifications the workflows published, in order. */
  readonly published: NotificationMessage[];
  /** What the handler reported as committed, in order. */
  readonly committed: { tenantId: string; result: CommandResult }[];
  /** What the handler logged as unexpected. */
  readonly logged: { message: string; error: unknown }[];
  close(): Promise<void>;
}

/** A migrated in-memory database behind the handler; the clock moves a second per command. */
export const openApi = async (): Promise<Api> => {
  const opened = await pgliteAdapter.open();
  const clock = fixedClock(CLOCK_START);
  const ticking = {
    now: () => {
      const now = clock.now();
      clock.advance(1000);
      return now;
    },
  };
  const committed: Api['committed'] = [];
  const logged: Api['logged'] = [];
  const log = (message: string, error?: unknown) => logged.push({ message, error });
  const commands = createCommandService({ db: opened.db, clock: ticking, ids: randomIds });
  const billing = createBilling({ db: opened.db, reporter: null, clock: ticking });
  const published: NotificationMessage[] = [];
  const publisher: Publisher = {
    stockChanged: () => Promise.resolve(),
    notification: (message) => {
      published.push(message);
      return Promise.resolve();
    },
  };
  const workflows = createLocalWorkflows({
    db: opened.db,
    clock: ticking,
    tasks,
    ports: {
      db: opened.db,
      commands,
      advisor: createRuleAdvisor(),
      billing,
      publisher,
      clock: ticking,
      log,
    },
    retryIntervalMs: 1,
    log,
  });
  const ports: ApiPorts = {
    db: opened.db,
    commands,
    workflows,
    billing,
    clock: ticking,
    committed: (tenantId, result) => committed.push({ tenantId, result }),
    log,
  };
  return {
    db: opened.db,
    ports,
    workflows,
    billing,
    published,
    committed,
    logged,
    close: async () => {
      await workflows.idle();
      await opened.close();
    },
  };
};

/** A Cognito user pool identity as AppSync passes it to a Lambda resolver. */
export const userIdentity = (
  tenantId: string | null,
  groups: readonly string[],
  sub = `user-${randomUUID().slice(0, 8)}`,
): Identity => {
  const claims: Record<string, unknown> = {
    sub,
    'cognito:groups': groups,
    'cognito:username': sub,
    token_use: 'access',
  };
  if (tenantId !== null) claims['custom:tenant_id'] = tenantId;
  return { sub, username: sub, claims, groups };
};

/** An IAM (SigV4) identity, as the backend's notifier calls AppSync with. */
export const iamIdentity: Identity = {
  userArn: 'arn:aws:sts::123456789012:assumed-role/stockmate-notifier/notifier-session',
  accountId: '123456789012',
  username: 'AROAEXAMPLE:notifier-session',
};

export const resolverEvent = (
  parentTypeName: 'Query' | 'Mutation',
  fieldName: string,
  args: Record<string, unknown> | null,
  identity: Identity | null,
): ResolverEvent => ({ arguments: args, identity, info: { fieldName, parentTypeName } });

export const key = () => `k-${randomUUID()}`;

/** A caller of the API with one identity. Mutations get a fresh idempotency key unless given one. */
export const client = (api: Api, identity: Identity | null) => ({
  identity,
  query: (field: string, args: Record<string, unknown> = {}) =>
    handle(resolverEvent('Query', field, args, identity), api.ports),
  mutate: (field: string, input: Record<string, unknown>) =>
    handle(
      resolverEvent('Mutation', field, { input: { idempotencyKey: key(), ...input } }, identity),
      api.ports,
    ),
  /** A mutation with exactly these arguments (no key added). */
  raw: (field: string, args: Record<string, unknown> | null) =>
    handle(resolverEvent('Mutation', field, args, identity), api.ports),
});
export type Client = ReturnType<typeof client>;

/** The data of a result that must have succeeded. */
export const data = <T = Record<string, unknown>>(result: ResolverResult): T => {
  if ('error' in result) {
    throw new Error(`expected data, got ${result.error.errorType}: ${result.error.message}`);
  }
  return result.data as T;
};

/** The error of a result that must have failed. */
export const failure = (result: ResolverResult): AppSyncError => {
  if (!('error' in result))
    throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.error;
};

/** Asserts the error's type and that it names `field` among its fields. */
export const expectError = (result: ResolverResult, errorType: string, field?: string) => {
  const error = failure(result);
  expect(error.errorType, error.message).toBe(errorType);
  if (field !== undefined) {
    expect(
      error.errorInfo?.fields.map((f) => f.field),
      error.message,
    ).toContain(field);
  }
  return error;
};

// Result shapes, as the schema declares them (only what the tests read).
export interface Money {
  amountMinor: number;
  currency: string;
}
export interface EventRef {
  eventId: string;
  type: string;
  stream: string;
  version: number;
}
export interface StockLevel {
  productId: string;
  warehouseId: string;
  onHand: number;
  reserved: number;
  available: number;
  updatedAt: string;
}
export interface ProductStock {
  onHand: number;
  reserved: number;
  available: number;
  onOrder: number;
  reorderPoint: number | null;
  maxStock: number | null;
  status: string;
}
export interface Product {
  productId: string;
  sku: string;
  name: string;
  unit: string;
  barcode: string | null;
  unitCost: Money;
  archived: boolean;
  category: string | null;
  minStock: number | null;
  maxStock: number | null;
  createdAt: string;
  updatedAt: string;
  stock: ProductStock | null;
  levels?: StockLevel[] | null;
}
export interface Warehouse {
  warehouseId: string;
  code: string;
  name: string;
  address: string | null;
  archived: boolean;
}
export interface Supplier {
  supplierId: string;
  name: string;
  email: string | null;
  unitPrice: Money | null;
  archived: boolean;
}
export interface Movement {
  eventId: string;
  seq: number;
  productId: string;
  warehouseId: string;
  kind: string;
  quantity: number;
  onHandAfter: number;
  reason: string | null;
  reference: string | null;
  purchaseOrderId: string | null;
  actor: string;
  occurredAt: string;
}
export interface Reservation {
  reservationId: string;
  productId: string;
  warehouseId: string;
  quantity: number;
  status: string;
  expiresAt: string;
}
export interface PurchaseOrderLine {
  lineId: string;
  productId: string;
  quantityOrdered: number;
  quantityReceived: number;
  unitCost: Money;
}
export interface PurchaseOrder {
  purchaseOrderId: string;
  number: string;
  supplierId: string;
  warehouseId: string;
  status: string;
  source: string;
  expectedAt: string;
  lines: PurchaseOrderLine[];
  closedAt: string | null;
  suggestAgainOn: string | null;
}
export interface ChangeSet {
  replayed: boolean;
  events: EventRef[];
  products: Product[];
  warehouses: Warehouse[];
  suppliers: Supplier[];
  stockLevels: StockLevel[];
  movements: Movement[];
  reservations: Reservation[];
  purchaseOrders: PurchaseOrder[];
}
export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/** A fresh tenant with a client per role and helpers that set data up through the API. */
export const tenant = (api: Api, tenantId = `t-${randomUUID().slice(0, 12)}`) => {
  const as = (role: RoleName) => client(api, userIdentity(tenantId, [role]));
  const admin = as('admin');
  const change = async (field: string, input: Record<string, unknown>) =>
    data<ChangeSet>(await admin.mutate(field, input));
  return {
    tenantId,
    as,
    admin,
    change,
    dump: () => dumpAll(api.db, tenantId),
    warehouse: async (
      code = `W-${randomUUID().slice(0, 6)}`,
      extra: Record<string, unknown> = {},
    ) =>
      (await change('createWarehouse', { code, name: `Warehouse ${code}`, ...extra }))
        .warehouses[0]!.warehouseId,
    supplier: async (extra: Record<string, unknown> = {}) =>
      (await change('createSupplier', { name: 'Acme Supplies', ...extra })).suppliers[0]!
        .supplierId,
    product: async (extra: Record<string, unknown> = {}) =>
      (
        await change('registerProduct', {
          sku: `SKU-${randomUUID().slice(0, 8)}`,
          name: 'Widget',
          unitCost: { amountMinor: 250, currency: 'EUR' },
          ...extra,
        })
      ).products[0]!.productId,
    receive: (productId: string, warehouseId: string, quantity: number) =>
      change('receiveStock', { productId, warehouseId, quantity }),
    order: async (
      supplierId: string,
      warehouseId: string,
      lines: readonly { productId: string; quantity: number }[],
    ) =>
      (
        await change('draftPurchaseOrder', {
          supplierId,
          warehouseId,
          expectedAt: LATER_DATE,
          lines: lines.map((l) => ({ ...l, unitCost: { amountMinor: 199, currency: 'EUR' } })),
        })
      ).purchaseOrders[0]!,
  };
};
export type Tenant = ReturnType<typeof tenant>;
