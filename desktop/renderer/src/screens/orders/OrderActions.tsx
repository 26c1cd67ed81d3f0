/**
 * What can be done with an order in its state: edit or submit a draft, postpone or cancel an open
 * one, close a partly received one short, dismiss a suggestion until a day.
 */
import { useState } from 'react';
import {
  cancelPurchaseOrderInput,
  closePurchaseOrderInput,
  postponePurchaseOrderInput,
} from '../../../../../shared';
import { addDays } from '../../../../../shared/core/dates';
import { productsById } from '../../api/byId';
import { describeError } from '../../api/errors';
import { productFields, stockFields } from '../../api/fragments';
import { newKey } from '../../api/keys';
import type { Product, PurchaseOrder } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, TextField } from '../../ui/Field';
import { formatDate, formatNumber, isoDatePlus } from '../../ui/format';
import { isOpen, isOpenSuggestion, mayStillCome, remaining, unitsOrdered } from './orderMath';
import { OrderForm } from './OrderForm';

type Values = { expectedAt: string; suggestAgainOn: string; reason: string };

type Kind = 'postpone' | 'cancel' | 'close' | 'dismiss';

/**
 * Each change of an open order: its command, what its button on the order and its dialog are
 * called, and what is said once done.
 */
const changes = {
  postpone: {
    action: 'Postpone',
    command: 'postponePurchaseOrder',
    schema: postponePurchaseOrderInput,
    title: 'Postpone',
    button: 'Postpone order',
    done: 'postponed',
  },
  cancel: {
    action: 'Cancel order',
    command: 'cancelPurchaseOrder',
    schema: cancelPurchaseOrderInput,
    title: 'Cancel',
    button: 'Cancel order',
    done: 'cancelled',
  },
  close: {
    action: 'Close short',
    command: 'closePurchaseOrder',
    schema: closePurchaseOrderInput,
    title: 'Close short',
    button: 'Close short',
    done: 'closed short',
  },
  dismiss: {
    action: 'Dismiss',
    command: 'cancelPurchaseOrder',
    schema: cancelPurchaseOrderInput,
    title: 'Dismiss',
    button: 'Dismiss suggestion',
    done: 'dismissed',
  },
} as const;

/** How long a dismissal holds back the next suggestion unless the manager picks otherwise. */
const DEFAULT_HOLD_DAYS = 7;

/**
 * The days a dismissed suggestion may hold back the next one until, counted from the desk's
 * today; each at least the day after the analyser's today (in UTC), which it must be after.
 */
const holdChoices = () => {
  const earliest = addDays(new Date().toISOString().slice(0, 10), 1);
  return (
    [
      [1, 'Tomorrow'],
      [DEFAULT_HOLD_DAYS, 'In a week'],
      [30, 'In a month'],
      [91, 'In three months'],
    ] as const
  ).map(([days, label]) => {
    const local = isoDatePlus(days);
    const day = local < earliest ? earliest : local;
    return { days, value: day, label: `${label} (${formatDate(day)})` };
  });
};

/** What closing an order short means for it, in its own figures. */
const closingSays = (order: PurchaseOrder) => {
  const received = order.lines.reduce((n, l) => n + l.quantityReceived, 0);
  const ordered = unitsOrdered(order);
  const rest = order.lines.reduce((n, l) => n + remaining(l), 0);
  return `${formatNumber(received)} of ${formatNumber(ordered)} units arrived. Closing the order stops waiting for the other ${formatNumber(rest)}: they are no longer on order, and what arrived stays received.`;
};

