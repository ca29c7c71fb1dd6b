export interface UsageMeterProps {
  /** The feature's display name, e.g. "messages". */
  label: string;
  used: number;
  /** null means unlimited. */
  limit: number | null;
  /** ISO time the window resets, when it does. */
  resetsAt?: string | null;
}

/** Shows "12 of 50 messages used" with an accessible progress bar. */
export function UsageMeter({ label, used, limit, resetsAt }: UsageMeterProps) {
  const unlimited = limit === null;
  const ratio = unlimited || limit === 0 ? 0 : Math.min(1, used / limit);
  const state = unlimited ? 'ok' : used >= limit ? 'exhausted' : ratio >= 0.8 ? 'warning' : 'ok';
  return (
    <div className="tollgate-usage-meter" data-state={state}>
      <div className="tollgate-usage-meter__label">
        {unlimited
          ? `${used.toLocaleString('en-US')} ${label} used (unlimited)`
          : `${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')} ${label} used`}
        {state === 'exhausted' ? <span className="tollgate-usage-meter__state"> Limit reached</span> : null}
      </div>
      {unlimited ? null : (
        <div
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          aria-valuetext={`${used.toLocaleString('en-US')} of ${limit.toLocaleString('en-US')}${state === 'exhausted' ? ', limit reached' : ''}`}
          className="tollgate-usage-meter__bar"
        >
          <div style={{ width: `${Math.round(ratio * 100)}%` }} />
        </div>
      )}
      {resetsAt ? (
        <div className="tollgate-usage-meter__reset">
          Resets{' '}
          {new Date(resetsAt).toLocaleString('en-US', {
            month: 'short',
            day: 'numeric',
            hour: 'numeric',
            minute: '2-digit',
            timeZone: 'UTC',
            timeZoneName: 'short',
          })}
        </div>
      ) : null}
    </div>
  );
}
