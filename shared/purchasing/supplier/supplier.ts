import { z } from 'zod';
import type { DomainEvent, Money } from '../../core';
import { assertNever, conflict, fields, moneySchema, notFound } from '../../core';

/** A supplier and its default ordering terms. */
export interface SupplierDetails {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly leadTimeDays: number;
  readonly minimumOrderQuantity: number;
  readonly packSize: number;
  readonly unitPrice: Money | null;
}

export type SupplierEvent =
  | DomainEvent<'SupplierCreated', { supplierId: string } & SupplierDetails>
  | DomainEvent<'SupplierUpdated', { supplierId: string; changes: Partial<SupplierDetails> }>
  | DomainEvent<'SupplierArchived', { supplierId: string }>
  | DomainEvent<'SupplierRestored', { supplierId: string }>;

export interface SupplierState {
  readonly supplier:
    ({ readonly supplierId: string; readonly archived: boolean } & SupplierDetails) | null;
}

export const initialSupplierState: SupplierState = { supplier: null };

export const evolveSupplier = (state: SupplierState, event: SupplierEvent): SupplierState => {
  switch (event.type) {
    case 'SupplierCreated':
      return { supplier: { ...event.data, archived: false } };
    case 'SupplierUpdated':
      return state.supplier === null
        ? state
        : { supplier: { ...state.supplier, ...event.data.changes } };
    case 'SupplierArchived':
    case 'SupplierRestored':
      return state.supplier === null
        ? state
        : { supplier: { ...state.supplier, archived: event.type === 'SupplierArchived' } };
    default:
      return assertNever(event);
  }
};

export type SupplierCommand =
  | { type: 'CreateSupplier'; supplierId: string; details: SupplierDetails }
  | { type: 'UpdateSupplier'; supplierId: string; changes: Partial<SupplierDetails> }
  | { type: 'ArchiveSupplier'; supplierId: string }
  | { type: 'RestoreSupplier'; supplierId: string };

/** A supplier's purchase orders still open — drafts, and orders not yet fully received. */
export interface OpenOrders {
  readonly open: number;
  /** How many of the open ones are drafts. */
  readonly drafts: number;
  /** How many of the open ones have received some of their goods. */
  readonly partlyReceived: number;
}

export interface SupplierEnv {
  readonly openOrders?: OpenOrders;
}

const orders = (n: number, kind: string) => `${n} ${kind} purchase order${n === 1 ? '' : 's'}`;

/** Why a supplier with open orders cannot be archived, and what would let it be. */
const stillOrderedFrom = (name: string, { open, drafts, partlyReceived }: OpenOrders) => {
  const them = (n: number) => (n === 1 ? 'it' : 'them');
  if (drafts === open)
    return `${name} has ${orders(open, 'draft')}; move ${them(open)} to another supplier or cancel ${them(open)} first`;
  // Besides receiving or cancelling: what else each kind of open order allows.
  const otherwise = [
    ...(drafts === 0
      ? []
      : [`${drafts === 1 ? 'the draft' : `the ${drafts} drafts`} can move to another supplier`]),
    ...(partlyReceived === 0
      ? []
      : [
          `${partlyReceived === 1 ? 'the partly received one' : `the ${partlyReceived} partly received ones`} can be closed short`,
        ]),
  ];
  return `${name} has ${orders(open, 'open')}; receive or cancel ${them(open)} first${otherwise.length === 0 ? '' : ` (${otherwise.join(', and ')} instead)`}`;
};

export const decideSupplier = (
  command: SupplierCommand,
  state: SupplierState,
  env: SupplierEnv = {},
): SupplierEvent[] => {
  switch (command.type) {
    case 'CreateSupplier':
      if (state.supplier !== null)
        throw conflict('supplierId', `supplier ${command.supplierId} already exists`);
      return [
        { type: 'SupplierCreated', data: { supplierId: command.supplierId, ...command.details } },
      ];
    case 'UpdateSupplier': {
      const current = state.supplier;
      if (current === null) throw notFound('supplierId', `no supplier ${command.supplierId}`);
      const changes = Object.fromEntries(
        Object.entries(command.changes).filter(
          ([k, v]) =>
            v !== undefined &&
            JSON.stringify(current[k as keyof SupplierDetails]) !== JSON.stringify(v),
        ),
      );
      return Object.keys(changes).length === 0
        ? []
        : [{ type: 'SupplierUpdated', data: { supplierId: command.supplierId, changes } }];
    }
    case 'ArchiveSupplier': {
      const current = state.supplier;
      if (current === null) throw notFound('supplierId', `no supplier ${command.supplierId}`);
      if (current.archived) return [];
      const open = env.openOrders;
      if (open !== undefined && open.open > 0)
        throw conflict('supplierId', stillOrderedFrom(current.name, open));
      return [{ type: 'SupplierArchived', data: { supplierId: command.supplierId } }];
    }
    case 'RestoreSupplier': {
      const current = state.supplier;
      if (current === null) throw notFound('supplierId', `no supplier ${command.supplierId}`);
      return current.archived
        ? [{ type: 'SupplierRestored', data: { supplierId: command.supplierId } }]
        : [];
    }
    default:
      return assertNever(command);
  }
};

const email = z
  .email({ error: 'must be an email address' })
  .max(254, 'must be at most 254 characters');
const phone = z
  .string()
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^[0-9+() .-]*$/, 'may contain only digits, spaces and + ( ) . -');
const orderMultiple = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1000000');

export const createSupplierInput = z
  .object({
    supplierId: fields.id.optional(),
    name: fields.name,
    email: email.nullish().transform((v) => v ?? null),
    phone: phone.nullish().transform((v) => (v ? v : null)),
    leadTimeDays: fields.days.default(7),
    minimumOrderQuantity: orderMultiple.default(1),
    packSize: orderMultiple.default(1),
    unitPrice: moneySchema.nullish().transform((v) => v ?? null),
  })
  .strict();

export const updateSupplierInput = z
  .object({
    supplierId: fields.id,
    name: fields.name.optional(),
    email: email.nullable().optional(),
    phone: phone.nullable().optional(),
    leadTimeDays: fields.days.optional(),
    minimumOrderQuantity: orderMultiple.optional(),
    packSize: orderMultiple.optional(),
    unitPrice: moneySchema.nullable().optional(),
  })
  .strict();

export const supplierIdInput = z.object({ supplierId: fields.id }).strict();
