import { useUsage } from '../hooks/use-usage.ts';
import { UsageMeter } from '../UsageMeter.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface UsageMetersProps {
  /** Display names by feature key (e.g. `{ messages: 'messages' }`); the key is shown otherwise. */
  labels?: Record<string, string>;
  /** Only these features, in this order (default: every metered feature and gauge of the plan). */
  features?: string[];
}

/** A UsageMeter for each metered feature of the customer's plan, fed by useUsage (refreshes after a consume). */
export function UsageMeters({ labels = {}, features }: UsageMetersProps) {
  const { data, error, loading } = useUsage();
  const shown = data ? (features ? features.flatMap((key) => data.features.filter((f) => f.feature === key)) : data.features) : [];
  return (
    <div className="tollgate-usage" aria-busy={loading}>
      {!data && loading ? <p role="status">Loading usage…</p> : null}
      <ErrorMessage error={error} />
      {shown.map((f) => (
        <UsageMeter key={f.feature} label={labels[f.feature] ?? f.feature} used={f.used} limit={f.unlimited ? null : f.limit} resetsAt={f.resets_at} />
      ))}
    </div>
  );
}
