import type Stripe from 'stripe';
import { StripeApiError } from '../../errors.ts';
import { parseShape } from '../../core/params.ts';
import { type Router, pathId } from '../../core/router.ts';
import { idOf } from './items.ts';
import { getSubscription, saveSubscription } from './subscriptions.ts';

/** `DELETE /v1/subscriptions/:id/discount`: removes the subscription's discount (`customer.discount.deleted`, then `customer.subscription.updated`). */
export function subscriptionDiscountRoutes(r: Router): void {
  r.delete('/v1/subscriptions/:id/discount', (ctx) => {
    parseShape({}, ctx.body);
    const em = ctx.em;
    const before = getSubscription(em, pathId(ctx), 'subscription_exposed_id');
    const at = em.timeFor(before.test_clock);
    const discounts = before.discounts.map((d) => em.db.discounts.get(idOf(d) ?? '')).filter((d): d is Stripe.Discount => d !== undefined);
    const first = discounts[0];
    if (!first)
      throw new StripeApiError(404, {
        error: {
          type: 'invalid_request_error',
          code: 'resource_missing',
          message: `No active discount for subscription: '${before.id}'`,
          param: 'subscription',
        },
      });
    for (const discount of discounts) {
      em.db.discounts.delete(discount.id);
      em.emit('customer.discount.deleted', discount, { at });
    }
    saveSubscription(em, before, { ...before, discounts: [] }, at);
    const deleted: Stripe.DeletedDiscount = {
      id: first.id,
      object: 'discount',
      checkout_session: first.checkout_session,
      customer: first.customer,
      customer_account: first.customer_account,
      deleted: true,
      invoice: first.invoice,
      invoice_item: first.invoice_item,
      promotion_code: first.promotion_code,
      source: first.source,
      start: first.start,
      subscription: first.subscription,
      subscription_item: first.subscription_item,
    };
    return deleted;
  });
}
