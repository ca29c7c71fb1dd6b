import { z } from 'zod';
import type { subscriptions } from '../db/schema/subscriptions.ts';
import { formatMoney } from '../lib/money.ts';

/** Money as the API shows it: integer minor units, the currency, and a string a person reads. */
export function moneyOut(amount: number, currency: string) {
  return { amount, currency, formatted: formatMoney({ amount, currency }) };
}
export const moneySchema = z.object({ amount: z.number().int(), currency: z.string(), formatted: z.string() });

type SubscriptionRow = typeof subscriptions.$inferSelect;

export const subscriptionSchema = z.object({
  id: z.string(),
  customer: z.string().nullable(),
  plan: z.string().nullable(),
  status: z.string(),
  interval: z.string().nullable(),
  quantity: z.number().nullable(),
  price: moneySchema,
  current_period_start: z.string().nullable(),
  current_period_end: z.string().nullable(),
  cancel_at_period_end: z.boolean(),
  cancel_at: z.string().nullable(),
  canceled_at: z.string().nullable(),
  trial_end: z.string().nullable(),
  metadata: z.record(z.string(), z.string()),
});

/** A mirrored subscription without Stripe's raw copy. */
export function presentSubscription(row: SubscriptionRow) {
  return {
    id: row.id,
    customer: row.customerId,
    plan: row.planKey,
    status: row.status,
    interval: row.interval,
    quantity: row.quantity,
    price: moneyOut(row.amount, row.currency),
    currentPeriodStart: row.currentPeriodStart,
    currentPeriodEnd: row.currentPeriodEnd,
    cancelAtPeriodEnd: row.cancelAtPeriodEnd,
    cancelAt: row.cancelAt,
    canceledAt: row.canceledAt,
    trialEnd: row.trialEnd,
    metadata: row.metadata,
  };
}
