/** One key figure on the dashboard, linking to the list behind it. */
export const Stat = ({
  label,
  value,
  note,
  tone = 'plain',
  href,
}: {
  readonly label: string;
  readonly value: number | string;
  readonly note?: string;
  readonly tone?: 'plain' | 'ok' | 'warn' | 'bad' | 'info';
  readonly href?: string;
}) => {
  const body = (
    <>
      <span className="stat-label">{label}</span>
      <span className="stat-value">
        {typeof value === 'number' ? value.toLocaleString() : value}
      </span>
      {note ? <span className="stat-note">{note}</span> : null}
    </>
  );
  return href ? (
    <a className={`stat stat-${tone}`} href={href}>
      {body}
    </a>
  ) : (
    <div className={`stat stat-${tone}`}>{body}</div>
  );
};
