import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata, mergeMetadata } from '../../core/metadata.ts';
import { getCoupon, isCouponValid } from '../coupons/coupons.ts';

export interface PromotionCodeInput {
  promotion: { type: 'coupon'; coupon?: string };
  code?: string;
  active?: boolean;
  customer?: string;
  expires_at?: number;
  max_redemptions?: number;
  metadata?: Record<string, string> | '';
  restrictions?: { first_time_transaction?: boolean; minimum_amount?: number; minimum_amount_currency?: string };
}

export function getPromotionCode(em: Emulator, id: string, param = 'promotion_code'): Stripe.PromotionCode {
  const code = em.db.promotionCodes.get(id);
  if (!code) throw resourceMissing('promotion_code', id, param);
  return code;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function randomCode(em: Emulator): string {
  const raw = em.ids.secret('', 8).slice(1);
  let out = '';
  for (let i = 0; i < raw.length; i++) out += CODE_ALPHABET[raw.charCodeAt(i) % CODE_ALPHABET.length];
  return out;
}

export function createPromotionCode(em: Emulator, input: PromotionCodeInput): Stripe.PromotionCode {
  const db = em.db;
  if (input.promotion.coupon === undefined) throw invalidRequest('Missing required param: promotion[coupon].', 'promotion[coupon]', 'parameter_missing');
  const coupon = getCoupon(em, input.promotion.coupon, 'promotion[coupon]');
  if (input.customer !== undefined && !em.db.customers.has(input.customer)) throw resourceMissing('customer', input.customer, 'customer');
  const code = input.code ?? randomCode(em);
  if (!/^[a-zA-Z0-9_-]{1,500}$/.test(code)) throw invalidRequest('Invalid code: only letters, digits, dashes and underscores are allowed.', 'code');
  for (const other of db.promotionCodes.values()) {
    if (other.active && other.code.toLowerCase() === code.toLowerCase())
      throw invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, 'code', 'resource_already_exists');
  }
  if (input.restrictions?.minimum_amount !== undefined && input.restrictions.minimum_amount_currency === undefined) {
    throw invalidRequest('You must pass minimum_amount_currency when passing minimum_amount.', 'restrictions[minimum_amount_currency]', 'parameter_missing');
  }
  const promo: Stripe.PromotionCode = {
    id: em.ids.next('promo'),
    object: 'promotion_code',
    active: input.active ?? true,
    code,
    created: em.now(),
    customer: input.customer ?? null,
    customer_account: null,
    expires_at: input.expires_at ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: initialMetadata(input.metadata),
    promotion: { type: 'coupon', coupon: coupon.id },
    restrictions: {
      first_time_transaction: input.restrictions?.first_time_transaction ?? false,
      minimum_amount: input.restrictions?.minimum_amount ?? null,
      minimum_amount_currency: input.restrictions?.minimum_amount_currency?.toLowerCase() ?? null,
    },
    times_redeemed: 0,
  };
  db.promotionCodes.put(promo);
  em.emit('promotion_code.created', promo);
  return promo;
}

export function updatePromotionCode(em: Emulator, id: string, input: { active?: boolean; metadata?: Record<string, string> | '' }): Stripe.PromotionCode {
  const before = getPromotionCode(em, id, 'id');
  const after: Stripe.PromotionCode = { ...before, active: input.active ?? before.active, metadata: mergeMetadata(before.metadata ?? {}, input.metadata) };
  em.db.promotionCodes.put(after);
  em.emit('promotion_code.updated', after, { previous: { active: before.active, metadata: before.metadata } });
  return after;
}

/** Why a promotion code cannot be used now (null when it can), in the words Checkout shows. */
export function promotionCodeProblem(
  em: Emulator,
  promo: Stripe.PromotionCode,
  context: { customer: string | null; amount: number; currency: string },
): string | null {
  if (!promo.active) return 'This code is invalid.';
  if (promo.expires_at !== null && em.now() > promo.expires_at) return 'This code has expired.';
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) return 'This code is invalid.';
  const customer = typeof promo.customer === 'string' ? promo.customer : (promo.customer?.id ?? null);
  if (customer !== null && customer !== context.customer) return 'This code is invalid.';
  const couponId = typeof promo.promotion.coupon === 'string' ? promo.promotion.coupon : (promo.promotion.coupon?.id ?? '');
  const coupon = em.db.coupons.get(couponId);
  if (!coupon || !isCouponValid(em, coupon)) return 'This code is invalid.';
  if (coupon.currency !== null && coupon.currency !== context.currency) return 'This code is not valid for this currency.';
  const r = promo.restrictions;
  if (r.minimum_amount !== null && r.minimum_amount_currency === context.currency && context.amount < r.minimum_amount)
    return 'This code requires a larger order.';
  return null;
}

/** The active promotion code with this customer-facing code (case-insensitive). */
export function findPromotionCode(em: Emulator, code: string): Stripe.PromotionCode | undefined {
  const wanted = code.trim().toLowerCase();
  for (const promo of em.db.promotionCodes.values()) if (promo.active && promo.code.toLowerCase() === wanted) return promo;
  return undefined;
}
