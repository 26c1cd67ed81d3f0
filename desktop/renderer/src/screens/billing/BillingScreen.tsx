/** Admins: what this tenant used in a billing period, and what was reported for invoicing. */
import { useState } from 'react';
import { billingQuery } from '../../api/queries';
import type { BillingUsage } from '../../api/types';
import { useCan } from '../../app/context';
import { useQuery } from '../../hooks/useQuery';
import { formatDateTime, formatNumber } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';

const monthsBack = (count: number): string[] => {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
};

const metricNames: Readonly<Record<string, string>> = {
  stock_movements: 'Stock movements (counted)',
  active_products: 'Active products (highest daily count)',
};

const monthLabel = (period: string) =>
  new Date(`${period}-01T12:00:00`).toLocaleDateString(undefined, {
    month: 'long',
    year: 'numeric',
  });

export const BillingScreen = () => {
  const isAdmin = useCan('ADMIN');
  const months = monthsBack(12);
  const [period, setPeriod] = useState(months[0] ?? '');
  const state = useQuery(
    (api) => api.query<{ billingUsage: BillingUsage }>(billingQuery, { period }),
    [period],
  );
  if (!isAdmin) {
    return (
      <Page title="Billing">
        <Empty title="Billing is for administrators">
          Ask an administrator of your team for usage figures.
        </Empty>
      </Page>
    );
  }
  return (
    <Page title="Billing" subtitle="Usage is counted as you work and reported for invoicing.">
      <div className="toolbar">
        <label className="inline-field">
          <span>Period</span>
          <select value={period} onChange={(e) => setPeriod(e.target.value)}>
            {months.map((m) => (
              <option key={m} value={m}>
                {monthLabel(m)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={state} what="usage">
        {({ billingUsage: u }) => (
          <>
            <p className="callout callout-plain">
              {u.stripeConfigured
                ? `Usage is reported to Stripe${u.customerId ? ` for customer ${u.customerId}` : ''}.`
                : 'No billing account is connected: usage is recorded on this computer only, nothing is charged.'}
            </p>
            {u.metrics.length === 0 ? (
              <Empty title={`No usage in ${monthLabel(u.period)}`} />
            ) : (
              <div className="panel panel-flush">
                <table className="table">
                  <caption className="sr-only">Usage in {monthLabel(u.period)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">What</th>
                      <th scope="col" className="num">
                        Used
                      </th>
                      <th scope="col" className="num">
                        Reported
                      </th>
                      <th scope="col" className="num">
                        Waiting to be reported
                      </th>
                      <th scope="col">Last reported</th>
                    </tr>
                  </thead>
                  <tbody>
                    {u.metrics.map((m) => (
                      <tr key={m.metric}>
                        <td>{metricNames[m.metric] ?? m.metric}</td>
                        <td className="num">{formatNumber(m.quantity)}</td>
                        <td className="num">{formatNumber(m.reported)}</td>
                        <td className="num">{formatNumber(m.pending)}</td>
                        <td>{m.lastReportedAt ? formatDateTime(m.lastReportedAt) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
};
