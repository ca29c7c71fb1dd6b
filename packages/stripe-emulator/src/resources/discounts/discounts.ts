import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { getCoupon, isCouponValid, redeemCoupon } from '../coupons/coupons.ts';
import { getPromotionCode, promotionCodeProblem } from '../promotion-codes/promotion-codes.ts';

/** One entry of a `discounts` parameter (subscriptions, Checkout). */
export interface DiscountInput {
  coupon?: string;
  promotion_code?: string;
  discount?: string;
}

export interface DiscountSource {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
}

const idOf = (v: string | { id: string } | null | undefined): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : v.id);

/**
 * Validates a `discounts` parameter into coupons: Checkout takes one entry;
 * subscriptions stack up to 20 (`max`), as Stripe documents.
 */
export function resolveDiscounts(
  em: Emulator,
  inputs: DiscountInput[],
  param: string,
  context: { customer: string | null; amount: number; currency: string },
  max = 1,
): DiscountSource[] {
  if (inputs.length > max) throw invalidRequest(max === 1 ? 'You may only specify one discount.' : `You may only specify up to ${max} discounts.`, param);
  return inputs.map((input, i) => {
    const name = `${param}[${i}]`;
    if (input.coupon !== undefined) {
      const coupon = getCoupon(em, input.coupon, `${name}[coupon]`);
      if (!isCouponValid(em, coupon)) throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, `${name}[coupon]`, 'coupon_expired');
      if (coupon.currency !== null && coupon.currency !== context.currency)
        throw invalidRequest(`The coupon currency (${coupon.currency}) does not match the currency (${context.currency}).`, `${name}[coupon]`);
      return { coupon, promotionCode: null };
    }
    if (input.promotion_code !== undefined) {
      const promo = getPromotionCode(em, input.promotion_code, `${name}[promotion_code]`);
      const problem = promotionCodeProblem(em, promo, context);
      if (problem) throw invalidRequest(`${problem} (${promo.code})`, `${name}[promotion_code]`, 'promotion_code_invalid');
      return { coupon: getCoupon(em, idOf(promo.promotion.coupon) ?? '', `${name}[promotion_code]`), promotionCode: promo };
    }
    if (input.discount !== undefined) {
      const existing = em.db.discounts.get(input.discount);
      if (!existing) throw resourceMissing('discount', input.discount, `${name}[discount]`);
      return { coupon: getCoupon(em, idOf(existing.source.coupon) ?? '', `${name}[discount]`), promotionCode: null };
    }
    throw invalidRequest(`Missing required param: ${name}[coupon].`, `${name}[coupon]`, 'parameter_missing');
  });
}

