/** The frame of every screen: its title, what it is about, and its main actions. */
import type { ReactNode } from 'react';

export const Page = ({
  title,
  subtitle,
  actions,
  children,
  className,
}: {
  readonly title: string;
  readonly subtitle?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
}) => (
  <section className={`page${className ? ` ${className}` : ''}`} aria-labelledby="page-title">
    <header className="page-header">
      <div>
        <h1 id="page-title">{title}</h1>
        {subtitle ? <p className="page-subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
    {children}
  </section>
);

/** A titled block inside a page. */
export const Panel = ({
  title,
  actions,
  children,
  className,
}: {
  readonly title: string;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
}) => (
  <section className={`panel${className ? ` ${className}` : ''}`} aria-label={title}>
    <header className="panel-header">
      <h2>{title}</h2>
      {actions ?? null}
    </header>
    {children}
  </section>
);
