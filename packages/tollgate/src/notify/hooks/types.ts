import type { LicenseRow } from '../../core/db/row-types.ts';

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

/**
 * A license (src/licenses) as hooks carry it: the stored license's own fields
 * (`key` is the signed license key to hand the buyer), its status now, the
 * app's customer id and its dates as ISO text.
 */
export type LicenseSnapshot = Pick<
  LicenseRow,
  'id' | 'key' | 'status' | 'subscriptionId' | 'purchaseId' | 'planKey' | 'productKey' | 'features' | 'activationLimit'
> & {
  /** Why it is not active (`past_due`, `subscription_ended`, `refunded`, `operator`, ...), or null. */
  reason: string | null;
  /** The app's id for the customer. */
  customer: string;
  issuedAt: string;
  expiresAt: string | null;
};

export interface PlanSnapshot {
  planKey: string | null;
  /** The plan version (config/versions.ts); a move between versions of one plan is a plan change too. */
  planVersion: number | null;
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

/** One MRR movement (src/metrics): minor units of `currency` per month. */
export interface MrrMovementSnapshot {
  id: string;
  kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
  subscriptionId: string;
  stripeCustomerId: string;
  currency: string;
  planKey: string | null;
  previousPlanKey: string | null;
  mrrBefore: number;
  mrrAfter: number;
  /** mrrAfter - mrrBefore. */
  amount: number;
  at: string;
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
  /** Stripe's notice three days before a trial ends (at once for a shorter trial). */
  'trial.will_end': { subscription: SubscriptionSnapshot };
  /** A trial is over: `active` (it bills now), `paused` or `canceled` (it ended without a payment method, as the plan's `trialWithoutCard` says), or another status. */
  'trial.ended': { subscription: SubscriptionSnapshot; outcome: string };
  /** An invoice was paid (amount above zero). */
  'payment.succeeded': { invoice: InvoiceSnapshot };
  /** A payment attempt on an invoice failed. */
  'payment.failed': { invoice: InvoiceSnapshot };
  /** A one-time purchase was paid. */
  'purchase.completed': { purchase: PurchaseSnapshot };
  /**
   * The plan's entitlements stopped: the past-due grace ended (`pastDueGraceDays`
   * after the failed payment) or Stripe marked the subscription `unpaid`. Fired
   * once per suspension, by the suspension sweep (entitlements/sweep-suspensions.ts).
   */
  'entitlements.suspended': { subscription: SubscriptionSnapshot; reason: SuspensionReason; suspendedAt: string };
  /** A suspended subscription is active (or trialing) again: payment recovered. Fired once. */
  'entitlements.restored': { subscription: SubscriptionSnapshot; suspendedAt: string };
  /** A license was issued (once per paid subscription or purchase whose plan or product grants one). */
  'license.issued': { license: LicenseSnapshot };
  /** A license stopped working for now (past-due grace over, unpaid, paused, or a plan without a license). */
  'license.suspended': { license: LicenseSnapshot; previousStatus: string };
  /** A suspended (or operator-revoked) license works again. */
  'license.restored': { license: LicenseSnapshot; previousStatus: string };
  /** A license ended: its subscription ended, its purchase was refunded, or an operator revoked it. */
  'license.revoked': { license: LicenseSnapshot; previousStatus: string };
  /** A license reached the end of its `validFor: { days }`. */
  'license.expired': { license: LicenseSnapshot; previousStatus: string };
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
  /** A subscription's MRR changed; `mrr` is the currency's total after it, `subscribers` the paying subscriptions. */
  'mrr.changed': { movement: MrrMovementSnapshot; mrr: { currency: string; amount: number; subscribers: number } };
  /** Total MRR in a currency reached a threshold of config `alerts.mrr` (minor units) for the first time. Fired once per threshold. */
  'mrr.milestone': { currency: string; threshold: number; mrr: number; crossedAt: string };
}

export type SuspensionReason = 'past_due_grace_ended' | 'unpaid';

export type HookType = keyof HookPayloads;

export const HOOK_TYPES: readonly HookType[] = [
  'subscription.activated',
  'subscription.canceled',
  'subscription.past_due',
  'subscription.cancel_scheduled',
  'subscription.resumed',
  'plan.changed',
  'trial.will_end',
  'trial.ended',
  'payment.succeeded',
  'payment.failed',
  'purchase.completed',
  'entitlements.suspended',
  'entitlements.restored',
  'license.issued',
  'license.suspended',
  'license.restored',
  'license.revoked',
  'license.expired',
  'usage.threshold_reached',
  'spend.threshold_reached',
  'credits.low_balance',
  'credits.topup_succeeded',
  'credits.topup_failed',
  'mrr.changed',
  'mrr.milestone',
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