function addMonths(at: number, months: number): number {
  const d = new Date(at * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return Math.floor(target.getTime() / 1000);
}

/** Records a discount (a coupon applied to a customer, subscription or Checkout Session) and counts the redemption. */
export function createDiscount(
  em: Emulator,
  source: DiscountSource,
  owner: { customer: string | null; subscription?: string | null; checkoutSession?: string | null; invoice?: string | null },
  at: number,
): Stripe.Discount {
  const coupon = source.coupon;
  const discount: Stripe.Discount = {
    id: em.ids.next('di'),
    object: 'discount',
    checkout_session: owner.checkoutSession ?? null,
    customer: owner.customer,
    customer_account: null,
    end: coupon.duration === 'repeating' && coupon.duration_in_months !== null ? addMonths(at, coupon.duration_in_months) : null,
    invoice: owner.invoice ?? null,
    invoice_item: null,
    promotion_code: source.promotionCode?.id ?? null,
    source: { type: 'coupon', coupon: coupon.id },
    start: at,
    subscription: owner.subscription ?? null,
    subscription_item: null,
  };
  em.db.discounts.put(discount);
  redeemCoupon(em, coupon.id, source.promotionCode?.id ?? null);
  return discount;
}

/** How much a coupon takes off `amounts` (per line, in minor units), never more than each line. */
export function discountPerLine(coupon: Stripe.Coupon, amounts: number[], currency: string): number[] {
  if (coupon.percent_off !== null) return amounts.map((a) => (a > 0 ? Math.round((a * coupon.percent_off!) / 100) : 0));
  const off = coupon.currency === currency ? (coupon.amount_off ?? 0) : (coupon.currency_options?.[currency]?.amount_off ?? 0);
  const positive = amounts.reduce((s, a) => s + Math.max(0, a), 0);
  const total = Math.min(off, positive);
  if (total === 0) return amounts.map(() => 0);
  let left = total;
  return amounts.map((a, i) => {
    if (a <= 0) return 0;
    const share = i === amounts.length - 1 ? left : Math.min(left, Math.round((total * a) / positive));
    left -= share;
    return share;
  });
}

/** Whether a discount still applies to an invoice of its subscription created at `at`. */
function discountApplies(em: Emulator, discount: Stripe.Discount, at: number, coupon: Stripe.Coupon): boolean {
  if (discount.end !== null && at >= discount.end) return false;
  if (coupon.duration !== 'once') return true;
  for (const invoice of em.db.invoices.values()) {
    if ((invoice.total_discount_amounts ?? []).some((d) => idOf(d.discount) === discount.id && d.amount > 0)) return false;
  }
  return true;
}

/**
 * Adds `discount_amounts` to an invoice's lines from its subscription's (or customer's) discounts.
 * Invoice totals then subtract them (see `discountTotals`).
 */
export function discountInvoiceLines(
  em: Emulator,
  lines: Stripe.InvoiceLineItem[],
  context: { subscription: Stripe.Subscription | null; at: number; currency: string },
): Stripe.InvoiceLineItem[] {
  const ids = (context.subscription?.discounts ?? []).map((d) => idOf(d)).filter((d): d is string => d !== null);
  let out = lines;
  for (const id of ids) {
    const discount = em.db.discounts.get(id);
    const coupon = discount ? em.db.coupons.get(idOf(discount.source.coupon) ?? '') : undefined;
    if (!discount || !coupon || !discountApplies(em, discount, context.at, coupon)) continue;
    const eligible = out.map((line) =>
      line.discountable && line.amount > 0 ? line.amount - (line.discount_amounts ?? []).reduce((s, d) => s + d.amount, 0) : 0,
    );
    const amounts = discountPerLine(coupon, eligible, context.currency);
    out = out.map((line, i) =>
      amounts[i]! > 0
        ? { ...line, discounts: [...line.discounts, id], discount_amounts: [...(line.discount_amounts ?? []), { amount: amounts[i]!, discount: id }] }
        : line,
    );
  }
  return out;
}

/** Invoice-level discount fields summed from the lines' `discount_amounts`. */
export function discountTotals(lines: Stripe.InvoiceLineItem[]): {
  amount: number;
  discounts: string[];
  total_discount_amounts: Stripe.Invoice.TotalDiscountAmount[];
} {
  const byId = new Map<string, number>();
  for (const line of lines) for (const d of line.discount_amounts ?? []) byId.set(idOf(d.discount) ?? '', (byId.get(idOf(d.discount) ?? '') ?? 0) + d.amount);
  const total_discount_amounts = [...byId].map(([discount, amount]) => ({ amount, discount }));
  return { amount: total_discount_amounts.reduce((s, d) => s + d.amount, 0), discounts: [...byId.keys()], total_discount_amounts };
}

/** Creates the discounts a new subscription was given (`discounts` parameter) and returns their ids. */
export function subscriptionDiscounts(
  em: Emulator,
  inputs: DiscountInput[],
  owner: { customer: string; subscription: string; currency: string; at: number },
): string[] {
  const sources = resolveDiscounts(em, inputs, 'discounts', { customer: owner.customer, amount: 0, currency: owner.currency }, 20);
  // `{ discount }` keeps a discount the subscription already has; coupons and promotion codes redeem a new one.
  return sources.map(
    (source, i) => inputs[i]?.discount ?? createDiscount(em, source, { customer: owner.customer, subscription: owner.subscription }, owner.at).id,
  );
}
