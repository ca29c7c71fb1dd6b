import type { Subscription } from '../client/types.ts';
import { usePlans } from '../hooks/use-plans.ts';
import { useSubscription } from '../hooks/use-subscription.ts';
import { useTollgate } from '../provider.tsx';
import { formatDate } from './dates.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { type Scheduled, scheduledOf } from './scheduled.ts';

export interface SubscriptionStatusProps {
  /** Plan names by key (default: the engine's catalogue, then the key itself). */
  planNames?: Record<string, string>;
  /** Shown when the customer has no subscription (default "Free plan"). */
  freeLabel?: string;
  locale?: string;
}

type Tone = 'ok' | 'info' | 'warning' | 'danger';

function describe(s: Subscription, scheduled: Scheduled | undefined, locale: string | undefined): { state: string; tone: Tone; detail: string | null } {
  const price = `${s.amount_formatted} per ${s.interval ?? 'period'}`;
  const end = s.current_period_end ? formatDate(s.current_period_end, locale) : null;
  if (s.status === 'trialing') {
    const trialEnd = s.trial_end ? formatDate(s.trial_end, locale) : end;
    // A change is scheduled (canceled, or another plan at the trial's end): the notice says what follows, not "then $15.00 per month".
    if (scheduled) return { state: 'Trial', tone: 'info', detail: trialEnd ? `Trial ends ${trialEnd}` : null };
    return { state: 'Trial', tone: 'info', detail: trialEnd ? `Trial ends ${trialEnd}, then ${price}` : `Then ${price}` };
  }
  if (s.status === 'past_due' || s.status === 'unpaid') return { state: 'Payment failed', tone: 'danger', detail: 'Update your card to keep your plan.' };
  if (s.status === 'incomplete') return { state: 'Payment pending', tone: 'warning', detail: 'Finish the payment to start your plan.' };
  if (s.status === 'paused') return { state: 'Paused', tone: 'warning', detail: null };
  if (scheduled)
    return {
      state: scheduled.kind === 'cancel' ? 'Canceling' : 'Active',
      tone: scheduled.kind === 'cancel' ? 'warning' : 'ok',
      detail: `${price} until ${formatDate(scheduled.at, locale)}`,
    };
  return { state: 'Active', tone: 'ok', detail: end ? `${price}, renews ${end}` : price };
}

/**
 * The customer's plan in one line, as people read it: "Pro · Trial · Trial
 * ends Jan 29, 2026, then $15.00 per month"; what is scheduled (from the
 * engine's read: a downgrade at period end, made here or in the portal, or a
 * cancel at period end, which moves the customer to the free plan) is shown as
 * "Changes to Free on Mar 1, 2026".
 */
export function SubscriptionStatus({ planNames, freeLabel = 'Free plan', locale }: SubscriptionStatusProps) {
  const { data: subscription, error, loading } = useSubscription();
  const { data: catalogue } = usePlans();
  const { scheduledChange } = useTollgate();
  const nameOf = (key: string | null) => (key === null ? 'Plan' : (planNames?.[key] ?? catalogue?.data.find((p) => p.key === key)?.name ?? key));

  if (subscription === undefined) {
    return (
      <div className="tollgate-status" aria-busy={loading}>
        {error ? <ErrorMessage error={error} /> : <p role="status">Loading your plan…</p>}
      </div>
    );
  }
  if (subscription === null) {
    return (
      <div className="tollgate-status" data-status="none">
        <p className="tollgate-status__plan">{freeLabel}</p>
      </div>
    );
  }
  const scheduled = scheduledOf(subscription, scheduledChange());
  const { state, tone, detail } = describe(subscription, scheduled, locale);
  const after = scheduled ? (scheduled.plan === null ? freeLabel : nameOf(scheduled.plan)) : null;
  return (
    <div className="tollgate-status" data-status={subscription.status}>
      <p className="tollgate-status__plan">
        <span className="tollgate-status__name">{nameOf(subscription.plan_key)}</span>{' '}
        <span className="tollgate-badge" data-tone={tone}>
          {state}
        </span>
      </p>
      {detail ? <p className="tollgate-status__detail">{detail}</p> : null}
      {scheduled ? (
        <p
          className="tollgate-status__notice"
          data-tone={scheduled.kind === 'cancel' ? 'warning' : 'info'}
          data-scheduled={scheduled.kind}
          data-scheduled-plan={scheduled.plan ?? ''}
        >
          Changes to {after} on {formatDate(scheduled.at, locale)}
        </p>
      ) : null}
    </div>
  );
}
