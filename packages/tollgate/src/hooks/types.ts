/** The hooks an app can register for, and what each carries. Dates are ISO strings (payloads are JSON). */

export interface SubscriptionSnapshot {
  id: string;
  stripeCustomerId: string;
  status: string;
  planKey: string | null;
  interval: string | null;
  quantity: number | null;
  currency: string;
  /** Per-period list amount in minor units, before discounts. */
  amount: number;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: string | null;
  trialEnd: string | null;
}

export interface InvoiceSnapshot {
  id: string;
  stripeCustomerId: string;
  subscriptionId: string | null;
  status: string | null;
  currency: string;
  amountDue: number;
  amountPaid: number;
  attemptCount: number;
  hostedInvoiceUrl: string | null;
}

export interface PurchaseSnapshot {
  id: string;
  stripeCustomerId: string | null;
  externalId: string | null;
  productKey: string | null;
  priceId: string | null;
  currency: string | null;
  amountTotal: number | null;
  metadata: Record<string, string>;
}

export interface PlanSnapshot {
  planKey: string | null;
  interval: string | null;
  quantity: number | null;
}

/** An auto top-up (src/credits): credits as numbers, the charge in minor units. */
export interface TopUpSnapshot {
  id: string;
  pack: string;
  credits: number;
  amount: number;
  currency: string;
  status: string;
  paymentIntentId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
}

export interface HookPayloads {
  /** Became active or trialing (from nothing, incomplete, or another non-live state). */
  'subscription.activated': { subscription: SubscriptionSnapshot };
  /** Reached `canceled`. */
  'subscription.canceled': { subscription: SubscriptionSnapshot };
  /** A renewal payment failed: `past_due`. */
  'subscription.past_due': { subscription: SubscriptionSnapshot };
  /** Set to cancel at the end of the period. */
  'subscription.cancel_scheduled': { subscription: SubscriptionSnapshot };
  /** A scheduled cancellation was undone. */
  'subscription.resumed': { subscription: SubscriptionSnapshot };
  /** Plan, interval or seat count changed. */
  'plan.changed': { subscription: SubscriptionSnapshot; previous: PlanSnapshot };
  /** An invoice was paid (amount above zero). */
  'payment.succeeded': { invoice: InvoiceSnapshot };
  /** A payment attempt on an invoice failed. */
  'payment.failed': { invoice: InvoiceSnapshot };
  /** A one-time purchase was paid. */
  'purchase.completed': { purchase: PurchaseSnapshot };
  /** A metered feature's usage reached `percent` of its included amount in a window (config `alerts.usage`). */
  'usage.threshold_reached': { customer: string; feature: string; percent: number; used: number; limit: number; window: string };
  /** Spend in a billing period reached `percent` of the cap (config `alerts.spend`); scope: a credit system or `overage`. */
  'spend.threshold_reached': { customer: string; scope: string; percent: number; spent: number; cap: number; window: string };
  /** A credit balance fell below a threshold (config `credits.<system>.lowBalanceAlerts`); credits as numbers. */
  'credits.low_balance': { customer: string; system: string; threshold: number; balance: number };
  /** An auto top-up was charged and its credits granted. */
  'credits.topup_succeeded': { customer: string; system: string; topUp: TopUpSnapshot };
  /** An auto top-up could not be charged (a declined card, no saved card): not retried until the next crossing. */
  'credits.topup_failed': { customer: string; system: string; topUp: TopUpSnapshot };
}

export type HookType = keyof HookPayloads;

export const HOOK_TYPES: readonly HookType[] = [
  'subscription.activated',
  'subscription.canceled',
  'subscription.past_due',
  'subscription.cancel_scheduled',
  'subscription.resumed',
  'plan.changed',
  'payment.succeeded',
  'payment.failed',
  'purchase.completed',
  'usage.threshold_reached',
  'spend.threshold_reached',
  'credits.low_balance',
  'credits.topup_succeeded',
  'credits.topup_failed',
];

/** What the mirror produces; `enqueueHooks` turns it into an outbox row. */
export type HookDraft = {
  [K in HookType]: { type: K; objectId: string; stripeCustomerId: string | null; payload: HookPayloads[K] };
}[HookType];

/** A hook as a handler receives it. */
export interface HookMessage<K extends HookType = HookType> {
  /** Outbox id (`obx_...`): stable across redeliveries, use it to deduplicate. */
  id: string;
  type: K;
  customerId: string | null;
  externalId: string | null;
  objectId: string | null;
  eventId: string | null;
  createdAt: Date;
  payload: HookPayloads[K];
}
