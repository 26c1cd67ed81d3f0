/** What the file will do before it is sent: how columns are read, the first rows, every bad row. */
import { formatNumber } from '../../../ui/format';
import type { ImportPlan } from './rows';

const PREVIEW_ROWS = 8;

export const ImportPreview = ({
  file,
  plan,
  onBack,
  onImport,
}: {
  readonly file: string;
  readonly plan: ImportPlan;
  readonly onBack: () => void;
  readonly onImport: () => void;
}) => {
  const valid = plan.rows.filter((r) => r.input !== null);
  const invalid = plan.rows.filter((r) => r.input === null);
  const ignored = plan.columns.filter((c) => c.field === null).map((c) => c.header);
  return (
    <div className="import-preview">
      <p>
        <strong>{file}</strong>: {formatNumber(plan.rows.length)} rows —{' '}
        <span className="pos">{formatNumber(valid.length)} ready to import</span>
        {invalid.length > 0 ? (
          <>
            , <span className="neg">{formatNumber(invalid.length)} with errors (skipped)</span>
          </>
        ) : null}
        .
      </p>
      {plan.missing.length > 0 ? (
        <p className="form-error" role="alert">
          The file has no column for {plan.missing.join(', ')}; add it and choose the file again.
        </p>
      ) : null}
      {ignored.length > 0 ? <p className="muted">Ignored columns: {ignored.join(', ')}.</p> : null}
      <table className="table table-compact">
        <caption>First rows</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">SKU</th>
            <th scope="col">Name</th>
            <th scope="col">Check</th>
          </tr>
        </thead>
        <tbody>
          {plan.rows.slice(0, PREVIEW_ROWS).map((r) => (
            <tr key={r.line}>
              <td className="num">{r.line}</td>
              <td className="mono">{r.sku}</td>
              <td>{r.name}</td>
              <td className={r.input ? 'pos' : 'neg'}>{r.input ? 'OK' : r.problems.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {invalid.length > 0 ? (
        <div className="row-errors" role="region" aria-label="Rows with errors">
          <h3>Rows with errors ({formatNumber(invalid.length)})</h3>
          <ul>
            {invalid.map((r) => (
              <li key={r.line}>
                Line {r.line}
                {r.sku ? ` (${r.sku})` : ''}: {r.problems.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onBack}>
          Choose another file
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={valid.length === 0 || plan.missing.length > 0}
          onClick={onImport}
        >
          Import {formatNumber(valid.length)} products
        </button>
      </div>
    </div>
  );
};
