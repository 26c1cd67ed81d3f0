/**
 * What can be done with an order in its state: edit or submit a draft, postpone or cancel an open
 * one.
 */
import { useState } from 'react';
import { cancelPurchaseOrderInput, postponePurchaseOrderInput } from '../../../../../shared';
import { productsById } from '../../api/byId';
import { describeError } from '../../api/errors';
import { productFields, stockFields } from '../../api/fragments';
import { newKey } from '../../api/keys';
import type { Product, PurchaseOrder } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextField } from '../../ui/Field';
import { isoDatePlus } from '../../ui/format';
import { isOpen } from './orderMath';
import { OrderForm } from './OrderForm';

type Values = { expectedAt: string; reason: string };

const ChangeDialog = ({
  order,
  kind,
  onClose,
  onDone,
}: {
  readonly order: PurchaseOrder;
  readonly kind: 'postpone' | 'cancel';
  readonly onClose: () => void;
  readonly onDone: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const form = useCommandForm<Values, unknown>({
    initial: { expectedAt: isoDatePlus(14), reason: '' },
    toInput: (v) =>
      kind === 'postpone'
        ? {
            purchaseOrderId: order.purchaseOrderId,
            expectedAt: v.expectedAt,
            reason: v.reason.trim() || null,
          }
        : { purchaseOrderId: order.purchaseOrderId, reason: v.reason.trim() || null },
    schema: kind === 'postpone' ? postponePurchaseOrderInput : cancelPurchaseOrderInput,
    send: (input, key) =>
      api.command(
        kind === 'postpone' ? 'postponePurchaseOrder' : 'cancelPurchaseOrder',
        input,
        key,
      ),
    onDone: () => {
      toast({
        tone: 'ok',
        title: `${order.number} ${kind === 'postpone' ? 'postponed' : 'cancelled'}`,
      });
      onDone();
    },
  });
  return (
    <Dialog
      title={kind === 'postpone' ? `Postpone ${order.number}` : `Cancel ${order.number}`}
      onClose={onClose}
    >
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
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
          autoFocus={kind === 'cancel'}
        />
        <FormError message={form.formError} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Back
          </button>
          <button
            type="submit"
            className={kind === 'cancel' ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={form.submitting}
          >
            {kind === 'postpone' ? 'Postpone order' : 'Cancel order'}
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
  const [dialog, setDialog] = useState<'postpone' | 'cancel' | null>(null);
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
  const closable = order.status === 'DRAFT' || isOpen(order);
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
          Postpone
        </button>
      ) : null}
      {closable ? (
        <button type="button" className="btn btn-danger" onClick={() => setDialog('cancel')}>
          Cancel order
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
