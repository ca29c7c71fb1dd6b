import type Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { text } from '../../core/lib/input.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

/** A promotion code as a customer types it (errors name the caller's field). */
export const findPromotionCodeInput = text(40);

/**
 * The promotion code a customer typed, if it can be redeemed now (by the
 * deps clock): `coupon_not_found` when no code has that text,
 * `promotion_code_inactive` naming why (expired at, deactivated, used up).
 */
export async function findPromotionCode(
  deps: Pick<Deps, 'stripe' | 'clock'>,
  code: string,
  param = 'promotion_code',
): Promise<Result<Stripe.PromotionCode, AppError>> {
  const parsed = parseInput(findPromotionCodeInput, code, param);
  if (!parsed.ok) return parsed;
  const matches = (await deps.stripe.promotionCodes.list({ code, limit: 10 })).data;
  const active = matches.find((c) => c.active);
  const found = active ?? matches[0];
  if (!found) return err(appError('coupon_not_found', `no promotion code "${code}"`, param));
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  if (found.expires_at !== null && found.expires_at <= now) {
    return err(appError('promotion_code_inactive', `promotion code "${found.code}" expired at ${new Date(found.expires_at * 1000).toISOString()}`, param));
  }
  if (!found.active) return err(appError('promotion_code_inactive', `promotion code "${found.code}" is no longer active`, param));
  if (found.max_redemptions !== null && found.times_redeemed >= found.max_redemptions) {
    return err(appError('promotion_code_inactive', `promotion code "${found.code}" has been used its ${found.max_redemptions} times`, param));
  }
  return ok(found);
}
