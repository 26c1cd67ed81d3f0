/**
 * A purchase order written by hand: a new draft, or a draft changed before it is submitted —
 * supplier, warehouse, date, note and lines, any line removed or added.
 */
import { useRef, useState } from 'react';
import { draftPurchaseOrderInput, revisePurchaseOrderInput } from '../../../../../shared';
import type { ChangeSet, Product, PurchaseOrder, Supplier } from '../../api/types';
import { useServices } from '../../app/context';
import { navigate, paths } from '../../app/routes';
import { supplierOptions, useReference, warehouseOptions } from '../../app/reference';
import { useToast } from '../../app/toasts';
import type { CommandForm } from '../../hooks/useCommandForm';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { DialogFormFooter, SelectField, TextField } from '../../ui/Field';
import { formatNumber, isoDatePlus, moneyText, parseMoney } from '../../ui/format';
import { numberOf } from '../products/productInput';
import { ProductPicker } from '../stock/ProductPicker';

type Values = Record<string, string>;

/** A line of the form: `key` names its fields and stays with it when lines above are removed. */
interface Line {
  readonly key: number;
  /** The order's line it edits; none for a line added here. */
  readonly lineId?: string;
  readonly product: Product | null;
}

const lineField = (key: number, name: 'productId' | 'quantity' | 'unitCost') =>
  `line${key}.${name}`;

/** How the supplier sells, when it is more than one unit at a time: "in packs of 50, at least 100". */
const howSold = (supplier: Supplier | undefined): string | undefined => {
  if (supplier === undefined) return undefined;
  const rules = [
    supplier.packSize > 1 ? `in packs of ${formatNumber(supplier.packSize)}` : null,
    supplier.minimumOrderQuantity > 1
      ? `at least ${formatNumber(supplier.minimumOrderQuantity)}`
      : null,
  ].filter((rule) => rule !== null);
  return rules.length === 0 ? undefined : `Sold ${rules.join(', ')}`;
};

const LineEditor = ({
  index,
  line,
  form,
  supplier,
  onPicked,
  onRemove,
}: {
  readonly index: number;
  readonly line: Line;
  readonly form: CommandForm<Values>;
  readonly supplier: Supplier | undefined;
  readonly onPicked: (p: Product | null) => void;
  readonly onRemove: (() => void) | null;
}) => {
  const ref = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Product | null>(line.product);
  return (
    <fieldset className="line-editor">
      <legend>Line {index + 1}</legend>
      <ProductPicker
        picked={picked}
        inputRef={ref}
        error={form.errors[lineField(line.key, 'productId')]}
        onPick={(p) => {
          setPicked(p);
          onPicked(p);
        }}
      />
      <TextField
        form={form}
        name={lineField(line.key, 'quantity')}
        label="Quantity"
        inputMode="numeric"
        hint={howSold(supplier)}
      />
      <TextField
        form={form}
        name={lineField(line.key, 'unitCost')}
        label="Unit cost"
        inputMode="decimal"
      />
      {onRemove !== null ? (
        <button
          type="button"
          className="btn btn-ghost line-remove"
          onClick={onRemove}
          aria-label={`Remove line ${index + 1}`}
        >
          Remove
        </button>
      ) : null}
    </fieldset>
  );
};

const lineValues = (key: number, line?: PurchaseOrder['lines'][number]): Values => ({
  [lineField(key, 'productId')]: line?.productId ?? '',
  [lineField(key, 'quantity')]: line ? String(line.quantityOrdered) : '',
  [lineField(key, 'unitCost')]: line
    ? moneyText(line.unitCost.amountMinor, line.unitCost.currency)
    : '',
});

/**
 * The form for a new draft (no `order`), or for the draft `order`, whose lines' products the
 * caller has read (`products`) so each line shows its product as picked.
 */
