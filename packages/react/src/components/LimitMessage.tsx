import type { ReactNode } from 'react';
import type { TollgateApiError } from '../client/errors.ts';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface LimitMessageProps {
  /** The refusal (from useConsume's `error`, or your own route's answer turned into a TollgateApiError). */
  error: TollgateApiError | undefined;
  /** What to say when a limit is reached (default: the engine's message). */
  message?: string;
  /** Where to upgrade, shown as a link after the message. */
  upgradeHref?: string;
  upgradeLabel?: ReactNode;
  /** The id the control names in `aria-describedby`, so the refusal is read with it. */
  id?: string;
}

/**
 * A refusal shown at the control that hit it (place it right after the
 * button): "Daily message limit reached. Resets 00:00 UTC. Upgrade". Other
 * errors are shown as ErrorMessage shows them.
 */
export function LimitMessage({ error, message, upgradeHref, upgradeLabel = 'Upgrade for more', id }: LimitMessageProps) {
  if (!error) return null;
  const limited = error.code === 'limit_reached' || error.code === 'spend_cap_reached' || error.code === 'insufficient_credits';
  if (!limited) return <ErrorMessage error={error} />;
  const resetsAt = typeof error.details?.resets_at === 'string' ? error.details.resets_at : null;
  return (
    <p role="alert" id={id} className="tollgate-limit" data-code={error.code}>
      <span className="tollgate-limit__message">{message ?? error.message}</span>
      {resetsAt ? (
        <span className="tollgate-limit__reset">
          {' '}
          Resets {new Date(resetsAt).toLocaleString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' })}.
        </span>
      ) : null}
      {upgradeHref ? (
        <>
          {' '}
          <a className="tollgate-limit__upgrade" href={upgradeHref}>
            {upgradeLabel}
          </a>
        </>
      ) : null}
    </p>
  );
}
