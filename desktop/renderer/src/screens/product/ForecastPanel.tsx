/** The usage analyser's forecast for one product, drawn and explained. */
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { newKey } from '../../api/keys';
import { runAnalysisMutation } from '../../api/mutations';
import { forecastQuery, movementsQuery } from '../../api/queries';
import type { Forecast, Movement, Product } from '../../api/types';
import { useCan, useServices } from '../../app/context';
import { useToast } from '../../app/toasts';
import { useQuery } from '../../hooks/useQuery';
import { formatDateTime, formatNumber } from '../../ui/format';
import { Panel } from '../../ui/Page';
import { Empty, Loaded } from '../../ui/States';
import { ForecastChart } from './ForecastChart';
import { confidenceOf, confidenceWords, modelWords } from './forecastWords';
import { projectedStock, reorderDay } from './projection';

const HISTORY_DAYS = 90;

const RunAnalysis = () => {
  const { api } = useServices();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    api
      .mutate(runAnalysisMutation, { input: { idempotencyKey: newKey() } })
      .then(() =>
        toast({
          tone: 'info',
          title: 'Usage analysis started',
          body: 'Forecasts update when it finishes.',
        }),
      )
      .catch((error: unknown) =>
        toast({ tone: 'bad', title: 'Analysis not started', body: describeError(error) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <button type="button" className="btn" onClick={run} disabled={busy}>
      {busy ? 'Starting…' : 'Run analysis now'}
    </button>
  );
};

export const ForecastPanel = ({ product }: { readonly product: Product }) => {
  const canAnalyse = useCan('MANAGER');
  const state = useQuery(
    async (api) => {
      const from = new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString();
      const [f, m] = await Promise.all([
        api.query<{ forecast: Forecast | null }>(forecastQuery, { productId: product.productId }),
        api.query<{ movements: { items: Movement[] } }>(movementsQuery, {
          filter: { productId: product.productId, from },
          limit: 500,
        }),
      ]);
      return { forecast: f.forecast, movements: m.movements.items };
    },
    [product.productId, product.updatedAt],
    'all',
  );
  const stock = product.stock;
  return (
    <Panel title="Forecast" actions={canAnalyse ? <RunAnalysis /> : null} className="forecast">
      <Loaded state={state} what="the forecast">
        {({ forecast, movements }) => {
          if (forecast === null) {
            return (
              <Empty title="Not analysed yet">
                The usage analysis runs every night and after stock moves; it needs some issued
                stock to learn from.
              </Empty>
            );
          }
          const when = reorderDay(
            projectedStock(forecast, stock?.available ?? 0),
            forecast.reorderPoint,
          );
          return (
            <div className="forecast-body">
              <ForecastChart
                forecast={forecast}
                movements={movements}
                onHand={stock?.onHand ?? 0}
                available={stock?.available ?? 0}
              />
              <div className="forecast-words">
                <p>
                  <strong>How it forecasts:</strong> {modelWords(forecast.model)}
                </p>
                <p className={`confidence confidence-${confidenceOf(forecast.backtestMase)}`}>
                  <strong>How far to trust it:</strong> {confidenceWords(forecast.backtestMase)}
                </p>
                <p>
                  <strong>What it means:</strong> over the {forecast.leadTimeDays}-day lead time
                  about {formatNumber(Math.round(forecast.leadTimeDemand))} {product.unit} will be
                  needed; keeping {formatNumber(forecast.safetyStock)} as safety stock covers{' '}
                  {Math.round(forecast.serviceLevel * 100)}% of cycles, so reorder at{' '}
                  {formatNumber(forecast.reorderPoint)}.{' '}
                  {when !== null
                    ? `At this pace stock reaches the reorder point around ${new Date(when).toLocaleDateString()}.`
                    : 'Stock stays above the reorder point for the whole forecast.'}
                </p>
                <p className="muted">
                  {forecast.historyNote} Analysed {formatDateTime(forecast.analysedAt)}.
                  {product.minStock !== null
                    ? ` This product's own reorder point (${formatNumber(product.minStock)}) is used instead of the computed one.`
                    : ''}
                </p>
              </div>
            </div>
          );
        }}
      </Loaded>
    </Panel>
  );
};
