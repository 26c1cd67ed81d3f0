/** The end of an import: how many products were created and every row that was not, and why. */
import { describeError } from '../../../api/errors';
import { formatNumber } from '../../../ui/format';
import type { ImportPlan } from './rows';
import type { ImportOutcome } from './runImport';

export const ImportReport = ({
  plan,
  outcome,
  onResume,
  onClose,
}: {
  readonly plan: ImportPlan;
  readonly outcome: ImportOutcome;
  readonly onResume: () => void;
  readonly onClose: () => void;
}) => {
  const skipped = plan.rows
    .filter((r) => r.input === null)
    .map((r) => ({ line: r.line, sku: r.sku, message: r.problems.join('; ') }));
  const problems = [...skipped, ...outcome.refused].sort((a, b) => a.line - b.line);
  return (
    <div className="import-report">
      <p className="import-summary" role="status">
        <strong>{formatNumber(outcome.imported)} imported</strong>
        {problems.length > 0 ? `, ${formatNumber(problems.length)} not imported` : ''}.
      </p>
      {outcome.stoppedBy !== null ? (
        <div className="form-error" role="alert">
          The import stopped: {describeError(outcome.stoppedBy)}.{' '}
          {formatNumber(outcome.remaining.length)} rows are left; continuing never creates a product
          twice.
          <button type="button" className="btn" onClick={onResume}>
            Continue import
          </button>
        </div>
      ) : null}
      {problems.length > 0 ? (
        <table className="table table-compact" aria-label="Rows not imported">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">SKU</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p) => (
              <tr key={`${p.line}-${p.message}`}>
                <td className="num">{p.line || ''}</td>
                <td className="mono">{p.sku}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
};
