/** The stored events of one stream, as recorded: the audit trail of a product or an order. */
import { historyQuery } from '../../api/queries';
import type { Page, StoredEvent } from '../../api/types';
import { usePaged } from '../../hooks/usePaged';
import { formatDateTime } from '../../ui/format';
import { Empty, Failed, Loading } from '../../ui/States';
import { MoreButton } from '../shared/MoreButton';

/** "StockReceived" → "Stock received". */
export const eventTitle = (type: string): string => {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const IDS = /Id$/;

/** The event's data as short "key value" pairs, ids left out (they mean nothing to a reader). */
const summary = (data: string): string => {
  try {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    return Object.entries(parsed)
      .filter(([key, value]) => !IDS.test(key) && value !== null && typeof value !== 'object')
      .map(([key, value]) => `${key} ${String(value)}`)
      .join(' · ');
  } catch {
    return '';
  }
};

export const EventHistory = ({ stream }: { readonly stream: string }) => {
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
            <div className="timeline-body">{summary(e.data)}</div>
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
