/**
 * The forecast drawn by hand in SVG. Top: stock on hand in the past and projected forward with
 * its interval, against the safety stock, reorder point and maximum. Bottom: daily demand, the
 * history and the forecast with its interval. Both share the time axis, "today" marked.
 */
import { useRef } from 'react';
import type { Forecast, Movement } from '../../api/types';
import { bandPath, linePath, linear, niceTicks, spreadLabels } from '../../ui/chart/scale';
import { useWidth } from '../../ui/chart/useWidth';
import { formatNumber } from '../../ui/format';
import { ChartLegend } from './ChartLegend';
import { clipFrom, demandSeries, pastStock, projectedStock } from './projection';

const M = { left: 52, right: 96, top: 12 };
const STOCK_H = 200;
const GAP = 34;
const DEMAND_H = 90;
const AXIS_H = 24;
/** Pixels between the level labels at the right, one line of their text. */
const LABEL_GAP = 13;
const DAY = 86_400_000;
const dateLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export const ForecastChart = ({
  forecast,
  movements,
  onHand,
  available,
}: {
  readonly forecast: Forecast;
  readonly movements: readonly Movement[];
  readonly onHand: number;
  readonly available: number;
}) => {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const now = Date.now();
  const demand = demandSeries(forecast);
  const projection = projectedStock(forecast, available);
  const start = Math.min(demand.history[0]?.t ?? now - 56 * DAY, now - 14 * DAY);
  const end = Math.max(projection[projection.length - 1]?.t ?? now + 28 * DAY, now + 7 * DAY);
  const past = clipFrom(pastStock(movements, onHand, now), start);
  const x = linear([start, end], [M.left, width - M.right]);

  const levels = [forecast.safetyStock, forecast.reorderPoint, forecast.maximumStock ?? 0];
  const stockMax =
    Math.max(...levels, ...past.map((p) => p.v), ...projection.map((p) => p.upper), 1) * 1.08;
  const stockMin = Math.min(0, ...projection.map((p) => p.lower));
  const ys = linear([stockMin, stockMax], [M.top + STOCK_H, M.top]);
  const demandTop = M.top + STOCK_H + GAP;
  const demandMax =
    Math.max(...demand.history.map((h) => h.v), ...demand.forecast.map((f) => f.upper), 1) * 1.1;
  const yd = linear([0, demandMax], [demandTop + DEMAND_H, demandTop]);
  const height = demandTop + DEMAND_H + AXIS_H;
  const barWidth = Math.max(1, (x(start + DAY) - x(start)) * 0.7);
  const timeTicks = niceTicks(0, (end - start) / DAY, 8).map((d) => start + d * DAY);

  // The levels' lines, each labelled at the right; labels of levels close together (or equal)
  // are spread so that none covers another.
  const levelLines = (
    [
      [forecast.maximumStock, 'lvl lvl-max', 'Max'],
      [forecast.reorderPoint, 'lvl lvl-rop', 'Reorder'],
      [forecast.safetyStock, 'lvl lvl-safety', 'Safety'],
    ] as const
  ).flatMap(([value, className, label]) => (value === null ? [] : [{ value, className, label }]));
  const labelYs = spreadLabels(
    levelLines.map((l) => ys(l.value)),
    LABEL_GAP,
    M.top,
  );

  return (
    <div ref={box} className="chart">
      <svg width={width} height={height} role="img" aria-labelledby="forecast-chart-title">
        <title id="forecast-chart-title">
          Stock on hand and projected stock against the reorder point, and daily demand with its
          forecast
        </title>
        {niceTicks(stockMin, stockMax, 4).map((v) => (
          <g key={`s${v}`} className="grid">
            <line x1={M.left} x2={width - M.right} y1={ys(v)} y2={ys(v)} />
            <text x={M.left - 6} y={ys(v) + 4} textAnchor="end">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        {niceTicks(0, demandMax, 2).map((v) => (
          <g key={`d${v}`} className="grid">
            <line x1={M.left} x2={width - M.right} y1={yd(v)} y2={yd(v)} />
            <text x={M.left - 6} y={yd(v) + 4} textAnchor="end">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        <text className="axis-title" x={M.left} y={demandTop - 8}>
          Daily demand
        </text>
        {levelLines.map((l, i) => (
          <g key={l.label} className={l.className}>
            <line x1={M.left} x2={width - M.right} y1={ys(l.value)} y2={ys(l.value)} />
            <text x={width - M.right + 6} y={labelYs[i]! + 4}>
              {l.label} {formatNumber(l.value)}
            </text>
          </g>
        ))}
        <path
          className="band band-stock"
          d={bandPath(
            projection.map((p) => ({ x: x(p.t), y: ys(p.upper) })),
            projection.map((p) => ({ x: x(p.t), y: ys(p.lower) })),
          )}
        />
        <path
          className="line line-projected"
          d={linePath([
            { x: x(now), y: ys(available) },
            ...projection.map((p) => ({ x: x(p.t), y: ys(p.mean) })),
          ])}
        />
        <path
          className="line line-stock"
          d={linePath(
            past.map((p) => ({ x: x(p.t), y: ys(p.v) })),
            true,
          )}
        />
        {demand.history
          .filter((h) => h.t >= start)
          .map((h) => (
            <rect
              key={h.t}
              className="bar-demand"
              x={x(h.t) - barWidth / 2}
              width={barWidth}
              y={yd(h.v)}
              height={yd(0) - yd(h.v)}
            />
          ))}
        <path
          className="band band-demand"
          d={bandPath(
            demand.forecast.map((p) => ({ x: x(p.t), y: yd(p.upper) })),
            demand.forecast.map((p) => ({ x: x(p.t), y: yd(p.lower) })),
          )}
        />
        <path
          className="line line-forecast"
          d={linePath(demand.forecast.map((p) => ({ x: x(p.t), y: yd(p.mean) })))}
        />
        <g className="today">
          <line x1={x(now)} x2={x(now)} y1={M.top} y2={demandTop + DEMAND_H} />
          <text x={x(now) + 4} y={M.top + 10}>
            Today
          </text>
        </g>
        {timeTicks.map((t) => (
          <text key={t} className="tick" x={x(t)} y={height - 6} textAnchor="middle">
            {dateLabel.format(t)}
          </text>
        ))}
      </svg>
      <ChartLegend intervalLevel={forecast.intervalLevel} />
    </div>
  );
};
