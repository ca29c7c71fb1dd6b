import { useUsage } from '../hooks/use-usage.ts';
import { UsageMeter } from '../UsageMeter.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export interface UsageDisplayProps {
  /** The heading (default "Your usage"); null for none. */
  title?: string | null;
  /** Display names by feature key, plural (e.g. `{ messages: 'messages today' }`); the key otherwise. */
  labels?: Record<string, string>;
  /** Only these features, in this order (default: every metered feature and gauge of the plan). */
  features?: string[];
}

/**
 * Seed 004's usage panel: a meter per feature of the customer's plan
 * (messages today, agents), each marked when its limit is reached, fed by
 * useUsage and refreshed after every consume.
 */
export function UsageDisplay({ title = 'Your usage', labels = {}, features }: UsageDisplayProps) {
  const { data, error, loading } = useUsage();
  const shown = data ? (features ? features.flatMap((key) => data.features.filter((f) => f.feature === key)) : data.features) : [];
  return (
    <section className="tollgate-usage tollgate-panel" aria-busy={loading} aria-label={title ?? 'Usage'}>
      {title !== null ? <h3 className="tollgate-panel__title">{title}</h3> : null}
      {!data && loading ? <p role="status">Loading usage…</p> : null}
      <ErrorMessage error={error} />
      {shown.map((f) => (
        <UsageMeter key={f.feature} label={labels[f.feature] ?? f.feature} used={f.used} limit={f.unlimited ? null : f.limit} resetsAt={f.resets_at} />
      ))}
    </section>
  );
}
