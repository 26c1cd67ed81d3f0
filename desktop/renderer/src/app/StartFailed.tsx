/** What the user sees when the app cannot reach its backend at start, and what to do about it. */
import { describeError } from '../api/errors';

export const StartFailed = ({
  error,
  retry,
}: {
  readonly error: unknown;
  readonly retry: () => void;
}) => (
  <main className="boot boot-card" role="alert">
    <h1>Stock-Mate could not start</h1>
    <p>{describeError(error)}</p>
    <p className="muted">
      Your data is safe: nothing is changed until the app is connected. If this keeps happening,
      restart the app.
    </p>
    <button type="button" className="btn btn-primary" onClick={retry}>
      Try again
    </button>
  </main>
);
