import type Stripe from 'stripe';
import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { couponStripeId } from '../push/coupons.ts';
import type { SubscriptionRow } from '../../stripe-in/mirror/live-subscription.ts';
import { applyAndRead, commandKey, loadLiveSubscription } from '../subscriptions/load.ts';
import { findPromotionCode } from './find-code.ts';

/** A config coupon or a promotion code: one of the two. */
export const applyDiscountInput = z
  .object({
    /** The app's id for the customer. */
    customer: appId(),
    /** A coupon key from the config's `coupons`. */
    coupon: text(INPUT_LIMITS.key).optional(),
    /** A customer-facing promotion code (`LAUNCH20`), case-insensitive. */
    promotionCode: text(40).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.coupon === undefined) === (input.promotionCode === undefined)) {
      const path = [input.coupon === undefined ? 'coupon' : 'promotionCode'];
      ctx.addIssue({ code: 'custom', path, message: 'pass either coupon (a config key) or promotion_code' });
    }
  });
export type ApplyDiscountInput = z.input<typeof applyDiscountInput>;

/**
 * Adds a discount to the customer's live subscription: a config coupon (by
 * key) or a promotion code. Stripe's API (2026) has no customer-level coupon,
 * so "a customer's discount" is their subscription's. An operator's decision:
 * the HTTP route takes a secret key. Errors name the field and write nothing:
 * an unknown coupon (`coupon_not_found`), a code that does not exist
 * (`coupon_not_found`, param `promotion_code`), or one that expired, was
 * deactivated or is used up (`promotion_code_inactive`). The discount is
 * applied through the mirror, so MRR counts it at once.
 */
export const applyDiscount = operation(applyDiscountInput, async (deps: Deps, input): Promise<Result<SubscriptionRow, AppError>> => {
  let discount: Stripe.SubscriptionUpdateParams.Discount;
  if (input.coupon !== undefined) {
    const def = Object.hasOwn(deps.config.coupons ?? {}, input.coupon) ? deps.config.coupons?.[input.coupon] : undefined;
    if (!def) {
      const known = Object.keys(deps.config.coupons ?? {}).join(', ') || 'none';
      return err(appError('coupon_not_found', `no coupon "${input.coupon}" in the config (coupons: ${known})`, 'coupon'));
    }
    discount = { coupon: couponStripeId(deps.config, input.coupon, def) };
  } else {
    const found = await findPromotionCode(deps, input.promotionCode ?? '');
    if (!found.ok) return found;
    discount = { promotion_code: found.value.id };
  }
  const live = await loadLiveSubscription(deps, input.customer);
  if (!live.ok) return live;
  const { subscription } = live.value;
  const existing = subscription.discounts.map((d): Stripe.SubscriptionUpdateParams.Discount => ({ discount: typeof d === 'string' ? d : d.id }));
  let updated: Stripe.Subscription;
  try {
    updated = await deps.stripe.subscriptions.update(
      subscription.id,
      { discounts: [...existing, discount] },
      { idempotencyKey: commandKey('discount', deps, subscription, discount) },
    );
  } catch (e) {
    const stripeError = e as { statusCode?: number; message?: string };
    if (stripeError.statusCode === 400 || stripeError.statusCode === 404) {
      const param = input.coupon === undefined ? 'promotion_code' : 'coupon';
      return err(
        appError(
          input.coupon === undefined ? 'promotion_code_inactive' : 'coupon_not_found',
          `Stripe refused the discount: ${stripeError.message ?? 'unknown'} (run "tollgate push" if the coupon is new)`,
          param,
        ),
      );
    }
    throw e;
  }
  return ok(await applyAndRead(deps, updated));
});
