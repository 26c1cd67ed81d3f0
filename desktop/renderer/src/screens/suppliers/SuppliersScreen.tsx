/** The suppliers orders go to, with the lead times and order multiples the analyser plans with. */
import { useState } from 'react';
import type { Supplier } from '../../api/types';
import { useCan } from '../../app/context';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { formatMoney, formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { SupplierForm } from './SupplierForm';

export const SuppliersScreen = () => {
  const { suppliers, loaded, reload } = useReference();
  const canManage = useCan('MANAGER');
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  useShortcuts({ n: () => canManage && setEditing('new') });
  return (
    <Page
      title="Suppliers"
      subtitle="Lead time, minimum order and pack size shape every suggested order."
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            New supplier
          </button>
        ) : null
      }
    >
      {!loaded ? (
        <Loading what="suppliers" />
      ) : suppliers.length === 0 ? (
        <Empty title="No suppliers yet">
          Add the suppliers you order from; products can name their preferred one.
        </Empty>
      ) : (
        <div className="panel panel-flush">
          <table className="table">
            <caption className="sr-only">Suppliers</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col" className="num">
                  Lead time
                </th>
                <th scope="col" className="num">
                  Minimum order
                </th>
                <th scope="col" className="num">
                  Pack size
                </th>
                <th scope="col" className="num">
                  Unit price
                </th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {suppliers.map((s) => (
                <tr key={s.supplierId}>
                  <td>{s.name}</td>
                  <td>{s.email ? <a href={`mailto:${s.email}`}>{s.email}</a> : '—'}</td>
                  <td>{s.phone ?? '—'}</td>
                  <td className="num">{s.leadTimeDays} days</td>
                  <td className="num">{formatNumber(s.minimumOrderQuantity)}</td>
                  <td className="num">{formatNumber(s.packSize)}</td>
                  <td className="num">{s.unitPrice ? formatMoney(s.unitPrice) : '—'}</td>
                  <td className="actions-cell">
                    <div className="actions">
                      {canManage ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => setEditing(s)}
                        >
                          Edit
                        </button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null ? (
        <SupplierForm
          supplier={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            reload();
          }}
        />
      ) : null}
    </Page>
  );
};
