/** Cloud mode: sign-in through the hosted page in the system browser, which the desktop app runs. */
import { useState } from 'react';
import type { Session } from '../api/connection';
import { describeError } from '../api/errors';

export const SignIn = ({
  session,
  signedIn,
}: {
  readonly session: Session;
  readonly signedIn: () => void;
}) => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signIn = () => {
    if (session.bridge === null) return;
    setBusy(true);
    setError(null);
    session.bridge
      .signIn()
      .then((s) => (s.signedIn ? signedIn() : setError('Sign-in was not completed.')))
      .catch((e: unknown) => setError(describeError(e)))
      .finally(() => setBusy(false));
  };
  return (
    <main className="boot boot-card">
      <h1>Stock-Mate</h1>
      <p>Sign in with your company Google account to open your team's stock.</p>
      <button type="button" className="btn btn-primary" onClick={signIn} disabled={busy}>
        {busy ? 'Waiting for the browser…' : 'Sign in with Google'}
      </button>
      {busy ? <p className="muted">Finish signing in in the browser window that opened.</p> : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
};
