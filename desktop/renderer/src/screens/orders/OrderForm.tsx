/** A new purchase order drafted by hand: supplier, warehouse, date and lines; submitted later. */
import { useRef, useState } from 'react';
import { draftPurchaseOrderInput } from '../../../../../shared';
import type { ChangeSet, Product } from '../../api/types';
import { useServices } from '../../app/context';
import { navigate, paths } from '../../app/routes';
import { supplierOptions, useReference, warehouseOptions } from '../../app/reference';
import { useToast } from '../../app/toasts';
import type { CommandForm } from '../../hooks/useCommandForm';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, TextField } from '../../ui/Field';
import { isoDatePlus, moneyText, parseMoney } from '../../ui/format';
import { numberOf } from '../products/productInput';
import { ProductPicker } from '../stock/ProductPicker';

type Values = Record<string, string>;

const LineEditor = ({
  index,
  form,
  onPicked,
}: {
  readonly index: number;
  readonly form: CommandForm<Values>;
  readonly onPicked: (p: Product | null) => void;
}) => {
  const ref = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Product | null>(null);
  return (
    <fieldset className="line-editor">
      <legend>Line {index + 1}</legend>
      <ProductPicker
        picked={picked}
        inputRef={ref}
        error={form.errors[`lines.${index}.productId`] ?? form.errors[`lines.${index}`]}
        onPick={(p) => {
          setPicked(p);
          onPicked(p);
        }}
      />
      <TextField
        form={form}
        name={`lines.${index}.quantity`}
        label="Quantity"
        inputMode="numeric"
      />
      <TextField
        form={form}
        name={`lines.${index}.unitCost`}
        label="Unit cost"
        inputMode="decimal"
      />
    </fieldset>
  );
};

export const DraftOrderForm = ({ onClose }: { readonly onClose: () => void }) => {
  const { api } = useServices();
  const { suppliers, warehouses } = useReference();
  const toast = useToast();
  const [lineCount, setLineCount] = useState(1);
  const currencies = useRef(new Map<number, string>());
  const line = (i: number): Values => ({
    [`lines.${i}.productId`]: '',
    [`lines.${i}.quantity`]: '',
    [`lines.${i}.unitCost`]: '',
  });
  const form = useCommandForm<Values, ChangeSet>({
    initial: {
      supplierId: '',
      warehouseId: warehouseOptions(warehouses)[0]?.value ?? '',
      expectedAt: isoDatePlus(7),
      note: '',
      ...line(0),
    },
    toInput: (v) => ({
      supplierId: v['supplierId'] ?? '',
      warehouseId: v['warehouseId'] ?? '',
      expectedAt: v['expectedAt'] ?? '',
      note: v['note']?.trim() || null,
      lines: Array.from({ length: lineCount }, (_, i) => {
        const currency = currencies.current.get(i) ?? 'EUR';
        return {
          productId: v[`lines.${i}.productId`] ?? '',
          quantity: numberOf(v[`lines.${i}.quantity`] ?? '') ?? Number.NaN,
          unitCost: {
            amountMinor: parseMoney(v[`lines.${i}.unitCost`] ?? '', currency) ?? Number.NaN,
            currency,
          },
        };
      }),
    }),
    schema: draftPurchaseOrderInput,
    rename: (path) => path.replace(/^(lines\.\d+\.unitCost)\..*$/, '$1'),
    send: (input, key) => api.command('draftPurchaseOrder', input, key),
    onDone: (changes) => {
      const order = changes.purchaseOrders[0];
      toast({
        tone: 'ok',
        title: `Draft ${order?.number ?? 'order'} created`,
        body: 'Submit it when it is ready.',
      });
      onClose();
      if (order) navigate(paths.order(order.purchaseOrderId));
    },
  });
  const supplier = suppliers.find((s) => s.supplierId === form.values['supplierId']);
  return (
    <Dialog title="New purchase order" onClose={onClose} wide>
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        <div className="form-grid">
          <SelectField
            form={form}
            name="supplierId"
            label="Supplier"
            placeholder="Choose a supplier"
            options={supplierOptions(suppliers)}
            autoFocus
          />
          <SelectField
            form={form}
            name="warehouseId"
            label="Deliver to"
            options={warehouseOptions(warehouses)}
          />
          <TextField
            form={form}
            name="expectedAt"
            label="Expected on"
            type="date"
            hint={
              supplier ? `${supplier.name} usually takes ${supplier.leadTimeDays} days` : undefined
            }
          />
          <TextField form={form} name="note" label="Note (optional)" />
        </div>
        {Array.from({ length: lineCount }, (_, i) => (
          <LineEditor
            key={i}
            index={i}
            form={form}
            onPicked={(p) => {
              form.set(`lines.${i}.productId`, p?.productId ?? '');
              if (p === null) return;
              currencies.current.set(i, p.unitCost.currency);
              const price = supplier?.unitPrice ?? p.unitCost;
              if (!form.values[`lines.${i}.unitCost`])
                form.set(`lines.${i}.unitCost`, moneyText(price.amountMinor, price.currency));
            }}
          />
        ))}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            Object.entries(line(lineCount)).forEach(([field, value]) => form.set(field, value));
            setLineCount((n) => n + 1);
          }}
        >
          + Add a line
        </button>
        <FormError message={form.formError} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={form.submitting}>
            {form.submitting ? 'Saving…' : 'Save draft'}
          </button>
        </div>
      </form>
    </Dialog>
  );
};
