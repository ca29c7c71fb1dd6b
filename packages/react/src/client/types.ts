/** Response shapes of Tollgate's HTTP API (`/api/v1/billing`), snake_case as sent. */

export type Interval = 'month' | 'year';

export interface Subscription {
  id: string;
  plan_key: string | null;
  status: string;
  interval: string | null;
  quantity: number | null;
  currency: string;
  /** Per-period list amount in minor units of `currency`. */
  amount: number;
  amount_formatted: string;
  current_period_start: string | null;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  cancel_at: string | null;
  canceled_at: string | null;
  trial_end: string | null;
}

export type DenialCode = 'limit_reached' | 'feature_not_in_plan' | 'subscription_inactive' | 'feature_not_found';

/** Where the customer stands on one feature (`POST check`, and each entry of `GET usage`). */
export interface Entitlement {
  allowed: boolean;
  code?: DenialCode;
  feature: string;
  plan: string | null;
  /** null when unlimited. */
  limit: number | null;
  used: number;
  remaining: number | null;
  resets_at: string | null;
  unlimited: boolean;
  overage: boolean;
}

export interface Usage {
  plan: string | null;
  features: Entitlement[];
}

export interface UsageEvent {
  id: string;
  customer: string;
  feature: string;
  amount: number;
  idempotency_key: string;
  timestamp: string;
  duplicate: boolean;
}

export interface ConsumeResult extends Entitlement {
  event: UsageEvent;
}

export interface CheckoutSession {
  id: string;
  session_id: string;
  url: string;
}

/** `POST checkout/sync`: the finished Checkout Session, applied to the mirror. */
export interface CheckoutSync {
  id: string;
  mode: string;
  status: string | null;
  payment_status: string | null;
  subscription: Subscription | null;
}

export interface PortalSession {
  id: string;
  url: string;
}

export interface PlanChange {
  direction: string;
  effective: string;
  subscription: Subscription;
  [field: string]: unknown;
}

export interface Invoice {
  id: string;
  number: string | null;
  status: string | null;
  currency: string;
  total: number;
  total_formatted: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  created_at: string;
}

export interface PaymentMethod {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  exp_month: number | null;
  exp_year: number | null;
  is_default: boolean;
}

export interface CheckoutInput {
  plan: string;
  interval?: Interval;
  seats?: number;
  trial_days?: number;
  customer_email?: string;
  success_url: string;
  cancel_url: string;
  metadata?: Record<string, string>;
  allow_promotion_codes?: boolean;
}

export interface ChangePlanInput {
  plan: string;
  interval?: Interval;
  seats?: number;
  when?: 'auto' | 'now' | 'period_end';
}

export interface ConsumeInput {
  feature: string;
  amount?: number;
  idempotency_key?: string;
  properties?: Record<string, unknown>;
}
