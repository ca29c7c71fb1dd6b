import { LimitMessage, useConsume } from '@tollgate/react';
import { useId } from 'react';

/** One message per click, consumed on the engine; at the limit the refusal is shown at this button. */
export function Composer() {
  const { consume, loading, error } = useConsume('messages');
  const limitId = useId();
  return (
    <div className="demo-composer">
      <button
        type="button"
        className="tollgate-button"
        onClick={() => void consume()}
        disabled={loading}
        aria-busy={loading}
        aria-describedby={error ? limitId : undefined}
      >
        Send a message
      </button>
      <LimitMessage id={limitId} error={error} message="Daily message limit reached." upgradeHref="#pricing-heading" />
    </div>
  );
}
