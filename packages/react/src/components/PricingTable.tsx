import { useId, useState } from 'react';
import type { Interval } from '../client/types.ts';
import { useSubscription } from '../hooks/use-subscription.ts';
import { formatAmount } from '../money.ts';
import { PlanAction } from './PlanAction.tsx';
import { offersYearly, type PricingPlan, planPrice } from './pricing.ts';

export interface PricingTableProps {
  /**
   * The plans to offer, in the shape of the engine config's `plans` (the API
   * has no route for the catalogue, so pass your `tollgate.config.ts` plans,
   * or the same object served by your backend). Hidden plans are skipped.
   */
  plans: Record<string, PricingPlan>;
  /** The config's currency (default "usd"). */
  currency?: string;
  successUrl: string;
  cancelUrl: string;
  defaultInterval?: Interval;
  /** Link for "Contact sales" on custom plans; without it the button calls onContactSales. */
  contactSalesUrl?: string;
  onContactSales?: (planKey: string) => void;
  /** For amounts (default "en-US"). */
  locale?: string;
}

const PER: Record<Interval, string> = { month: 'month', year: 'year' };

/** Plans side by side with a monthly/yearly toggle; the customer's current plan is marked. */
export function PricingTable({ plans, currency = 'usd', successUrl, cancelUrl, defaultInterval = 'month', contactSalesUrl, onContactSales, locale }: PricingTableProps) {
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
            <li key={key} className={`tollgate-plan${current ? ' tollgate-plan--current' : ''}`} aria-current={current ? 'true' : undefined} aria-labelledby={`${name}-${key}`}>
              <h3 id={`${name}-${key}`}>{plan.name}</h3>
              {current ? <p className="tollgate-plan__badge">Your plan</p> : null}
              {plan.description ? <p className="tollgate-plan__description">{plan.description}</p> : null}
              <p className="tollgate-plan__price">
                {plan.custom ? 'Custom pricing' : price ? `${formatAmount(price.amount, currency, locale)} ${plan.perSeat ? 'per seat ' : ''}per ${PER[price.interval]}` : 'Free'}
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
              />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