/** The dialog of one change to an order: what it means, its fields, and the button that makes it. */
export const ChangeDialog = ({
  order,
  kind,
  onClose,
  onDone,
}: {
  readonly order: PurchaseOrder;
  readonly kind: Kind;
  readonly onClose: () => void;
  readonly onDone: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const change = changes[kind];
  const [holds] = useState(holdChoices);
  const form = useCommandForm<Values, unknown>({
    initial: {
      expectedAt: isoDatePlus(14),
      suggestAgainOn: holds.find((h) => h.days === DEFAULT_HOLD_DAYS)?.value ?? '',
      reason: '',
    },
    toInput: (v) => ({
      purchaseOrderId: order.purchaseOrderId,
      ...(kind === 'postpone' ? { expectedAt: v.expectedAt } : {}),
      ...(kind === 'dismiss' ? { suggestAgainOn: v.suggestAgainOn } : {}),
      reason: v.reason.trim() || null,
    }),
    schema: change.schema,
    send: (input, key) => api.command(change.command, input, key),
    onDone: (_result, v) => {
      toast({
        tone: 'ok',
        title: `${order.number} ${change.done}`,
        ...(kind === 'dismiss'
          ? {
              body: `Not suggested again before ${formatDate(v.suggestAgainOn)}, unless it runs out.`,
            }
          : {}),
      });
      onDone();
    },
  });
  return (
    <Dialog title={`${change.title} ${order.number}`} onClose={onClose}>
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        {kind === 'close' ? <p>{closingSays(order)}</p> : null}
        {kind === 'dismiss' ? (
          <>
            <p>
              The stock analyser will not suggest an order for{' '}
              {order.lines.length === 1 ? 'this product' : 'these products'} again before the day
              you choose, unless {order.lines.length === 1 ? 'it runs' : 'one runs'} out of stock
              meanwhile.
            </p>
            <SelectField
              form={form}
              name="suggestAgainOn"
              label="Suggest again"
              options={holds}
              autoFocus
            />
          </>
        ) : null}
        {kind === 'postpone' ? (
          <TextField
            form={form}
            name="expectedAt"
            label="New expected date"
            type="date"
            autoFocus
          />
        ) : null}
        <TextField
          form={form}
          name="reason"
          label="Reason (optional)"
          autoFocus={kind === 'cancel' || kind === 'close'}
        />
        <FormError message={form.formError} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Back
          </button>
          <button
            type="submit"
            className={
              kind === 'postpone' || kind === 'dismiss' ? 'btn btn-primary' : 'btn btn-danger'
            }
            disabled={form.submitting}
          >
            {change.button}
          </button>
        </div>
      </form>
    </Dialog>
  );
};

export const OrderActions = ({
  order,
  onChanged,
}: {
  readonly order: PurchaseOrder;
  readonly onChanged: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const [dialog, setDialog] = useState<Kind | null>(null);
  const [busy, setBusy] = useState(false);
  // The products of the lines, read before the form opens so that each line shows its own.
  const [editing, setEditing] = useState<readonly Product[] | null>(null);
  const edit = () => {
    setBusy(true);
    productsById<Product>(
      api,
      [...new Set(order.lines.map((l) => l.productId))],
      `${productFields} ${stockFields}`,
    )
      .then(setEditing)
      .catch((error: unknown) =>
        toast({
          tone: 'bad',
          title: `${order.number} cannot be edited now`,
          body: describeError(error),
        }),
      )
      .finally(() => setBusy(false));
  };
  const submit = () => {
    setBusy(true);
    api
      .command('submitPurchaseOrder', { purchaseOrderId: order.purchaseOrderId }, newKey())
      .then(() => {
        toast({ tone: 'ok', title: `${order.number} submitted` });
        onChanged();
      })
      .catch((error: unknown) =>
        toast({
          tone: 'bad',
          title: `${order.number} was not submitted`,
          body: describeError(error),
        }),
      )
      .finally(() => setBusy(false));
  };
  // Once some of it has arrived, an order is closed short rather than cancelled; a suggestion
  // nobody acted on yet is dismissed.
  const ending: Kind | null =
    order.status === 'PARTIALLY_RECEIVED'
      ? 'close'
      : isOpenSuggestion(order)
        ? 'dismiss'
        : mayStillCome(order)
          ? 'cancel'
          : null;
  return (
    <>
      {order.status === 'DRAFT' ? (
        <button type="button" className="btn" onClick={edit} disabled={busy}>
          Edit
        </button>
      ) : null}
      {order.status === 'DRAFT' ? (
        <button type="button" className="btn btn-primary" onClick={submit} disabled={busy}>
          {order.source === 'SUGGESTED' ? 'Accept and submit' : 'Submit to supplier'}
        </button>
      ) : null}
      {isOpen(order) ? (
        <button type="button" className="btn" onClick={() => setDialog('postpone')}>
          {changes.postpone.action}
        </button>
      ) : null}
      {ending !== null ? (
        <button
          type="button"
          className={ending === 'dismiss' ? 'btn' : 'btn btn-danger'}
          onClick={() => setDialog(ending)}
        >
          {changes[ending].action}
        </button>
      ) : null}
      {editing !== null ? (
        <OrderForm
          order={order}
          products={editing}
          onClose={() => setEditing(null)}
          onSaved={onChanged}
        />
      ) : null}
      {dialog !== null ? (
        <ChangeDialog
          order={order}
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            onChanged();
          }}
        />
      ) : null}
    </>
  );
};
