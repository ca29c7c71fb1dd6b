import { z } from 'zod';
import type { TollgateConfig } from './types.ts';

const instant = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 instant (2026-06-30T00:00:00Z)');
const CODE = /^[A-Za-z0-9_-]{3,40}$/;

export const couponSchema = z.strictObject({
  name: z.string().min(1).max(40).optional(),
  percentOff: z.number().gt(0).max(100).optional(),
  amountOff: z.number().int('must be an integer amount in minor units').positive().optional(),
  duration: z.union([z.enum(['once', 'forever']), z.strictObject({ months: z.number().int().min(1).max(120) })]),
  maxRedemptions: z.number().int().positive().optional(),
  redeemBy: instant.optional(),
  codes: z
    .record(
      z.string().regex(CODE, 'a promotion code is 3-40 letters, digits, "_" or "-"'),
      z.strictObject({ expiresAt: instant.optional(), maxRedemptions: z.number().int().positive().optional(), firstTimeOnly: z.boolean().optional() }),
    )
    .optional(),
});

/** Coupon rules zod cannot say alone: exactly one of percentOff and amountOff; a code used once across coupons. */
export function couponProblems(config: TollgateConfig): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const seen = new Map<string, string>();
  for (const [key, coupon] of Object.entries(config.coupons ?? {})) {
    if ((coupon.percentOff === undefined) === (coupon.amountOff === undefined))
      problems.push([['coupons', key], 'give exactly one of percentOff and amountOff']);
    for (const code of Object.keys(coupon.codes ?? {})) {
      const other = seen.get(code.toLowerCase());
      if (other !== undefined)
        problems.push([['coupons', key, 'codes', code], `the code is already a promotion code of coupon "${other}" (codes are case-insensitive)`]);
      seen.set(code.toLowerCase(), key);
    }
  }
  return problems;
}
