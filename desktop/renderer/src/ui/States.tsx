/** Loading, empty and failed states, so no screen is ever just blank. */
import type { ReactNode } from 'react';
import { describeError } from '../api/errors';

export const Spinner = ({ label = 'Loading' }: { readonly label?: string }) => (
  <span className="spinner" role="status" aria-label={label} />
);

export const Loading = ({ what }: { readonly what: string }) => (
  <div className="state state-loading" role="status" aria-live="polite">
    <span className="spinner" aria-hidden="true" />
    <span>Loading {what}…</span>
  </div>
);

export const Empty = ({
  title,
  children,
  action,
}: {
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
}) => (
  <div className="state state-empty">
    <p className="state-title">{title}</p>
    {children ? <p className="state-text">{children}</p> : null}
    {action ?? null}
  </div>
);

export const Failed = ({
  error,
  retry,
}: {
  readonly error: unknown;
  readonly retry?: () => void;
}) => (
  <div className="state state-failed" role="alert">
    <p className="state-title">This could not be loaded</p>
    <p className="state-text">{describeError(error)}</p>
    {retry ? (
      <button type="button" className="btn" onClick={retry}>
        Try again
      </button>
    ) : null}
  </div>
);

/** The usual trio: loading until the first answer, failure with a retry, else the content. */
export const Loaded = <T,>({
  state,
  what,
  children,
}: {
  readonly state: {
    data: T | undefined;
    error: unknown;
    loading: boolean;
    readonly reload: () => void;
  };
  readonly what: string;
  readonly children: (data: T) => ReactNode;
}) => {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  if (state.error) return <Failed error={state.error} retry={state.reload} />;
  return <Loading what={what} />;
};
