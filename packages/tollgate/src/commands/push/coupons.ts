import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { METADATA } from '../../core/config/stripe-keys.ts';
import type { CouponDefinition, TollgateConfig } from '../../core/config/types.ts';
import { defined } from '../../core/lib/defined.ts';

/** Metadata naming the config coupon a Stripe coupon or promotion code was pushed for. */
export const COUPON_METADATA = 'tollgate_coupon';

export type CouponStep =
  | { type: 'create_coupon'; key: string; params: Stripe.CouponCreateParams }
  | { type: 'update_coupon'; key: string; id: string; params: Stripe.CouponUpdateParams }
  | { type: 'delete_coupon'; key: string; id: string }
  | { type: 'create_promotion_code'; key: string; code: string; params: Stripe.PromotionCodeCreateParams }
  | { type: 'deactivate_promotion_code'; key: string; code: string; id: string };

const unix = (iso: string | undefined) => (iso === undefined ? undefined : Math.floor(Date.parse(iso) / 1000));

/** A coupon's Stripe terms: what cannot change on a Stripe coupon. */
function couponTerms(coupon: CouponDefinition, currency: string): Omit<Stripe.CouponCreateParams, 'id' | 'name' | 'metadata'> {
  const duration =
    typeof coupon.duration === 'object' ? { duration: 'repeating' as const, duration_in_months: coupon.duration.months } : { duration: coupon.duration };
  const off = coupon.percentOff !== undefined ? { percent_off: coupon.percentOff } : { amount_off: coupon.amountOff ?? 0, currency };
  return defined({
    ...off,
    ...duration,
    max_redemptions: coupon.maxRedemptions,
    redeem_by: unix(coupon.redeemBy),
  });
}

/**
 * The Stripe id of a config coupon: its key and a digest of its terms
 * (`tollgate_launch_3f9a1c2b`). Stripe coupons cannot change their terms, so
 * new terms are a new coupon and the old one is deleted (discounts already
 * given keep it).
 */
export function couponStripeId(config: Pick<TollgateConfig, 'currency'>, key: string, coupon: CouponDefinition): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(couponTerms(coupon, config.currency ?? 'usd')))
    .digest('hex')
    .slice(0, 8);
  return `tollgate_${key}_${digest}`;
}

export interface CouponState {
  coupons: Stripe.Coupon[];
  /** Active promotion codes Tollgate pushed. */
  codes: Stripe.PromotionCode[];
}

async function collect<T>(list: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of list) out.push(item);
  return out;
}

export async function readCouponState(stripe: Stripe): Promise<CouponState> {
  const [coupons, codes] = await Promise.all([collect(stripe.coupons.list({ limit: 100 })), collect(stripe.promotionCodes.list({ active: true, limit: 100 }))]);
  return {
    coupons: coupons.filter((c) => c.metadata?.[COUPON_METADATA] !== undefined),
    codes: codes.filter((c) => c.metadata?.[COUPON_METADATA] !== undefined),
  };
}

function couponIdOf(code: Stripe.PromotionCode): string {
  const coupon = code.promotion.coupon;
  return typeof coupon === 'string' ? coupon : (coupon?.id ?? '');
}

function codeParams(config: TollgateConfig, key: string, couponId: string, code: string): Stripe.PromotionCodeCreateParams {
  const def = config.coupons?.[key]?.codes?.[code] ?? {};
  return defined({
    promotion: { type: 'coupon' as const, coupon: couponId },
    code,
    metadata: { [COUPON_METADATA]: key, [METADATA.managedBy]: 'true' },
    expires_at: unix(def.expiresAt),
    max_redemptions: def.maxRedemptions,
    restrictions: def.firstTimeOnly ? { first_time_transaction: true } : undefined,
  });
}

function sameCode(have: Stripe.PromotionCode, want: Stripe.PromotionCodeCreateParams): boolean {
  return (
    have.code.toLowerCase() === (want.code ?? '').toLowerCase() &&
    couponIdOf(have) === want.promotion.coupon &&
    have.expires_at === (want.expires_at ?? null) &&
    have.max_redemptions === (want.max_redemptions ?? null) &&
    have.restrictions.first_time_transaction === (want.restrictions?.first_time_transaction ?? false)
  );
}

