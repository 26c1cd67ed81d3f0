/** The legend of the forecast chart: one swatch per series, drawn like the series itself. */

const items: readonly [string, string][] = [
  ['line-stock', 'On hand'],
  ['line-projected', 'Projected available (no new receipts)'],
  ['lvl-rop', 'Reorder point'],
  ['lvl-safety', 'Safety stock'],
  ['lvl-max', 'Maximum'],
  ['bar-demand', 'Daily demand'],
  ['line-forecast', 'Forecast demand'],
];

export const ChartLegend = ({ intervalLevel }: { readonly intervalLevel: number }) => (
  <ul className="legend" aria-label="Legend">
    {items.map(([className, label]) => (
      <li key={className}>
        <svg width="22" height="10" aria-hidden="true">
          {className === 'bar-demand' ? (
            <rect className={className} x="6" y="1" width="10" height="8" />
          ) : (
            <line
              className={className.startsWith('lvl') ? `lvl ${className}` : `line ${className}`}
              x1="1"
              x2="21"
              y1="5"
              y2="5"
            />
          )}
        </svg>
        {label}
      </li>
    ))}
    <li>
      <svg width="22" height="10" aria-hidden="true">
        <rect className="band band-stock" x="1" y="1" width="20" height="8" />
      </svg>
      {Math.round(intervalLevel * 100)}% interval
    </li>
  </ul>
);
