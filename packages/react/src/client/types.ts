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

export type DenialCode = 'limit_reached' | 'feature_not_in_plan' | 'subscription_inactive' | 'feature_not_found' | 'insufficient_credits' | 'spend_cap_reached';

/** Features priced in credits: the balance they are paid from (credits as numbers). */
export interface CreditStanding {
  system: string;
  balance: number;
  /** What the amount asked for costs. */
  cost: number;
  spent: number;
  cap: number | null;
}

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
  /** Present for a feature priced in credits. */
  credits?: CreditStanding;
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

/**
 * What a browser (customer token) may choose at checkout: what the config
 * offers. Trial length, raw prices, metadata and promotion switches are the
 * operator's (a secret key, or the config); the engine refuses them with 403.
 */
export interface CheckoutInput {
  plan: string;
  interval?: Interval;
  seats?: number;
  customer_email?: string;
  success_url: string;
  cancel_url: string;
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

/** One price of a plan (`GET plans`): minor units of `currency`, per seat when the plan is `per_seat`. */
export interface CataloguePrice {
  interval: Interval;
  amount: number;
  currency: string;
  amount_formatted: string;
}

/** What a plan grants for one feature (`GET plans`). */
export interface CatalogueFeature {
  feature: string;
  name: string;
  type: 'boolean' | 'metered' | 'gauge';
  unit: string | null;
  reset: 'day' | 'week' | 'month' | 'billing_period' | null;
  included: boolean;
  /** Units included (metered) or the cap (gauge); null when unlimited or boolean. */
  limit: number | null;
  unlimited: boolean;
  overage: { amount: number; per: number; currency: string; amount_formatted: string } | null;
}

/** A plan on offer, as `GET plans` sends it. */
export interface CataloguePlan {
  key: string;
  name: string;
  description: string | null;
  prices: CataloguePrice[];
  per_seat: boolean;
  custom: boolean;
  trial_days: number | null;
  default: boolean;
  highlights: string[];
  features: CatalogueFeature[];
}

/** `GET plans`: the engine config's plans on offer, in config order. */
export interface PlanCatalogue {
  currency: string;
  data: CataloguePlan[];
}

/** One grant of credits (`GET credits/balance`, `GET credits/grants`). */
export interface CreditGrant {
  id: string;
  kind: string;
  priority: number;
  credits: number;
  remaining: number;
  effective_at: string;
  expires_at: string | null;
  expired: boolean;
  paid_amount: number | null;
  currency: string | null;
}

/** `GET credits/balance`: available credits, the period's spend and cap, live grants in burn order. */
export interface CreditBalance {
  customer: string;
  system: string;
  name: string | null;
  unit: string | null;
  /** Shown as money: one credit is one major unit of `currency`. */
  money: boolean;
  currency: string;
  balance: number;
  overdraft: number;
  spent: number;
  cap: number | null;
  period: { key: string; start: string; end: string };
  plan: string | null;
  grants: CreditGrant[];
}

/**
 * What a browser (customer token) may choose when buying credits: a pack the
 * config offers. Custom amounts are the operator's (a secret key); the
 * engine refuses them from a token with 403.
 */
export interface BuyCreditsInput {
  pack: string;
  system?: string;
  customer_email?: string;
  success_url: string;
  cancel_url: string;
}

export interface CreditPurchase {
  id: string;
  url: string;
}
