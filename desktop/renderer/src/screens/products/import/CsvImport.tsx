/**
 * CSV import: pick a file, see how its columns are read and which rows are wrong before anything
 * is sent, then import with a progress bar; rows the API refuses are listed with its message.
 */
import { useState } from 'react';
import { describeError } from '../../../api/errors';
import { useServices } from '../../../app/context';
import { useReference } from '../../../app/reference';
import { Dialog } from '../../../ui/Dialog';
import { formatNumber } from '../../../ui/format';
import { parseCsv } from './csv';
import { ImportPreview } from './ImportPreview';
import { ImportReport } from './ImportReport';
import type { ImportPlan, ImportRow } from './rows';
import { planImport } from './rows';
import type { ImportOutcome, ImportProgress } from './runImport';
import { runImport } from './runImport';

type Stage =
  | { readonly kind: 'choose'; readonly error: string | null }
  | { readonly kind: 'preview'; readonly file: string; readonly plan: ImportPlan }
  | { readonly kind: 'importing'; readonly plan: ImportPlan; readonly progress: ImportProgress }
  | { readonly kind: 'done'; readonly plan: ImportPlan; readonly outcome: ImportOutcome };

export const CsvImport = ({ onClose }: { readonly onClose: () => void }) => {
  const { api } = useServices();
  const { suppliers } = useReference();
  const [stage, setStage] = useState<Stage>({ kind: 'choose', error: null });

  const read = (file: File) => {
    file
      .text()
      .then((text) =>
        setStage({ kind: 'preview', file: file.name, plan: planImport(parseCsv(text), suppliers) }),
      )
      .catch((error: unknown) => setStage({ kind: 'choose', error: describeError(error) }));
  };

  const start = (
    plan: ImportPlan,
    rows: readonly ImportRow[] = plan.rows.filter((r) => r.input !== null),
    before?: ImportProgress,
  ) => {
    const initial = before ?? { done: 0, imported: 0, refused: [] };
    setStage({ kind: 'importing', plan, progress: initial });
    runImport(api, rows, (progress) => setStage({ kind: 'importing', plan, progress }), initial)
      .then((outcome) => setStage({ kind: 'done', plan, outcome }))
      .catch((error: unknown) =>
        setStage({
          kind: 'done',
          plan,
          outcome: {
            ...initial,
            stoppedBy: null,
            remaining: rows,
            refused: [{ line: 0, sku: '', message: describeError(error) }],
          },
        }),
      );
  };

  return (
    <Dialog
      title="Import products from CSV"
      onClose={stage.kind === 'importing' ? () => undefined : onClose}
      wide
    >
      {stage.kind === 'choose' ? (
        <div className="import-choose">
          <p>
            One product per row. Columns: <code>sku</code>, <code>name</code>, <code>unitCost</code>{' '}
            (required), and optionally <code>unit</code>, <code>barcode</code>,{' '}
            <code>category</code>, <code>currency</code>, <code>leadTimeDays</code>,{' '}
            <code>serviceLevel</code>, <code>reorderPoint</code>, <code>maxStock</code>,{' '}
            <code>supplier</code> (by name). A file exported from this screen can be imported as it
            is.
          </p>
          <div className="field">
            <label htmlFor="csv-file">CSV file</label>
            <input
              id="csv-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) read(file);
              }}
            />
          </div>
          {stage.error ? (
            <p className="form-error" role="alert">
              {stage.error}
            </p>
          ) : null}
        </div>
      ) : null}
      {stage.kind === 'preview' ? (
        <ImportPreview
          file={stage.file}
          plan={stage.plan}
          onBack={() => setStage({ kind: 'choose', error: null })}
          onImport={() => start(stage.plan)}
        />
      ) : null}
      {stage.kind === 'importing' ? (
        <ImportRunning plan={stage.plan} progress={stage.progress} />
      ) : null}
      {stage.kind === 'done' ? (
        <ImportReport
          plan={stage.plan}
          outcome={stage.outcome}
          onResume={() => start(stage.plan, stage.outcome.remaining, stage.outcome)}
          onClose={onClose}
        />
      ) : null}
    </Dialog>
  );
};

const ImportRunning = ({
  plan,
  progress,
}: {
  readonly plan: ImportPlan;
  readonly progress: ImportProgress;
}) => {
  const total = plan.rows.filter((r) => r.input !== null).length;
  return (
    <div className="import-running">
      <label htmlFor="import-progress">
        Importing {formatNumber(progress.done)} of {formatNumber(total)} rows…
      </label>
      <progress
        id="import-progress"
        max={total}
        value={progress.done}
        aria-label="Import progress"
      />
      <p className="muted">
        {formatNumber(progress.imported)} imported
        {progress.refused.length > 0 ? `, ${progress.refused.length} refused` : ''}. Keep this
        window open until it finishes.
      </p>
    </div>
  );
};
