/** Create or edit a warehouse. */
import { createWarehouseInput, updateWarehouseInput } from '../../../../../shared';
import type { Warehouse } from '../../api/types';
import { useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useCommandForm } from '../../hooks/useCommandForm';
import { Dialog } from '../../ui/Dialog';
import { DialogFormFooter, TextField } from '../../ui/Field';

type Values = { code: string; name: string; address: string };

export const WarehouseForm = ({
  warehouse,
  onClose,
  onSaved,
}: {
  readonly warehouse: Warehouse | null;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const form = useCommandForm<Values, unknown>({
    initial: {
      code: warehouse?.code ?? '',
      name: warehouse?.name ?? '',
      address: warehouse?.address ?? '',
    },
    toInput: (v) => ({
      ...(warehouse === null ? {} : { warehouseId: warehouse.warehouseId }),
      code: v.code.trim(),
      name: v.name.trim(),
      address: v.address.trim() || null,
    }),
    schema: warehouse === null ? createWarehouseInput : updateWarehouseInput,
    send: (input, key) =>
      api.command(warehouse === null ? 'createWarehouse' : 'updateWarehouse', input, key),
    onDone: (_r, v) => {
      toast({
        tone: 'ok',
        title: `Warehouse ${v.code} ${warehouse === null ? 'created' : 'saved'}`,
      });
      onSaved();
    },
  });
  return (
    <Dialog
      title={warehouse === null ? 'New warehouse' : `Edit ${warehouse.code}`}
      onClose={onClose}
    >
      <form className="form" onSubmit={(e) => void form.submit(e)} noValidate>
        <TextField
          form={form}
          name="code"
          label="Code"
          hint="Short, e.g. MAIN or DUB-2"
          autoFocus
        />
        <TextField form={form} name="name" label="Warehouse name" />
        <TextField form={form} name="address" label="Address (optional)" />
        <DialogFormFooter
          form={form}
          onCancel={onClose}
          saveLabel={warehouse === null ? 'Create warehouse' : 'Save changes'}
        />
      </form>
    </Dialog>
  );
};
