/**
 * The order's lines, and — while goods can arrive — how many of each arrived now: all that is
 * outstanding by default, or any part of it.
 */
import { receivePurchaseOrderInput } from '../../../../../shared';
import type { ChangeSet, PurchaseOrder } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { paths } from '../../app/routes';
import { useToast } from '../../app/toasts';
import type { CommandForm } from '../../hooks/useCommandForm';
import { useCommandForm } from '../../hooks/useCommandForm';
import { useProductNames } from '../../hooks/useProductNames';
import { FormError, TextField } from '../../ui/Field';
import { formatMoney, formatNumber } from '../../ui/format';
import { Panel } from '../../ui/Page';
import { numberOf } from '../products/productInput';
import { canReceive, mayStillCome, remaining } from './orderMath';

type Values = Record<string, string>;

const fieldOf = (lineId: string) => `q:${lineId}`;

export const OrderLines = ({
  order,
  onChanged,
}: {
  readonly order: PurchaseOrder;
  readonly onChanged: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const canReceiveStock = useCan('MANAGER') && canReceive(order);
  const nameOf = useProductNames(order.lines.map((l) => l.productId));
  // Of an order received, closed short or cancelled, what is left will not come.
  const ended = !mayStillCome(order);
  const outstanding = Object.fromEntries(
    order.lines.map((l) => [fieldOf(l.lineId), String(remaining(l))]),
  );
  const sent = (values: Values) =>
    order.lines
      .map((l) => ({ lineId: l.lineId, quantity: numberOf(values[fieldOf(l.lineId)] ?? '') }))
      .filter((l) => l.quantity !== 0 && l.quantity !== undefined);
  const form: CommandForm<Values> = useCommandForm<Values, ChangeSet>({
    initial: outstanding,
    toInput: (values) => ({ purchaseOrderId: order.purchaseOrderId, lines: sent(values) }),
    schema: receivePurchaseOrderInput,
    // `lines.2.quantity` names the third line sent, which is the input next to that order line.
    rename: (path): string => {
      const match = /^lines\.(\d+)/.exec(path);
      const line = match ? sent(form.values)[Number(match[1])] : undefined;
      return line ? fieldOf(line.lineId) : path;
    },
    send: (input, key) => api.command('receivePurchaseOrder', input, key),
    onDone: (changes) => {
      const after = changes.purchaseOrders[0];
      toast({
        tone: 'ok',
        title: `Received on ${order.number}`,
        body:
          after?.status === 'RECEIVED' ? 'The order is complete.' : 'The rest is still expected.',
      });
      onChanged();
    },
  });

  return (
    <Panel title="Lines">
      <form onSubmit={(e) => void form.submit(e)} noValidate aria-label="Receive goods">
        <table className="table">
          <caption className="sr-only">Order lines</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="num">
                Ordered
              </th>
              <th scope="col" className="num">
                Received
              </th>
              <th scope="col" className="num">
                {ended ? 'Not delivered' : 'Outstanding'}
              </th>
              <th scope="col" className="num">
                Unit cost
              </th>
              <th scope="col" className="num">
                Line value
              </th>
              {canReceiveStock ? <th scope="col">Receive now</th> : null}
            </tr>
          </thead>
          <tbody>
            {order.lines.map((l) => {
              const p = nameOf(l.productId);
              return (
                <tr key={l.lineId}>
                  <td>
                    <a href={paths.product(l.productId)}>{p ? `${p.sku} · ${p.name}` : '…'}</a>
                  </td>
                  <td className="num">{formatNumber(l.quantityOrdered)}</td>
                  <td className="num">{formatNumber(l.quantityReceived)}</td>
                  <td className="num">{formatNumber(remaining(l))}</td>
                  <td className="num">{formatMoney(l.unitCost)}</td>
                  <td className="num">
                    {formatMoney({
                      amountMinor: l.unitCost.amountMinor * l.quantityOrdered,
                      currency: l.unitCost.currency,
                    })}
                  </td>
                  {canReceiveStock ? (
                    <td className="receive-cell">
                      <TextField
                        form={form}
                        name={fieldOf(l.lineId)}
                        label={`Receive ${p?.sku ?? 'line'}`}
                        className="field-inline"
                        inputMode="numeric"
                        disabled={remaining(l) === 0}
                      />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        <FormError message={form.formError} />
        {canReceiveStock ? (
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => form.reset(outstanding)}>
              All outstanding
            </button>
            <button type="submit" className="btn btn-primary" disabled={form.submitting}>
              {form.submitting ? 'Receiving…' : 'Receive goods'}
            </button>
          </div>
        ) : null}
      </form>
    </Panel>
  );
};
