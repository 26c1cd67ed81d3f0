/** The figures a manager looks at first, kept live by stock changes and notifications. */
import { dashboardQuery } from '../../api/queries';
import type { AppNotification, Dashboard, Movement, StockStatus } from '../../api/types';
import { paths } from '../../app/routes';
import { useQuery } from '../../hooks/useQuery';
import { formatMoney, formatNumber } from '../../ui/format';
import { Page, Panel } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';
import { MovementTable } from '../shared/MovementTable';
import { NotificationItem } from '../shared/NotificationItem';
import { AttentionList } from './AttentionList';
import type { LowItem } from './AttentionList';
import { Stat } from './Stat';

interface DashboardData {
  readonly dashboard: Dashboard;
  readonly movements: { readonly items: readonly Movement[] };
  readonly notifications: { readonly items: readonly AppNotification[] };
  readonly lowStock: readonly LowItem[];
}

const statusLink = (status: StockStatus) => paths.productsWith({ status });

export const DashboardScreen = () => {
  const state = useQuery((api) => api.query<DashboardData>(dashboardQuery), [], 'all');
  return (
    <Page title="Dashboard" subtitle="Where stock stands now; updates as it moves.">
      <Loaded state={state} what="the dashboard">
        {({ dashboard: d, movements, notifications, lowStock }) => (
          <>
            <div className="stats" aria-label="Key figures">
              <Stat
                label="Stock value"
                value={
                  d.stockValue.length === 0
                    ? formatMoney({ amountMinor: 0, currency: 'EUR' })
                    : d.stockValue.map(formatMoney).join(' + ')
                }
                note={`${formatNumber(d.products)} products`}
              />
              <Stat
                label="Low stock"
                value={d.lowStock}
                tone={d.lowStock > 0 ? 'warn' : 'ok'}
                href={statusLink('LOW')}
              />
              <Stat
                label="Out of stock"
                value={d.stockouts}
                tone={d.stockouts > 0 ? 'bad' : 'ok'}
                href={statusLink('STOCKOUT')}
              />
              <Stat
                label="Overstock"
                value={d.overstock}
                tone={d.overstock > 0 ? 'info' : 'ok'}
                href={statusLink('OVERSTOCK')}
              />
              <Stat
                label="Open orders"
                value={d.openPurchaseOrders}
                note={d.latePurchaseOrders > 0 ? `${d.latePurchaseOrders} late` : 'none late'}
                tone={d.latePurchaseOrders > 0 ? 'bad' : 'ok'}
                href={paths.orders}
              />
              <Stat
                label="Suggested orders"
                value={d.suggestedPurchaseOrders}
                note="waiting for a decision"
                tone={d.suggestedPurchaseOrders > 0 ? 'warn' : 'ok'}
                href={paths.orders}
              />
            </div>
            <div className="columns">
              <Panel title="Needs attention">
                <AttentionList items={lowStock} />
              </Panel>
              <Panel
                title="Latest notifications"
                actions={<a href={paths.notifications}>All notifications</a>}
              >
                {notifications.items.length === 0 ? (
                  <Empty title="Nothing to report">
                    Notifications about stock and orders appear here.
                  </Empty>
                ) : (
                  <div className="notification-list">
                    {notifications.items.slice(0, 4).map((n) => (
                      <NotificationItem key={n.notificationId} notification={n} compact />
                    ))}
                  </div>
                )}
              </Panel>
            </div>
            <Panel title="Latest movements">
              {movements.items.length === 0 ? (
                <Empty title="No stock has moved yet">
                  Receipts, issues, transfers and counts show up here as they happen.
                </Empty>
              ) : (
                <MovementTable movements={movements.items} caption="Latest movements" />
              )}
            </Panel>
          </>
        )}
      </Loaded>
    </Page>
  );
};
