/** Coloured labels for statuses; colour is never the only signal, the word is always there. */
import type { PurchaseOrder, PurchaseOrderStatus, StockStatus } from '../api/types';

type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export const Badge = ({ tone, children }: { readonly tone: Tone; readonly children: string }) => (
  <span className={`badge badge-${tone}`}>{children}</span>
);

const stockTones: Readonly<Record<StockStatus, [Tone, string]>> = {
  OK: ['ok', 'In stock'],
  LOW: ['warn', 'Low'],
  STOCKOUT: ['bad', 'Out of stock'],
  OVERSTOCK: ['info', 'Overstock'],
};

export const StockBadge = ({ status }: { readonly status: StockStatus }) => {
  const [tone, label] = stockTones[status];
  return <Badge tone={tone}>{label}</Badge>;
};

const orderTones: Readonly<Record<PurchaseOrderStatus, [Tone, string]>> = {
  DRAFT: ['muted', 'Draft'],
  SUBMITTED: ['info', 'Submitted'],
  PARTIALLY_RECEIVED: ['warn', 'Partly received'],
  RECEIVED: ['ok', 'Received'],
  CANCELLED: ['muted', 'Cancelled'],
  POSTPONED: ['warn', 'Postponed'],
  CLOSED: ['ok', 'Closed short'],
};

/** An order's status; a suggestion cancelled before anyone acted on it reads as dismissed. */
export const OrderBadge = ({
  order,
}: {
  readonly order: Pick<PurchaseOrder, 'status' | 'suggestAgainOn'>;
}) => {
  const [tone, label] = orderTones[order.status];
  const dismissed = order.status === 'CANCELLED' && Boolean(order.suggestAgainOn);
  return <Badge tone={tone}>{dismissed ? 'Dismissed' : label}</Badge>;
};

const severityTones = { INFO: 'info', WARNING: 'warn', CRITICAL: 'bad' } as const;

export const SeverityBadge = ({ severity }: { readonly severity: keyof typeof severityTones }) => (
  <Badge tone={severityTones[severity]}>
    {severity.charAt(0) + severity.slice(1).toLowerCase()}
  </Badge>
);
