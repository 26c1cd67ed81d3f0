/**
 * One stock operation as a keyboard-first form: product (scan or type, Enter), then the quantity
 * and Enter again. After each success the product field is ready for the next scan and the
 * warehouse stays as it was.
 */
import { useRef, useState } from 'react';
import type { ChangeSet, Product } from '../../api/types';
import { useServices } from '../../app/context';
import { useReference, warehouseOptions } from '../../app/reference';
import type { StockOperation } from '../../app/routes';
import { useCommandForm } from '../../hooks/useCommandForm';
import { FormError, SelectField, TextField } from '../../ui/Field';
import { formatNumber } from '../../ui/format';
import type { OperationField, OperationValues } from './operations';
import { operations, reasonOptions } from './operations';
import { ProductPicker } from './ProductPicker';
import { lastWarehouse, rememberWarehouse } from './remembered';
import { Reservations } from '../product/Reservations';

const inAWeek = () => {
  const d = new Date(Date.now() + 7 * 86_400_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

const initialValues = (
  fields: readonly OperationField[],
  warehouseId: string,
): OperationValues => ({
  productId: '',
  currency: 'EUR',
  ...Object.fromEntries(
    fields.map((f) => [
      f.name,
      f.kind === 'warehouse'
        ? warehouseId
        : f.kind === 'datetime'
          ? inAWeek()
          : f.kind === 'reason'
            ? 'CORRECTION'
            : '',
    ]),
  ),
});

export const OperationForm = ({
  operation,
  initialProduct,
}: {
  readonly operation: StockOperation;
  readonly initialProduct: Product | null;
}) => {
  const spec = operations[operation];
  const { api, names } = useServices();
  const { warehouses, warehouseName } = useReference();
  const options = warehouseOptions(warehouses);
  const startWarehouse = lastWarehouse(options.map((o) => o.value));
  const [product, setProduct] = useState<Product | null>(initialProduct);
  const [round, setRound] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const productRef = useRef<HTMLInputElement>(null);
  const form = useCommandForm<OperationValues, ChangeSet>({
    initial: {
      ...initialValues(spec.fields, startWarehouse),
      productId: initialProduct?.productId ?? '',
      currency: initialProduct?.unitCost.currency ?? 'EUR',
    },
    toInput: spec.toInput,
    schema: spec.schema,
    required: {
      productId: 'Scan or choose a product',
      ...Object.fromEntries(
        spec.fields
          .filter((f) => f.optional !== true)
          .map((f) => [
            f.name,
            f.kind === 'warehouse' ? 'Choose a warehouse' : 'Must not be empty',
          ]),
      ),
    },
    send: (input, key) => api.command(spec.command, input, key),
    onDone: (changes, values) => {
      const level = changes.stockLevels.find((l) => l.productId === values['productId']);
      const sku = product?.sku ?? names.get(values['productId'] ?? '')?.sku ?? 'product';
      const sentence = `${spec.verb} ${sku}${level ? ` — ${formatNumber(level.onHand)} on hand in ${warehouseName(level.warehouseId)}` : ''}`;
      // Said in the form, where the eyes are; a corner message too would only repeat it.
      setDone(sentence);
      rememberWarehouse(values['warehouseId'] ?? values['fromWarehouseId'] ?? '');
      // Ready for the next scan: same warehouse, empty product and quantities.
      form.reset({
        ...initialValues(spec.fields, values['warehouseId'] ?? startWarehouse),
        ...(values['fromWarehouseId']
          ? {
              fromWarehouseId: values['fromWarehouseId'],
              toWarehouseId: values['toWarehouseId'] ?? '',
            }
          : {}),
      });
      setProduct(null);
      setRound((n) => n + 1);
    },
  });

  const pick = (picked: Product | null) => {
    setProduct(picked);
    form.set('productId', picked?.productId ?? '');
    if (picked === null) return;
    setDone(null);
    form.set('currency', picked.unitCost.currency);
    // Straight on to the quantity: a scanner's Enter lands on the next field.
    setTimeout(() => document.getElementById(`op-${spec.focusAfterPick}`)?.focus(), 0);
  };

  return (
    <form
      className="form op-form"
      onSubmit={(e) => void form.submit(e)}
      noValidate
      aria-label={`${spec.title} stock`}
    >
      <ProductPicker
        key={round}
        picked={product}
        onPick={pick}
        error={form.errors['productId']}
        inputRef={productRef}
        autoFocus
      />
      <div className="form-grid">
        {spec.fields.map((f) =>
          f.kind === 'warehouse' || f.kind === 'reason' ? (
            <SelectField
              key={f.name}
              form={form}
              name={f.name}
              label={f.label}
              id={`op-${f.name}`}
              options={f.kind === 'reason' ? reasonOptions : options}
              placeholder={f.kind === 'warehouse' ? 'Choose a warehouse' : undefined}
            />
          ) : (
            <TextField
              key={f.name}
              form={form}
              name={f.name}
              label={f.optional ? `${f.label} (optional)` : f.label}
              id={`op-${f.name}`}
              hint={f.hint}
              type={f.kind === 'datetime' ? 'datetime-local' : 'text'}
              inputMode={
                f.kind === 'number' ? 'numeric' : f.kind === 'money' ? 'decimal' : undefined
              }
              autoComplete="off"
            />
          ),
        )}
      </div>
      <FormError message={form.formError} />
      <div className="form-actions">
        {done ? (
          <span className="done" role="status">
            {done}
          </span>
        ) : null}
        <button type="submit" className="btn btn-primary" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : `${spec.title} stock`}
        </button>
      </div>
      {operation === 'reserve' && product !== null ? <Reservations product={product} /> : null}
    </form>
  );
};
