/**
 * The stock operations as data: their fields, the command each sends, the shared schema that
 * checks it first, and the sentence that confirms it.
 */
import { z } from 'zod';
import {
  adjustStockInput,
  countStockInput,
  issueStockInput,
  receiveStockInput,
  reserveStockInput,
  transferStockInput,
} from '../../../../../shared';
import type { CommandName } from '../../api/mutations';
import type { StockOperation } from '../../app/routes';
import { parseMoney } from '../../ui/format';
import { numberOf } from '../products/productInput';

export type OperationValues = Record<string, string>;

export interface OperationField {
  readonly name: string;
  readonly label: string;
  readonly kind: 'number' | 'text' | 'warehouse' | 'reason' | 'datetime' | 'money';
  readonly hint?: string;
  readonly optional?: boolean;
}

export interface OperationSpec {
  readonly title: string;
  readonly verb: string;
  readonly shortcut: string;
  readonly command: CommandName;
  readonly schema: z.ZodType;
  readonly fields: readonly OperationField[];
  /** The field that takes focus once the product is chosen. */
  readonly focusAfterPick: string;
  readonly toInput: (v: OperationValues) => Record<string, unknown>;
}

const reasons = ['DAMAGED', 'EXPIRED', 'LOST', 'FOUND', 'THEFT', 'RETURNED', 'CORRECTION'] as const;
export const reasonOptions = reasons.map((r) => ({
  value: r,
  label: r.charAt(0) + r.slice(1).toLowerCase(),
}));

const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
const compact = (input: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));

const base = (v: OperationValues) => ({
  productId: v['productId'] ?? '',
  warehouseId: v['warehouseId'] ?? '',
});
const warehouse: OperationField = { name: 'warehouseId', label: 'Warehouse', kind: 'warehouse' };
const quantity: OperationField = { name: 'quantity', label: 'Quantity', kind: 'number' };
const note: OperationField = { name: 'note', label: 'Note', kind: 'text', optional: true };

/** The API's enum is in capitals; the shared schema checks the domain's lower-case spelling. */
const adjustSchema = z.preprocess((input) => {
  const { reason, ...rest } = input as Record<string, unknown>;
  return { ...rest, reason: typeof reason === 'string' ? reason.toLowerCase() : reason };
}, adjustStockInput);

export const operations: Readonly<Record<StockOperation, OperationSpec>> = {
  receive: {
    title: 'Receive',
    verb: 'Received',
    shortcut: 'Alt+r',
    command: 'receiveStock',
    schema: receiveStockInput,
    fields: [
      warehouse,
      quantity,
      {
        name: 'unitCost',
        label: 'Unit cost',
        kind: 'money',
        optional: true,
        hint: 'Blank keeps the product’s cost',
      },
      note,
    ],
    focusAfterPick: 'quantity',
    toInput: (v) => {
      const currency = v['currency'] || 'EUR';
      const cost = text(v['unitCost']);
      return compact({
        ...base(v),
        quantity: numberOf(v['quantity'] ?? ''),
        note: text(v['note']),
        unitCost:
          cost === undefined
            ? undefined
            : { amountMinor: parseMoney(cost, currency) ?? Number.NaN, currency },
      });
    },
  },
  issue: {
    title: 'Issue',
    verb: 'Issued',
    shortcut: 'Alt+i',
    command: 'issueStock',
    schema: issueStockInput,
    fields: [
      warehouse,
      quantity,
      {
        name: 'reference',
        label: 'Reference',
        kind: 'text',
        optional: true,
        hint: 'Order, job or cost centre',
      },
    ],
    focusAfterPick: 'quantity',
    toInput: (v) =>
      compact({
        ...base(v),
        quantity: numberOf(v['quantity'] ?? ''),
        reference: text(v['reference']),
      }),
  },
  adjust: {
    title: 'Adjust',
    verb: 'Adjusted',
    shortcut: 'Alt+a',
    command: 'adjustStock',
    schema: adjustSchema,
    fields: [
      warehouse,
      { name: 'delta', label: 'Change', kind: 'number', hint: 'Negative to remove, e.g. -3' },
      { name: 'reason', label: 'Reason', kind: 'reason' },
      note,
    ],
    focusAfterPick: 'delta',
    toInput: (v) =>
      compact({
        ...base(v),
        delta: numberOf(v['delta'] ?? ''),
        reason: v['reason'] ?? '',
        note: text(v['note']),
      }),
  },
  transfer: {
    title: 'Transfer',
    verb: 'Transferred',
    shortcut: 'Alt+t',
    command: 'transferStock',
    schema: transferStockInput,
    fields: [
      { name: 'fromWarehouseId', label: 'From warehouse', kind: 'warehouse' },
      { name: 'toWarehouseId', label: 'To warehouse', kind: 'warehouse' },
      quantity,
      note,
    ],
    focusAfterPick: 'quantity',
    toInput: (v) =>
      compact({
        productId: v['productId'] ?? '',
        fromWarehouseId: v['fromWarehouseId'] ?? '',
        toWarehouseId: v['toWarehouseId'] ?? '',
        quantity: numberOf(v['quantity'] ?? ''),
        note: text(v['note']),
      }),
  },
  count: {
    title: 'Count',
    verb: 'Counted',
    shortcut: 'Alt+c',
    command: 'countStock',
    schema: countStockInput,
    fields: [
      warehouse,
      {
        name: 'countedQuantity',
        label: 'Counted quantity',
        kind: 'number',
        hint: 'What is on the shelf; the difference is booked',
      },
      note,
    ],
    focusAfterPick: 'countedQuantity',
    toInput: (v) =>
      compact({
        ...base(v),
        countedQuantity: numberOf(v['countedQuantity'] ?? ''),
        note: text(v['note']),
      }),
  },
  reserve: {
    title: 'Reserve',
    verb: 'Reserved',
    shortcut: 'Alt+v',
    command: 'reserveStock',
    schema: reserveStockInput,
    fields: [
      warehouse,
      quantity,
      { name: 'expiresAt', label: 'Hold until', kind: 'datetime' },
      {
        name: 'reference',
        label: 'Reference',
        kind: 'text',
        optional: true,
        hint: 'Customer order or job',
      },
    ],
    focusAfterPick: 'quantity',
    toInput: (v) => {
      const until = v['expiresAt'] ? new Date(v['expiresAt']) : null;
      return compact({
        ...base(v),
        quantity: numberOf(v['quantity'] ?? ''),
        reference: text(v['reference']),
        expiresAt: until === null || Number.isNaN(until.getTime()) ? '' : until.toISOString(),
      });
    },
  },
};
