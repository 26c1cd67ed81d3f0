/** Create or edit a product: the same checks as the API before sending, its errors by the fields. */
import { registerProductInput, updateProductInput } from '../../../../../shared';
import type { Product } from '../../api/types';
import { useServices } from '../../app/context';
import { supplierOptions, useReference } from '../../app/reference';
import { useToast } from '../../app/toasts';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { DialogFormFooter, SelectField, TextField } from '../../ui/Field';
import type { ProductValues } from './productInput';
import {
  emptyProduct,
  productValues,
  registerInput,
  renameProductField,
  updateInput,
} from './productInput';

export const ProductForm = ({
  product,
  onClose,
  onSaved,
}: {
  readonly product: Product | null;
  readonly onClose: () => void;
  readonly onSaved: (product: Product | undefined) => void;
}) => {
  const { api } = useServices();
  const { suppliers } = useReference();
  const toast = useToast();
  const form = useCommandForm<ProductValues, Product | undefined>({
    initial: product === null ? emptyProduct : productValues(product),
    toInput: (v) => (product === null ? registerInput(v) : updateInput(product.productId, v)),
    schema: product === null ? registerProductInput : updateProductInput,
    rename: renameProductField,
    required: {
      sku: 'Must not be empty',
      name: 'Must not be empty',
      unitCost: 'Must not be empty',
      currency: 'Must not be empty',
    },
    send: async (input, key) =>
      (await api.command(product === null ? 'registerProduct' : 'updateProduct', input, key))
        .products[0],
    onDone: (saved, v) => {
      toast({
        tone: 'ok',
        title: product === null ? `Product ${v.sku} created` : `Product ${v.sku} saved`,
      });
      onSaved(saved);
    },
  });
  return (
    <Dialog title={product === null ? 'New product' : `Edit ${product.sku}`} onClose={onClose} wide>
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        <div className="form-grid">
          <TextField form={form} name="sku" label="SKU" autoFocus autoComplete="off" />
          <TextField form={form} name="name" label="Name" className="span-2" />
          <TextField
            form={form}
            name="barcode"
            label="Barcode"
            hint="Optional; scanned codes find the product"
          />
          <TextField form={form} name="category" label="Category" />
          <TextField form={form} name="unit" label="Unit" hint="e.g. ea, box, kg" />
          <TextField form={form} name="unitCost" label="Unit cost" inputMode="decimal" />
          <TextField
            form={form}
            name="currency"
            label="Currency"
            maxLength={3}
            hint="ISO code, e.g. EUR"
          />
          <TextField form={form} name="leadTimeDays" label="Lead time (days)" inputMode="numeric" />
          <TextField
            form={form}
            name="minStock"
            label="Reorder point"
            inputMode="numeric"
            hint="Blank: computed from demand"
          />
          <TextField
            form={form}
            name="maxStock"
            label="Maximum stock"
            inputMode="numeric"
            hint="Blank: computed from demand"
          />
          <TextField
            form={form}
            name="serviceLevel"
            label="Service level"
            inputMode="decimal"
            hint="0.95 = no stockout in 95% of cycles"
          />
          <SelectField
            form={form}
            name="preferredSupplierId"
            label="Preferred supplier"
            placeholder="None"
            options={supplierOptions(suppliers, product?.preferredSupplierId)}
            className="span-2"
          />
        </div>
        <DialogFormFooter
          form={form}
          onCancel={onClose}
          saveLabel={product === null ? 'Create product' : 'Save changes'}
        />
      </form>
    </Dialog>
  );
};
