import type { Interval, Subscription } from '../client/types.ts';
import { useChangePlan } from '../hooks/use-checkout.ts';
import { useTollgate } from '../provider.tsx';
import { ActionButton } from './ActionButton.tsx';
import { CheckoutButton } from './CheckoutButton.tsx';
import { formatDate } from './dates.ts';
import type { ServerAction } from './server-action.ts';
import { scheduledOf } from './scheduled.ts';
import { type PlanPrice, type PricingPlan, planKind } from './pricing.ts';

export interface PlanActionProps {
  planKey: string;
  plan: PricingPlan;
  price: PlanPrice | null;
  current: boolean;
  subscription: Subscription | null | undefined;
  successUrl: string;
  cancelUrl: string;
  contactSalesUrl: string | undefined;
  onContactSales: ((planKey: string) => void) | undefined;
  checkoutAction: ServerAction<[plan: string, interval: Interval | undefined]> | undefined;
}

/** The button under one plan: current, contact sales, checkout (no subscription yet) or switch (a subscriber). */
export function PlanAction({
  planKey,
  plan,
  price,
  current,
  subscription,
  successUrl,
  cancelUrl,
  contactSalesUrl,
  onContactSales,
  checkoutAction,
}: PlanActionProps) {
  const { changePlan, loading, error } = useChangePlan();
  const { scheduledChange } = useTollgate();
  const kind = planKind(plan);
  const scheduled = subscription ? scheduledOf(subscription, scheduledChange()) : undefined;
  if (scheduled?.kind === 'plan_change' && scheduled.plan === planKey && !current) {
    return (
      <button type="button" className="tollgate-button" disabled>
        Starts {formatDate(scheduled.at)}
      </button>
    );
  }
  const switchTo = (label: string, interval: PlanPrice['interval']) => (
    <ActionButton onClick={() => void changePlan({ plan: planKey, interval })} loading={loading} error={error}>
      {label}
    </ActionButton>
  );
  if (current) {
    // A subscriber looking at the other interval of their own plan can switch to it.
    if (subscription && price && subscription.interval !== null && subscription.interval !== price.interval) {
      return switchTo(`Switch to ${price.interval === 'year' ? 'yearly' : 'monthly'} billing`, price.interval);
    }
    return (
      <button type="button" className="tollgate-button" disabled>
        Current plan
      </button>
    );
  }
  if (kind === 'custom') {
    return contactSalesUrl !== undefined ? (
      <a className="tollgate-button" href={contactSalesUrl}>
        Contact sales
      </a>
    ) : (
      <button type="button" className="tollgate-button" onClick={() => onContactSales?.(planKey)}>
        Contact sales
      </button>
    );
  }
  if (kind === 'free' || !price) return null; // Moving to the free plan is a cancelation (ManageBillingButton).
  // Until the customer's subscription is read, neither Checkout nor a plan change is offered (a subscriber must never see "Start trial").
  if (subscription === undefined) {
    return (
      <button type="button" className="tollgate-button" disabled aria-busy="true">
        Loading…
      </button>
    );
  }
  if (subscription) return switchTo(`Switch to ${plan.name}`, price.interval);
  return (
    <CheckoutButton
      plan={planKey}
      interval={price.interval}
      successUrl={successUrl}
      cancelUrl={cancelUrl}
      {...(checkoutAction ? { action: checkoutAction } : {})}
    >
      {plan.trialDays ? `Start ${plan.trialDays}-day trial` : `Choose ${plan.name}`}
    </CheckoutButton>
  );
}
