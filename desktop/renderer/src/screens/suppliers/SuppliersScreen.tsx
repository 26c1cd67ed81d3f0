/**
 * The suppliers orders go to, with the lead times and order multiples the analyser plans with. A
 * supplier no longer ordered from is archived once none of its orders is open, and can be restored.
 */
import { useState } from 'react';
import type { Supplier } from '../../api/types';
import { useCan } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { Badge } from '../../ui/Badge';
import { formatMoney, formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { ArchiveActions, useArchiveToggle, useShowArchived } from '../shared/archiving';
import { SupplierForm } from './SupplierForm';

export const SuppliersScreen = () => {
  const { suppliers, loaded, reload } = useReference();
  const canManage = useCan('MANAGER');
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  useShortcuts({ n: () => canManage && setEditing('new') });
  const { shown, toolbar } = useShowArchived(suppliers);
  const toggle = useArchiveToggle<Supplier>({
    archive: 'archiveSupplier',
    restore: 'restoreSupplier',
    input: (s) => ({ supplierId: s.supplierId }),
    label: (s) => s.name,
    done: reload,
  });
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
      {toolbar}
      {!loaded ? (
        <Loading what="suppliers" />
      ) : shown.length === 0 ? (
        suppliers.length === 0 ? (
          <Empty title="No suppliers yet">
            Add the suppliers you order from; products can name their preferred one.
          </Empty>
        ) : (
          <Empty title="Every supplier is archived">
            Show archived to restore one, or add the suppliers you order from now.
          </Empty>
        )
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
              {shown.map((s) => (
                <tr key={s.supplierId}>
                  <td>
                    {s.name}
                    {s.archived ? (
                      <>
                        {' '}
                        <Badge tone="muted">Archived</Badge>
                      </>
                    ) : null}
                  </td>
                  <td>{s.email ? <a href={`mailto:${s.email}`}>{s.email}</a> : '—'}</td>
                  <td>{s.phone ?? '—'}</td>
                  <td className="num">{s.leadTimeDays} days</td>
                  <td className="num">{formatNumber(s.minimumOrderQuantity)}</td>
                  <td className="num">{formatNumber(s.packSize)}</td>
                  <td className="num">{s.unitPrice ? formatMoney(s.unitPrice) : '—'}</td>
                  <td className="actions-cell">
                    <div className="actions">
                      <a className="btn btn-small" href={paths.ordersOf(s.supplierId)}>
                        Orders
                      </a>
                      {canManage ? (
                        <ArchiveActions
                          archived={s.archived}
                          name={s.name}
                          kind="supplier"
                          onEdit={() => setEditing(s)}
                          onToggle={() => void toggle(s)}
                        >
                          No new order can go to it; receive, cancel or close short its open orders
                          first, or move its drafts to another supplier. Products that prefer it
                          keep it, and it can be restored later.
                        </ArchiveActions>
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