/**
 * Steps bringing Stripe's coupons and promotion codes in line with the
 * config: codes whose terms changed are deactivated before their successor
 * is created (a code is active once at a time); coupons no longer wanted are
 * deleted after their codes are deactivated. A code whose `expiresAt` has
 * passed (by `now`) is not created.
 */
export function diffCoupons(config: TollgateConfig, current: CouponState, now: Date): CouponStep[] {
  const steps: CouponStep[] = [];
  const wantedCoupons = new Map<string, string>();
  const wantedCodes: { key: string; params: Stripe.PromotionCodeCreateParams }[] = [];
  for (const [key, coupon] of Object.entries(config.coupons ?? {})) {
    const id = couponStripeId(config, key, coupon);
    wantedCoupons.set(id, key);
    const name = coupon.name ?? key;
    const have = current.coupons.find((c) => c.id === id);
    if (!have) {
      steps.push({
        type: 'create_coupon',
        key,
        params: { id, name, metadata: { [COUPON_METADATA]: key, [METADATA.managedBy]: 'true' }, ...couponTerms(coupon, config.currency ?? 'usd') },
      });
    } else if (have.name !== name) {
      steps.push({ type: 'update_coupon', key, id, params: { name } });
    }
    for (const [code, def] of Object.entries(coupon.codes ?? {})) {
      if (def.expiresAt !== undefined && Date.parse(def.expiresAt) <= now.getTime()) continue;
      wantedCodes.push({ key, params: codeParams(config, key, id, code) });
    }
  }
  const kept = new Set<string>();
  const creates: CouponStep[] = [];
  for (const want of wantedCodes) {
    const match = current.codes.find((c) => sameCode(c, want.params));
    if (match) kept.add(match.id);
    else creates.push({ type: 'create_promotion_code', key: want.key, code: want.params.code ?? '', params: want.params });
  }
  for (const code of current.codes) {
    if (!kept.has(code.id)) steps.push({ type: 'deactivate_promotion_code', key: code.metadata?.[COUPON_METADATA] ?? '', code: code.code, id: code.id });
  }
  steps.push(...creates);
  for (const coupon of current.coupons) {
    if (!wantedCoupons.has(coupon.id)) steps.push({ type: 'delete_coupon', key: coupon.metadata?.[COUPON_METADATA] ?? '', id: coupon.id });
  }
  return steps;
}

/** Runs one coupon step; returns the Stripe id it created or changed. */
export async function runCouponStep(stripe: Stripe, step: CouponStep, options: Stripe.RequestOptions): Promise<string> {
  switch (step.type) {
    case 'create_coupon':
      return (await stripe.coupons.create(step.params, options)).id;
    case 'update_coupon':
      return (await stripe.coupons.update(step.id, step.params, options)).id;
    case 'delete_coupon':
      return (await stripe.coupons.del(step.id, {}, options)).id;
    case 'create_promotion_code':
      return (await stripe.promotionCodes.create(step.params, options)).id;
    case 'deactivate_promotion_code':
      return (await stripe.promotionCodes.update(step.id, { active: false }, options)).id;
  }
}

/** One readable line per coupon step. */
export function describeCouponStep(step: CouponStep, sign: string): string {
  switch (step.type) {
    case 'create_coupon': {
      const p = step.params;
      const off = p.percent_off !== undefined ? `${p.percent_off}% off` : `${p.amount_off} ${p.currency ?? ''} off`;
      const duration = p.duration === 'repeating' ? `${p.duration_in_months} months` : p.duration;
      return `${sign} coupon   ${step.key} (${p.id}): ${off}, ${duration}`;
    }
    case 'update_coupon':
      return `${sign} coupon   ${step.key} (${step.id}): name "${step.params.name ?? ''}"`;
    case 'delete_coupon':
      return `${sign} coupon   ${step.key} (${step.id}): delete (discounts already given keep it)`;
    case 'create_promotion_code':
      return `${sign} code     ${step.code} for coupon ${step.key}${step.params.expires_at ? `, expires ${new Date(step.params.expires_at * 1000).toISOString()}` : ''}`;
    case 'deactivate_promotion_code':
      return `${sign} code     ${step.code} (${step.id}): deactivate`;
  }
}
