/**
 * The places stock is kept. A warehouse can be archived once it is empty, and restored later with
 * its code and history.
 */
import { useState } from 'react';
import type { Warehouse } from '../../api/types';
import { useCan } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useShortcuts } from '../../app/shortcuts';
import { Badge } from '../../ui/Badge';
import { Page } from '../../ui/Page';
import { Empty, Loading } from '../../ui/States';
import { ArchiveActions, useArchiveToggle, useShowArchived } from '../shared/archiving';
import { WarehouseForm } from './WarehouseForm';

export const WarehousesScreen = () => {
  const { warehouses, loaded, reload } = useReference();
  const canManage = useCan('MANAGER');
  const [editing, setEditing] = useState<Warehouse | 'new' | null>(null);
  useShortcuts({ n: () => canManage && setEditing('new') });
  const { shown, toolbar } = useShowArchived(warehouses);
  const toggle = useArchiveToggle<Warehouse>({
    archive: 'archiveWarehouse',
    restore: 'restoreWarehouse',
    input: (w) => ({ warehouseId: w.warehouseId }),
    label: (w) => w.code,
    done: reload,
  });
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
      {toolbar}
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
                      {canManage ? (
                        <ArchiveActions
                          archived={w.archived}
                          name={w.code}
                          kind="warehouse"
                          onEdit={() => setEditing(w)}
                          onToggle={() => void toggle(w)}
                        >
                          Only an empty warehouse can be archived; move its stock elsewhere first.
                          Its history stays, and it can be restored later.
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