export const OrderForm = ({
  order,
  products = [],
  onClose,
  onSaved,
}: {
  readonly order?: PurchaseOrder;
  readonly products?: readonly Product[];
  readonly onClose: () => void;
  readonly onSaved?: () => void;
}) => {
  const { api } = useServices();
  const { suppliers, warehouses } = useReference();
  const toast = useToast();
  const nextKey = useRef(order?.lines.length ?? 1);
  const [lines, setLines] = useState<readonly Line[]>(() =>
    order === undefined
      ? [{ key: 0, product: null }]
      : order.lines.map((l, key) => ({
          key,
          lineId: l.lineId,
          product: products.find((p) => p.productId === l.productId) ?? null,
        })),
  );
  const currencies = useRef(
    new Map<number, string>(order?.lines.map((l, key) => [key, l.unitCost.currency]) ?? []),
  );
  const form = useCommandForm<Values, ChangeSet>({
    initial: {
      supplierId: order?.supplierId ?? '',
      warehouseId: order?.warehouseId ?? warehouseOptions(warehouses)[0]?.value ?? '',
      expectedAt: order?.expectedAt ?? isoDatePlus(7),
      note: order?.note ?? '',
      ...(order === undefined
        ? lineValues(0)
        : order.lines.reduce<Values>((all, l, key) => ({ ...all, ...lineValues(key, l) }), {})),
    },
    toInput: (v) => {
      const common = {
        supplierId: v['supplierId'] ?? '',
        warehouseId: v['warehouseId'] ?? '',
        expectedAt: v['expectedAt'] ?? '',
        note: v['note']?.trim() || null,
        lines: lines.map(({ key, lineId }) => {
          const currency = currencies.current.get(key) ?? 'EUR';
          return {
            ...(lineId === undefined ? {} : { lineId }),
            productId: v[lineField(key, 'productId')] ?? '',
            quantity: numberOf(v[lineField(key, 'quantity')] ?? '') ?? Number.NaN,
            unitCost: {
              amountMinor: parseMoney(v[lineField(key, 'unitCost')] ?? '', currency) ?? Number.NaN,
              currency,
            },
          };
        }),
      };
      return order === undefined ? common : { purchaseOrderId: order.purchaseOrderId, ...common };
    },
    schema: order === undefined ? draftPurchaseOrderInput : revisePurchaseOrderInput,
    // `lines.2.unitCost.amountMinor` names the third line sent: the form's third line, whose key
    // may be another number once lines above it were removed.
    rename: (path) => {
      const match = /^lines\.(\d+)\.(productId|quantity|unitCost)/.exec(path);
      const line = match ? lines[Number(match[1])] : undefined;
      return match && line
        ? lineField(line.key, match[2] as 'productId' | 'quantity' | 'unitCost')
        : path;
    },
    send: (input, key) =>
      api.command(order === undefined ? 'draftPurchaseOrder' : 'revisePurchaseOrder', input, key),
    onDone: (changes) => {
      const saved = changes.purchaseOrders[0];
      if (order !== undefined) {
        toast({ tone: 'ok', title: `${order.number} saved`, body: 'Submit it when it is ready.' });
        onSaved?.();
        onClose();
        return;
      }
      toast({
        tone: 'ok',
        title: `Draft ${saved?.number ?? 'order'} created`,
        body: 'Submit it when it is ready.',
      });
      onClose();
      if (saved) navigate(paths.order(saved.purchaseOrderId));
    },
  });
  const supplier = suppliers.find((s) => s.supplierId === form.values['supplierId']);
  const addLine = () => {
    const key = nextKey.current++;
    Object.entries(lineValues(key)).forEach(([field, value]) => form.set(field, value));
    setLines((current) => [...current, { key, product: null }]);
  };
  return (
    <Dialog
      title={order === undefined ? 'New purchase order' : `Edit ${order.number}`}
      onClose={onClose}
      wide
    >
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        <div className="form-grid">
          <SelectField
            form={form}
            name="supplierId"
            label="Supplier"
            placeholder="Choose a supplier"
            options={supplierOptions(suppliers, order?.supplierId)}
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
        {lines.map((line, index) => (
          <LineEditor
            key={line.key}
            index={index}
            line={line}
            form={form}
            supplier={supplier}
            onPicked={(p) => {
              form.set(lineField(line.key, 'productId'), p?.productId ?? '');
              if (p === null) return;
              currencies.current.set(line.key, p.unitCost.currency);
              const price = supplier?.unitPrice ?? p.unitCost;
              if (!form.values[lineField(line.key, 'unitCost')])
                form.set(
                  lineField(line.key, 'unitCost'),
                  moneyText(price.amountMinor, price.currency),
                );
            }}
            onRemove={
              lines.length > 1
                ? () => setLines((current) => current.filter((l) => l.key !== line.key))
                : null
            }
          />
        ))}
        <button type="button" className="btn btn-ghost" onClick={addLine}>
          + Add a line
        </button>
        <DialogFormFooter
          form={form}
          onCancel={onClose}
          saveLabel={order === undefined ? 'Save draft' : 'Save changes'}
        />
      </form>
    </Dialog>
  );
};
