/** Reservations of one product: what is held for whom, until when; release what is no longer needed. */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import { reservationsQuery } from '../../api/queries';
import type { Page, Product, Reservation, ReservationStatus } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { paths } from '../../app/routes';
import { useReference } from '../../app/reference';
import { useToast } from '../../app/toasts';
import { usePaged } from '../../hooks/usePaged';
import { Badge } from '../../ui/Badge';
import { formatDateTime, formatNumber } from '../../ui/format';
import { Empty, Failed, Loading } from '../../ui/States';
import { MoreButton } from '../shared/MoreButton';

const statusTone = { ACTIVE: 'info', RELEASED: 'muted', EXPIRED: 'warn', FULFILLED: 'ok' } as const;

export const Reservations = ({ product }: { readonly product: Product }) => {
  const { api } = useServices();
  const toast = useToast();
  const canReserve = useCan('CLERK');
  const { warehouseName } = useReference();
  const [status, setStatus] = useState<ReservationStatus | ''>('ACTIVE');
  const list = usePaged(
    async (a, nextToken) =>
      (
        await a.query<{ reservations: Page<Reservation> }>(reservationsQuery, {
          productId: product.productId,
          status: status || null,
          limit: 50,
          nextToken,
        })
      ).reservations,
    [product.productId, status],
    'stock',
  );
  const release = (r: Reservation) =>
    api
      .command('releaseReservation', { reservationId: r.reservationId }, newKey())
      .then(() =>
        toast({ tone: 'ok', title: `Released ${formatNumber(r.quantity)} ${product.unit}` }),
      )
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: 'Not released', body: describeError(error) }),
      );

  return (
    <div>
      <div className="toolbar">
        <label className="inline-field">
          <span>Show</span>
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as ReservationStatus | '')}
          >
            <option value="ACTIVE">Active</option>
            <option value="">All</option>
            <option value="FULFILLED">Fulfilled</option>
            <option value="RELEASED">Released</option>
            <option value="EXPIRED">Expired</option>
          </select>
        </label>
        {canReserve ? (
          <a className="btn" href={paths.stock('reserve', product.productId)}>
            Reserve stock
          </a>
        ) : null}
      </div>
      {list.items === undefined ? (
        list.error ? (
          <Failed error={list.error} retry={list.reload} />
        ) : (
          <Loading what="reservations" />
        )
      ) : list.items.length === 0 ? (
        <Empty title={status === 'ACTIVE' ? 'Nothing is reserved' : 'No reservations'} />
      ) : (
        <table className="table">
          <caption className="sr-only">Reservations</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Warehouse</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col">Until</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((r) => (
              <tr key={r.reservationId}>
                <td>{r.reference ?? '—'}</td>
                <td>{warehouseName(r.warehouseId)}</td>
                <td className="num">{formatNumber(r.quantity)}</td>
                <td>{formatDateTime(r.expiresAt)}</td>
                <td>
                  <Badge tone={statusTone[r.status]}>{r.status.toLowerCase()}</Badge>
                </td>
                <td className="actions-cell">
                  <div className="actions">
                    {r.status === 'ACTIVE' && canReserve ? (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => void release(r)}
                      >
                        Release
                      </button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreButton list={list} />
    </div>
  );
};
