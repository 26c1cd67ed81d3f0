/** One notification: what happened, the numbers behind it, and the advice. */
import type { ReactNode } from 'react';
import type { AppNotification } from '../../api/types';
import { paths } from '../../app/routes';
import { SeverityBadge } from '../../ui/Badge';
import { formatAgo, formatDateTime } from '../../ui/format';

const numberLabels: readonly (readonly [string, string])[] = [
  ['available', 'available'],
  ['reorderPoint', 'reorder point'],
  ['onOrder', 'on order'],
  ['maxStock', 'maximum'],
  ['daysOfCover', 'days of cover'],
  ['suggestedQuantity', 'suggested order'],
  ['suggestedExpectedAt', 'can wait until'],
];

/** The figures a notification carries, as "available 4 · reorder point 10". */
const figures = (numbers: string): string => {
  try {
    const parsed = JSON.parse(numbers) as Record<string, unknown>;
    return numberLabels
      .flatMap(([key, label]) => {
        const value = parsed[key];
        return typeof value === 'number' || typeof value === 'string' ? [`${label} ${value}`] : [];
      })
      .join(' · ');
  } catch {
    return '';
  }
};

const adviceSources: Readonly<Record<string, string>> = {
  OPENAI: 'Advice',
  RULES: 'Advice (rule-based)',
};

export const NotificationItem = ({
  notification: n,
  actions,
  compact = false,
}: {
  readonly notification: AppNotification;
  readonly actions?: ReactNode;
  /** For the dashboard: no figures, advice cut to two lines. */
  readonly compact?: boolean;
}) => (
  <article
    className={`notification${n.readAt === null ? ' unread' : ''}${compact ? ' compact' : ''}`}
    aria-label={n.title}
  >
    <header>
      <SeverityBadge severity={n.severity} />
      <h3>
        {compact ? (
          <a href={n.productId ? paths.product(n.productId) : paths.notifications}>{n.title}</a>
        ) : (
          n.title
        )}
      </h3>
      <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
        {formatAgo(n.createdAt)}
      </time>
    </header>
    {!compact && figures(n.numbers) ? (
      <p className="notification-numbers">{figures(n.numbers)}</p>
    ) : null}
    {n.advice ? (
      <p className="notification-advice">
        <strong>{adviceSources[n.adviceSource] ?? 'Advice'}:</strong> {n.advice}
      </p>
    ) : null}
    <footer>
      {n.productId ? <a href={paths.product(n.productId)}>Open product</a> : null}
      {n.purchaseOrderId ? <a href={paths.order(n.purchaseOrderId)}>Open purchase order</a> : null}
      {actions ?? null}
    </footer>
  </article>
);
