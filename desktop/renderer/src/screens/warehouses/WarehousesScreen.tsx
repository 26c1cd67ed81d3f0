/**
 * The places stock is kept. A warehouse can be archived once it is empty, and restored later with
 * its code and history.
 */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import type { Warehouse } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { useToast } from '../../app/toasts';
import { Badge } from '../../ui/Badge';
import { ConfirmButton } from '../../ui/Confirm';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { WarehouseForm } from './WarehouseForm';

export const WarehousesScreen = () => {
  const { api } = useServices();
  const { warehouses, loaded, reload } = useReference();
  const toast = useToast();
  const canManage = useCan('MANAGER');
  const [editing, setEditing] = useState<Warehouse | 'new' | null>(null);
  const [showArchived, setShowArchived] = useState(false);
  useShortcuts({ n: () => canManage && setEditing('new') });
  const shown = warehouses.filter((w) => showArchived || !w.archived);
  /** Archives a warehouse, or restores an archived one. */
  const toggle = (w: Warehouse) => {
    const done = w.archived ? 'restored' : 'archived';
    return api
      .command(
        w.archived ? 'restoreWarehouse' : 'archiveWarehouse',
        { warehouseId: w.warehouseId },
        newKey(),
      )
      .then(() => {
        toast({ tone: 'ok', title: `${w.code} ${done}` });
        reload();
      })
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: `${w.code} was not ${done}`, body: describeError(error) }),
      );
  };
  return (
    <Page
      title="Warehouses"
      actions={
        canManage ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            New warehouse
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
        <Loading what="warehouses" />
      ) : shown.length === 0 ? (
        warehouses.length === 0 ? (
          <Empty title="No warehouses yet">
            Add the stockrooms and sites where you keep stock.
          </Empty>
        ) : (
          <Empty title="Every warehouse is archived">
            Show archived to restore one, or add the stockrooms and sites where you keep stock now.
          </Empty>
        )
      ) : (
        <div className="panel panel-flush">
          <table className="table">
            <caption className="sr-only">Warehouses</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((w) => (
                <tr key={w.warehouseId}>
                  <td className="mono">{w.code}</td>
                  <td>{w.name}</td>
                  <td>{w.address ?? '—'}</td>
                  <td>
                    {w.archived ? (
                      <Badge tone="muted">Archived</Badge>
                    ) : (
                      <Badge tone="ok">Active</Badge>
                    )}
                  </td>
                  <td className="actions-cell">
                    <div className="actions">
                      <a
                        className="btn btn-small"
                        href={paths.productsWith({ warehouseId: w.warehouseId })}
                      >
                        Products
                      </a>
                      {canManage && !w.archived ? (
                        <>
                          <button
                            type="button"
                            className="btn btn-small"
                            onClick={() => setEditing(w)}
                          >
                            Edit
                          </button>
                          <ConfirmButton
                            label="Archive"
                            title={`Archive ${w.code}?`}
                            confirmLabel="Archive warehouse"
                            danger
                            small
                            onConfirm={() => void toggle(w)}
                          >
                            Only an empty warehouse can be archived; move its stock elsewhere first.
                            Its history stays, and it can be restored later.
                          </ConfirmButton>
                        </>
                      ) : null}
                      {canManage && w.archived ? (
                        <button
                          type="button"
                          className="btn btn-small"
                          onClick={() => void toggle(w)}
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
        <WarehouseForm
          warehouse={editing === 'new' ? null : editing}
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
