import { useId, useState } from 'react';
import type { Interval } from '../client/types.ts';
import type { PlanCatalogue } from '../client/types.ts';
import { usePlans } from '../hooks/use-plans.ts';
import { useSubscription } from '../hooks/use-subscription.ts';
import { formatAmount } from '../money.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { PlanAction } from './PlanAction.tsx';
import type { ServerAction } from './server-action.ts';
import { offersYearly, type PricingPlan, planPrice } from './pricing.ts';

export interface PricingTableProps {
  /**
   * The plans to offer, in the shape of the engine config's `plans` (your
   * `tollgate.config.ts` plans). Hidden plans are skipped. Without it the
   * table reads the engine's catalogue (`GET /api/v1/billing/plans`).
   */
  plans?: Record<string, PricingPlan>;
  /** The config's currency (default "usd"; with plans from the engine, the engine's). */
  currency?: string;
  successUrl: string;
  cancelUrl: string;
  defaultInterval?: Interval;
  /** Link for "Contact sales" on custom plans; without it the button calls onContactSales. */
  contactSalesUrl?: string;
  onContactSales?: (planKey: string) => void;
  /** For amounts (default "en-US"). */
  locale?: string;
  /** Your server starts Checkout instead of the engine's route (a Next.js server action): answers the url or an error. */
  checkoutAction?: ServerAction<[plan: string, interval: Interval | undefined]>;
}

const PER: Record<Interval, string> = { month: 'month', year: 'year' };

/** Plans side by side with a monthly/yearly toggle; the customer's current plan is marked. */
export function PricingTable(props: PricingTableProps) {
  return props.plans ? <PlansTable {...props} plans={props.plans} /> : <EnginePricingTable {...props} />;
}

/** The engine's catalogue as the config-shaped plans the table shows. */
export function catalogueToPlans(catalogue: PlanCatalogue): Record<string, PricingPlan> {
  const plans: Record<string, PricingPlan> = {};
  for (const plan of catalogue.data) {
    const monthly = plan.prices.find((p) => p.interval === 'month')?.amount;
    const yearly = plan.prices.find((p) => p.interval === 'year')?.amount;
    plans[plan.key] = {
      name: plan.name,
      ...(plan.description !== null ? { description: plan.description } : {}),
      ...(monthly !== undefined || yearly !== undefined
        ? { prices: { ...(monthly !== undefined ? { monthly } : {}), ...(yearly !== undefined ? { yearly } : {}) } }
        : {}),
      perSeat: plan.per_seat,
      custom: plan.custom,
      ...(plan.trial_days !== null ? { trialDays: plan.trial_days } : {}),
      default: plan.default,
      highlights: plan.highlights,
    };
  }
  return plans;
}

function EnginePricingTable(props: PricingTableProps) {
  const { data, error } = usePlans();
  if (!data) {
    return (
      <div className="tollgate-pricing-table" aria-busy={error ? undefined : 'true'}>
        {error ? <ErrorMessage error={error} /> : <p className="tollgate-pricing-table__loading">Loading plans…</p>}
      </div>
    );
  }
  return <PlansTable {...props} plans={catalogueToPlans(data)} currency={data.currency} />;
}

function PlansTable({
  plans,
  currency = 'usd',
  successUrl,
  cancelUrl,
  defaultInterval = 'month',
  contactSalesUrl,
  onContactSales,
  locale,
  checkoutAction,
}: PricingTableProps & { plans: Record<string, PricingPlan> }) {
  const [interval, setInterval] = useState<Interval>(defaultInterval);
  const { data: subscription } = useSubscription();
  const name = useId();
  const offered = Object.entries(plans).filter(([, plan]) => !plan.hidden);
  // Unknown until the first read succeeds; without a subscription the customer is on the config's default plan.
  const currentKey = subscription === undefined ? undefined : (subscription?.plan_key ?? offered.find(([, p]) => p.default)?.[0]);

  return (
    <div className="tollgate-pricing-table">
      {offersYearly(plans) ? (
        <fieldset className="tollgate-pricing-table__interval">
          <legend>Billing period</legend>
          {(['month', 'year'] as const).map((value) => (
            <label key={value}>
              <input type="radio" name={name} value={value} checked={interval === value} onChange={() => setInterval(value)} />
              {value === 'month' ? 'Monthly' : 'Yearly'}
            </label>
          ))}
        </fieldset>
      ) : null}
      <ul className="tollgate-pricing-table__plans">
        {offered.map(([key, plan]) => {
          const price = planPrice(plan, interval);
          const current = key === currentKey;
          return (
            <li
              key={key}
              className={`tollgate-plan${current ? ' tollgate-plan--current' : ''}`}
              aria-current={current ? 'true' : undefined}
              aria-labelledby={`${name}-${key}`}
            >
              <h3 id={`${name}-${key}`}>{plan.name}</h3>
              {current ? <p className="tollgate-plan__badge">Your plan</p> : null}
              {plan.description ? <p className="tollgate-plan__description">{plan.description}</p> : null}
              <p className="tollgate-plan__price">
                {plan.custom
                  ? 'Custom pricing'
                  : price
                    ? `${formatAmount(price.amount, currency, locale)} ${plan.perSeat ? 'per seat ' : ''}per ${PER[price.interval]}`
                    : 'Free'}
              </p>
              {plan.highlights?.length ? (
                <ul className="tollgate-plan__highlights">
                  {plan.highlights.map((h) => (
                    <li key={h}>{h}</li>
                  ))}
                </ul>
              ) : null}
              <PlanAction
                planKey={key}
                plan={plan}
                price={price}
                current={current}
                subscription={subscription}
                successUrl={successUrl}
                cancelUrl={cancelUrl}
                contactSalesUrl={contactSalesUrl}
                onContactSales={onContactSales}
                checkoutAction={checkoutAction}
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
