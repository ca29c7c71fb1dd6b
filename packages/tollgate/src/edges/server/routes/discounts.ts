import { z } from 'zod';
import { applyDiscount } from '../../../commands/coupons/apply.ts';
import { INPUT_LIMITS, text } from '../../../core/lib/input.ts';
import { ok } from '../../../core/lib/result.ts';
import { presentSubscription, subscriptionSchema } from '../present.ts';
import { customerField, defineRoute, type Route } from '../route.ts';

/** Discounts: an operator's decision, secret key only (src/coupons). */
export const discountRoutes: Route[] = [
  defineRoute({
    method: 'post',
    path: 'discounts',
    summary: "Add a discount to a customer's live subscription: a coupon from the config, or a promotion code",
    tag: 'Subscription',
    auth: 'secret',
    body: z.object({
      customer: customerField,
      coupon: text(INPUT_LIMITS.key).optional().describe('A coupon key from the config (coupons); or give promotion_code'),
      promotion_code: text(40).optional().describe('A customer-facing promotion code (LAUNCH20), case-insensitive; expired or used-up codes are refused'),
    }),
    response: z.object({ subscription: subscriptionSchema }),
    example: { body: { customer: 'user_123', coupon: 'launch' } },
    async handler({ deps, input }) {
      const result = await applyDiscount(deps, input);
      return result.ok ? ok({ subscription: presentSubscription(result.value) }) : result;
    },
  }),
];
