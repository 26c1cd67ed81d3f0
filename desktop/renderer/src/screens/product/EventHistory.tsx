/** The stored events of one stream, as recorded: the audit trail of a product or an order. */
import { historyQuery } from '../../api/queries';
import type { Page, StoredEvent } from '../../api/types';
import type { Reference } from '../../app/reference';
import { useReference } from '../../app/reference';
import { usePaged } from '../../hooks/usePaged';
import { formatDate, formatDateTime } from '../../ui/format';
import { Empty, Failed, Loading } from '../../ui/States';
import { MoreButton } from '../shared/MoreButton';

/** "StockReceived" → "Stock received". */
export const eventTitle = (type: string): string => {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const IDS = /Id$/;

/** How many lines a list of an order's lines has, and their units; null when it is not one. */
const countLines = (value: unknown): { lines: number; units: number } | null =>
  Array.isArray(value) &&
  value.every((l) => typeof (l as { quantity?: unknown } | null)?.quantity === 'number')
    ? {
        lines: value.length,
        units: (value as { quantity: number }[]).reduce((sum, l) => sum + l.quantity, 0),
      }
    : null;

/** How a list of an order's lines reads: how many, and how many units. */
const lineLists: Readonly<Partial<Record<string, (lines: number, units: number) => string>>> = {
  lines: (lines, units) => `${lines} line${lines === 1 ? '' : 's'} · ${units} units`,
  undelivered: (_lines, units) => `${units} units no longer due`,
};

/** Values that read better in words than under their key. */
const worded: Readonly<Partial<Record<string, (value: string) => string>>> = {
  suggestAgainOn: (day) => `not suggested again before ${formatDate(day)}`,
};

/** The ids a reader knows by a name: the warehouses and suppliers an event names. */
const namedIds = (
  reference: Reference,
): Readonly<Partial<Record<string, (id: string) => string>>> => ({
  warehouseId: (id) => `warehouse ${reference.warehouseName(id)}`,
  fromWarehouseId: (id) => `from ${reference.warehouseName(id)}`,
  toWarehouseId: (id) => `to ${reference.warehouseName(id)}`,
  supplierId: (id) => `supplier ${reference.supplierName(id)}`,
  preferredSupplierId: (id) => `preferred supplier ${reference.supplierName(id)}`,
});

/**
 * The event's data as short "key value" pairs: warehouses and suppliers by name, an order's lines
 * as how many and how many units, some values in words, other ids left out (they mean nothing to
 * a reader).
 */
const summary = (data: string, reference: Reference): string => {
  const named = namedIds(reference);
  try {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    return Object.entries(parsed)
      .flatMap(([key, value]) => {
        const name = named[key] ?? worded[key];
        if (name !== undefined && typeof value === 'string') return [name(value)];
        if (IDS.test(key)) return [];
        const listed = lineLists[key];
        const counted = listed === undefined ? null : countLines(value);
        if (listed !== undefined && counted !== null)
          return counted.lines === 0 ? [] : [listed(counted.lines, counted.units)];
        return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? [`${key} ${String(value)}`]
          : [];
      })
      .join(' · ');
  } catch {
    return '';
  }
};

export const EventHistory = ({ stream }: { readonly stream: string }) => {
  const reference = useReference();
  const list = usePaged(
    async (api, nextToken) =>
      (
        await api.query<{ history: Page<StoredEvent> }>(historyQuery, {
          stream,
          limit: 50,
          nextToken,
        })
      ).history,
    [stream],
    'stock',
  );
  if (list.items === undefined) {
    return list.error ? (
      <Failed error={list.error} retry={list.reload} />
    ) : (
      <Loading what="the history" />
    );
  }
  if (list.items.length === 0) return <Empty title="No events recorded" />;
  return (
    <>
      <ol className="timeline" aria-label="Event history">
        {list.items.map((e) => (
          <li key={e.eventId}>
            <div className="timeline-head">
              <strong>{eventTitle(e.type)}</strong>
              <span className="muted">
                #{e.version} · {formatDateTime(e.occurredAt)} · {e.actor}
              </span>
            </div>
            <div className="timeline-body">{summary(e.data, reference)}</div>
            <details>
              <summary>Recorded data</summary>
              <pre>{JSON.stringify(JSON.parse(e.data), null, 2)}</pre>
            </details>
          </li>
        ))}
      </ol>
      <MoreButton list={list} />
    </>
  );
};
