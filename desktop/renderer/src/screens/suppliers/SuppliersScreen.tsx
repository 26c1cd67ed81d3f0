/**
 * The suppliers orders go to, with the lead times and order multiples the analyser plans with. A
 * supplier no longer ordered from is archived once none of its orders is open, and can be restored.
 */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import type { Supplier } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { useToast } from '../../app/toasts';
import { Badge } from '../../ui/Badge';
import { ConfirmButton } from '../../ui/Confirm';
import { formatMoney, formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { SupplierForm } from './SupplierForm';

export const SuppliersScreen = () => {
  const { api } = useServices();
  const { suppliers, loaded, reload } = useReference();
  const toast = useToast();
  const canManage = useCan('MANAGER');
  const [editing, setEditing] = useState<Supplier | 'new' | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  useShortcuts({ n: () => canManage && setEditing('new') });
  const shown = suppliers.filter((s) => showArchived || !s.archived);
  /** Archives a supplier, or restores an archived one. */
  const toggle = (s: Supplier) => {
    const done = s.archived ? 'restored' : 'archived';
    return api
      .command(
        s.archived ? 'restoreSupplier' : 'archiveSupplier',
        { supplierId: s.supplierId },
        newKey(),
      )
      .then(() => {
        toast({ tone: 'ok', title: `${s.name} ${done}` });
        reload();
      })
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: `${s.name} was not ${done}`, body: describeError(error) }),
      );
  };
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
      <div className="toolbar">
        <label className="inline-check">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
          />
          <span>Show archived</span>
        </label>
      </div>
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
                      {canManage && !s.archived ? (
                        <>
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => setEditing(s)}
                          >
                            Edit
                          </button>
                          <ConfirmButton
                            label="Archive"
                            title={`Archive ${s.name}?`}
                            confirmLabel="Archive supplier"
                            danger
                            small
                            onConfirm={() => void toggle(s)}
                          >
                            No new order can go to it; receive or cancel its open orders first.
                            Products that prefer it keep it, and it can be restored later.
                          </ConfirmButton>
                        </>
                      ) : null}
                      {canManage && s.archived ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => void toggle(s)}
                        >
                          Restore
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
