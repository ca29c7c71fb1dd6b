import { z } from 'zod';
import { formatMoney } from '../../core/lib/money.ts';
import { type CurrentSubscription, currentSubscriptionOf } from '../../reads/billing/get-subscription.ts';

/**
 * Money in the API: integer minor units in the field itself (`amount: 1500`),
 * the object's `currency`, and `<field>_formatted` for people (`"$15.00"`).
 */
export function withFormatted<T extends Record<string, unknown>>(object: T, currency: string, fields: (keyof T & string)[]): T & Record<string, unknown> {
  const out: Record<string, unknown> = { ...object };
  for (const field of fields) {
    const amount = object[field];
    if (typeof amount === 'number') out[`${field}Formatted`] = formatMoney({ amount, currency });
  }
  return out as T & Record<string, unknown>;
}

export const formatted = z.string().describe('The amount for people, e.g. "$15.00"');

export const subscriptionSchema = z.object({
  id: z.string(),
  plan_key: z.string().nullable(),
  status: z.string(),
  interval: z.string().nullable(),
  quantity: z.number().nullable(),
  currency: z.string(),
  amount: z.number().int().describe('Per-period list amount, minor units'),
  amount_formatted: formatted,
  current_period_start: z.string().nullable(),
  current_period_end: z.string().nullable(),
  cancel_at_period_end: z.boolean(),
  cancel_at: z.string().nullable(),
  canceled_at: z.string().nullable(),
  trial_end: z.string().nullable(),
  scheduled_change: z
    .object({
      kind: z.enum(['plan_change', 'cancel']),
      plan_key: z.string().nullable().describe("The plan after it (a cancel: the config's default plan)"),
      interval: z.string().nullable(),
      quantity: z.number().nullable(),
      at: z.string().describe('When it takes effect'),
      schedule_id: z.string().nullable().describe('The subscription schedule carrying a plan change'),
    })
    .nullable()
    .optional()
    .describe('GET subscription: a downgrade at period end, or the end of the subscription; null when nothing is scheduled'),
});

/** A subscription as the API shows it (a mirror row without Stripe's raw copy, or the mirror's read). */
export function presentSubscription(row: CurrentSubscription) {
  return withFormatted(currentSubscriptionOf(row), row.currency, ['amount']);
}
