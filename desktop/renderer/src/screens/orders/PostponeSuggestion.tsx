/**
 * The analyser's advice that an open order can wait. The order itself does not carry it in the
 * API, so it is read from the order's events: the latest suggestion not yet acted on.
 */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import { historyQuery } from '../../api/queries';
import type { Page, PurchaseOrder, StoredEvent } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useQuery } from '../../hooks/useQuery';
import { formatDate } from '../../ui/format';

interface Suggestion {
  readonly expectedAt: string;
  readonly reason: string;
}

// Events after which an earlier suggestion no longer stands.
const settled = new Set([
  'PurchaseOrderPostponed',
  'PurchaseOrderCancelled',
  'PurchaseOrderClosed',
  'PurchaseOrderRevised',
]);

const pendingSuggestion = (events: readonly StoredEvent[]): Suggestion | null => {
  let found: Suggestion | null = null;
  for (const e of events) {
    if (e.type === 'PurchaseOrderPostponementSuggested') {
      const data = JSON.parse(e.data) as { expectedAt?: string; reason?: string };
      found = data.expectedAt ? { expectedAt: data.expectedAt, reason: data.reason ?? '' } : null;
    } else if (settled.has(e.type)) found = null;
  }
  return found;
};

export const PostponeSuggestion = ({
  order,
  onChanged,
}: {
  readonly order: PurchaseOrder;
  readonly onChanged: () => void;
}) => {
  const { api } = useServices();
  const toast = useToast();
  const canManage = useCan('MANAGER');
  const [busy, setBusy] = useState(false);
  const state = useQuery(
    async (a) => {
      const events: StoredEvent[] = [];
      let nextToken: string | null = null;
      do {
        const { history }: { history: Page<StoredEvent> } = await a.query(historyQuery, {
          stream: `purchase-order:${order.purchaseOrderId}`,
          limit: 500,
          nextToken,
        });
        events.push(...history.items);
        nextToken = history.nextToken;
      } while (nextToken !== null);
      return pendingSuggestion(events);
    },
    [order.purchaseOrderId, order.updatedAt],
  );
  const suggestion = state.data;
  if (!suggestion || suggestion.expectedAt <= order.expectedAt) return null;
  const accept = () => {
    setBusy(true);
    api
      .command(
        'postponePurchaseOrder',
        {
          purchaseOrderId: order.purchaseOrderId,
          expectedAt: suggestion.expectedAt,
          reason: suggestion.reason || null,
        },
        newKey(),
      )
      .then(() => {
        toast({
          tone: 'ok',
          title: `${order.number} postponed to ${formatDate(suggestion.expectedAt)}`,
        });
        onChanged();
      })
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: 'Not postponed', body: describeError(error) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <div className="callout callout-info" role="note">
      <p>
        <strong>This order can wait until {formatDate(suggestion.expectedAt)}.</strong>{' '}
        {suggestion.reason}
      </p>
      {canManage ? (
        <button type="button" className="btn btn-primary" onClick={accept} disabled={busy}>
          Postpone to {formatDate(suggestion.expectedAt)}
        </button>
      ) : null}
    </div>
  );
};
