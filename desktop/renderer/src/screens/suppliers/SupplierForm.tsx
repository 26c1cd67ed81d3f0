/** Create or edit a supplier. */
import { createSupplierInput, updateSupplierInput } from '../../../../../shared';
import type { Supplier } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { DialogFormFooter, TextField } from '../../ui/Field';
import { moneyText, parseMoney } from '../../ui/format';
import { numberOf } from '../products/productInput';

type Values = {
  name: string;
  email: string;
  phone: string;
  leadTimeDays: string;
  minimumOrderQuantity: string;
  packSize: string;
  unitPrice: string;
  currency: string;
};

const valuesOf = (s: Supplier | null): Values => ({
  name: s?.name ?? '',
  email: s?.email ?? '',
  phone: s?.phone ?? '',
  leadTimeDays: String(s?.leadTimeDays ?? 7),
  minimumOrderQuantity: String(s?.minimumOrderQuantity ?? 1),
  packSize: String(s?.packSize ?? 1),
  unitPrice: s?.unitPrice ? moneyText(s.unitPrice.amountMinor, s.unitPrice.currency) : '',
  currency: s?.unitPrice?.currency ?? 'EUR',
});

const inputOf = (v: Values, supplierId: string | null) => {
  const currency = v.currency.trim().toUpperCase();
  const price = v.unitPrice.trim();
  const input = {
    ...(supplierId === null ? {} : { supplierId }),
    name: v.name.trim(),
    email: v.email.trim() || null,
    phone: v.phone.trim() || null,
    leadTimeDays: numberOf(v.leadTimeDays),
    minimumOrderQuantity: numberOf(v.minimumOrderQuantity),
    packSize: numberOf(v.packSize),
    unitPrice:
      price === '' ? null : { amountMinor: parseMoney(price, currency) ?? Number.NaN, currency },
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
};

export const SupplierForm = ({
  supplier,
  onClose,
  onSaved,
}: {
  readonly supplier: Supplier | null;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const form = useCommandForm<Values, unknown>({
    initial: valuesOf(supplier),
    toInput: (v) => inputOf(v, supplier?.supplierId ?? null),
    schema: supplier === null ? createSupplierInput : updateSupplierInput,
    rename: (path) => (path === 'unitPrice.currency' ? 'currency' : path),
    send: (input, key) =>
      api.command(supplier === null ? 'createSupplier' : 'updateSupplier', input, key),
    onDone: (_r, v) => {
      toast({ tone: 'ok', title: `Supplier ${v.name} ${supplier === null ? 'created' : 'saved'}` });
      onSaved();
    },
  });
  return (
    <Dialog
      title={supplier === null ? 'New supplier' : `Edit ${supplier.name}`}
      onClose={onClose}
      wide
    >
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        <div className="form-grid">
          <TextField form={form} name="name" label="Supplier name" className="span-2" autoFocus />
          <TextField form={form} name="email" label="Email" type="email" />
          <TextField form={form} name="phone" label="Phone" type="tel" />
          <TextField form={form} name="leadTimeDays" label="Lead time (days)" inputMode="numeric" />
          <TextField
            form={form}
            name="minimumOrderQuantity"
            label="Minimum order quantity"
            inputMode="numeric"
          />
          <TextField
            form={form}
            name="packSize"
            label="Pack size"
            inputMode="numeric"
            hint="Orders are rounded up to whole packs"
          />
          <TextField
            form={form}
            name="unitPrice"
            label="Unit price (optional)"
            inputMode="decimal"
          />
          <TextField form={form} name="currency" label="Currency" maxLength={3} />
        </div>
        <DialogFormFooter
          form={form}
          onCancel={onClose}
          saveLabel={supplier === null ? 'Create supplier' : 'Save changes'}
        />
      </form>
    </Dialog>
  );
};
