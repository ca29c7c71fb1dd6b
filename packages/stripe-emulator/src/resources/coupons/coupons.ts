import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { sentOrNull } from '../../core/sent.ts';

export interface CouponInput {
  id?: string;
  name?: string;
  percent_off?: string;
  amount_off?: number;
  currency?: string;
  duration?: 'once' | 'repeating' | 'forever';
  duration_in_months?: number;
  max_redemptions?: number;
  redeem_by?: number;
  metadata?: Record<string, string> | '';
  applies_to?: { products?: string[] };
}

export function getCoupon(em: Emulator, id: string, param = 'coupon'): Stripe.Coupon {
  const coupon = em.db.coupons.get(id);
  if (!coupon) throw resourceMissing('coupon', id, param);
  return coupon;
}

/** A coupon can be redeemed while it is before `redeem_by` and under `max_redemptions`. */
export function isCouponValid(em: Emulator, coupon: Stripe.Coupon): boolean {
  if (coupon.redeem_by !== null && em.now() > coupon.redeem_by) return false;
  if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions) return false;
  return true;
}

export function createCoupon(em: Emulator, input: CouponInput): Stripe.Coupon {
  const db = em.db;
  if (input.id !== undefined && db.coupons.has(input.id)) throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
  if (input.percent_off !== undefined && input.amount_off !== undefined)
    throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', 'percent_off');
  if (input.percent_off === undefined && input.amount_off === undefined)
    throw invalidRequest('You must pass either amount_off or percent_off.', 'percent_off', 'parameter_missing');
  let percent: number | null = null;
  if (input.percent_off !== undefined) {
    percent = Number(input.percent_off);
    if (!(percent > 0 && percent <= 100)) throw invalidRequest('Invalid percent_off: must be greater than 0 and at most 100.', 'percent_off');
  }
  if (input.amount_off !== undefined) {
    if (input.amount_off <= 0) throw invalidRequest('Invalid amount_off: must be a positive integer.', 'amount_off');
    if (input.currency === undefined) throw invalidRequest('You must pass currency when passing amount_off.', 'currency', 'parameter_missing');
  }
  const duration = input.duration ?? 'once';
  if (duration === 'repeating' && input.duration_in_months === undefined)
    throw invalidRequest('You must pass duration_in_months when duration is repeating.', 'duration_in_months', 'parameter_missing');
  if (duration !== 'repeating' && input.duration_in_months !== undefined)
    throw invalidRequest('duration_in_months can only be set when duration is repeating.', 'duration_in_months');
  if (input.redeem_by !== undefined && input.redeem_by <= em.now()) throw invalidRequest('Invalid redeem_by: must be in the future.', 'redeem_by');
  const coupon: Stripe.Coupon = {
    id: input.id ?? em.ids.secret('', 8).slice(1),
    object: 'coupon',
    amount_off: input.amount_off ?? null,
    ...(input.applies_to?.products ? { applies_to: { products: input.applies_to.products } } : {}),
    created: em.now(),
    currency: input.amount_off !== undefined ? ((input.currency ?? null)?.toLowerCase() ?? null) : null,
    duration,
    duration_in_months: input.duration_in_months ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: initialMetadata(input.metadata),
    name: input.name ?? null,
    percent_off: percent,
    redeem_by: input.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  db.coupons.put(coupon);
  em.emit('coupon.created', coupon);
  return coupon;
}

export function updateCoupon(em: Emulator, id: string, input: { name?: string; metadata?: Record<string, string> | '' }): Stripe.Coupon {
  const before = getCoupon(em, id, 'id');
  const after: Stripe.Coupon = {
    ...before,
    ...sentOrNull(input, ['name']),
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
  };
  em.db.coupons.put(after);
  em.emit('coupon.updated', after, { previous: { name: before.name, metadata: before.metadata } });
  return after;
}

export function deleteCoupon(em: Emulator, id: string): Stripe.DeletedCoupon {
  const coupon = getCoupon(em, id, 'id');
  em.db.coupons.delete(id);
  em.emit('coupon.deleted', coupon);
  return { id, object: 'coupon', deleted: true };
}

/** Counts one redemption of a coupon (and its promotion code); `valid` turns false at the limit. */
export function redeemCoupon(em: Emulator, couponId: string, promotionCode: string | null): void {
  const db = em.db;
  const coupon = db.coupons.get(couponId);
  if (coupon) {
    const next = { ...coupon, times_redeemed: coupon.times_redeemed + 1 };
    db.coupons.put({ ...next, valid: isCouponValid(em, next) });
  }
  const code = promotionCode ? db.promotionCodes.get(promotionCode) : undefined;
  if (code) {
    const times = code.times_redeemed + 1;
    db.promotionCodes.put({ ...code, times_redeemed: times, active: code.max_redemptions !== null && times >= code.max_redemptions ? false : code.active });
  }
}
