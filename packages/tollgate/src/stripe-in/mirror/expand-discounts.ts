import Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { storable } from './storable.ts';

type Discounts = Stripe.Subscription['discounts'];

/**
 * A subscription's discounts arrive as ids in webhooks; MRR needs their
 * coupons. Fetches the subscription with `expand[]=discounts` and any coupon
 * still given by id. When Stripe (or an emulator) refuses the expansion, the
 * ids are kept and the discount is left out of MRR (logged); other failures
 * throw, so the event is retried.
 */
export async function expandDiscounts(deps: Deps, subscriptionId: string, discounts: Discounts): Promise<Discounts> {
  if (discounts.every((d) => typeof d !== 'string')) return discounts;
  let expanded: Discounts;
  try {
    expanded = storable((await deps.stripe.subscriptions.retrieve(subscriptionId, { expand: ['discounts'] })).discounts).value;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    deps.log.warn('cannot expand subscription discounts; left out of MRR', { subscriptionId, error: error.message });
    return discounts;
  }
  const out: Discounts = [];
  for (const discount of expanded) {
    if (typeof discount === 'string' || typeof discount.source.coupon !== 'string') {
      out.push(discount);
      continue;
    }
    const coupon = storable(await deps.stripe.coupons.retrieve(discount.source.coupon)).value;
    out.push({ ...discount, source: { ...discount.source, coupon } });
  }
  return out;
}
