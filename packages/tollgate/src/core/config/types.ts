/**
 * Plans as code: the shape of `tollgate.config.ts`. Amounts are integer minor
 * units of the config's currency (1500 = $15.00 in usd).
 */

/** How often a metered feature's allowance starts again. */
export type ResetWindow = 'day' | 'week' | 'month' | 'billing_period';

export interface BooleanFeature {
  type: 'boolean';
  name?: string;
}

export interface MeteredFeature {
  type: 'metered';
  name?: string;
  /** Singular unit shown to people: "message". */
  unit?: string;
  reset: ResetWindow;
  /** Window boundaries in UTC (default) or in the customer's time zone. */
  timeZone?: 'UTC' | 'customer';
  /**
   * How the reporter sends this feature's billable (overage) usage to its
   * Stripe meter. Either way it sends one aggregate per customer x window
   * (plus later deltas) with the same deterministic identifiers, rate limit
   * and backoff:
   * - `'events'` (default): one v1 meter event per call
   *   (`POST /v1/billing/meter_events`, at most one call in flight per
   *   customer and meter).
   * - `'stream'`: the v2 high-throughput meter event stream
   *   (`POST /v2/billing/meter_event_stream` on meter-events.stripe.com, up
   *   to 100 events per call, authenticated by a 15-minute meter event
   *   session the reporter caches and renews). For many customers per meter.
   */
  reporting?: MeterReporting;
}

/** How a metered feature's usage reaches Stripe (see `MeteredFeature.reporting`). */
export type MeterReporting = 'events' | 'stream';

export interface GaugeFeature {
  type: 'gauge';
  name?: string;
  unit?: string;
}

export type FeatureDefinition = BooleanFeature | MeteredFeature | GaugeFeature;

/** Usage above the included amount billed per unit through a Stripe meter. */
export interface FlatOverage {
  /** Minor units charged per `per` units above the included amount. */
  amount: number;
  /** Units the amount is for (default 1): { amount: 1, per: 100 } is 1 cent per 100. */
  per?: number;
}

/** One tier of a tiered price: units up to `upTo` (inclusive; `'inf'` for the last) cost `unitAmount` each plus `flatAmount` once. */
export interface PriceTier {
  upTo: number | 'inf';
  /** Minor units per unit in this tier. */
  unitAmount?: number;
  /** Minor units charged once when any unit falls in this tier. */
  flatAmount?: number;
}

/**
 * A Stripe tiered price (config/tiers.ts). `graduated`: each unit is priced by
 * the tier it falls in (the first 1,000 at one rate, the next at another);
 * `volume`: every unit is priced by the tier the total falls in.
 */
export interface TieredPricing {
  mode: 'graduated' | 'volume';
  /** Sorted by `upTo`, strictly increasing, the last `'inf'`. */
  tiers: PriceTier[];
}

/** Overage: a flat amount per unit (or per `per` units), or tiers over the units above the included amount. */
export type Overage = FlatOverage | TieredPricing;

/**
 * What a plan grants for one feature: `true`/`false` for boolean features; a
 * number (included amount or cap), `'unlimited'`, or an object with overage
 * for metered and gauge features. A feature a plan does not list is not in it.
 */
export type FeatureGrant = boolean | number | 'unlimited' | { included: number; overage?: Overage };

export interface PlanPrices {
  /** Minor units per month (per seat for per-seat plans). */
  monthly?: number;
  /** Minor units per year (per seat for per-seat plans). */
  yearly?: number;
}

/**
 * Seat sync: Tollgate keeps a per-seat subscription's quantity equal to the
 * app's user count, kept in a gauge feature (`setGauge` with the count, or
 * `incrementGauge` / `decrementGauge` as users come and go). A burst of
 * changes becomes one prorated Stripe update once the count has been still
 * for `debounceSeconds` (see `syncSeats`).
 */
export interface SeatSync {
  /** The gauge feature holding the customer's user count. */
  feature: string;
  /** Seats billed at least, whatever the count (default 1). */
  minimum?: number;
  /** Seats billed at most (default 10,000); the plan's cap on the feature keeps the count itself below it. */
  maximum?: number;
  /** A change is sent once the count has not moved for this long (default 60). */
  debounceSeconds?: number;
  /** ...or once the subscription has waited this long, however busy the count (default 3,600). */
  maxDelaySeconds?: number;
}

/**
 * An earlier version of a plan, kept in the config while subscribers are on
 * it (grandfathered): its own prices (its own Stripe prices) and limits.
 * Everything else (name, credits, license...) follows the plan.
 */
export interface PlanVersion {
  prices?: PlanPrices;
  features: Record<string, FeatureGrant>;
}

export interface PlanDefinition {
  name: string;
  description?: string;
  /**
   * The version new checkouts get (default 1). Declaring it makes the plan
   * versioned: a pushed version's prices and limits never change; raise the
   * version to change them (see docs/changing-prices.md).
   */
  version?: number;
  /** Earlier versions still held by subscribers, by version number ("1"). */
  versions?: Record<string, PlanVersion>;
  /** Self-serve prices. Absent for free and custom plans. */
  prices?: PlanPrices;
  /**
   * The same prices in other currencies, by lowercase ISO code (minor units
   * of that currency: `{ eur: { monthly: 1400 }, jpy: { monthly: 2200 } }`).
   * Pushed as the Stripe prices' `currency_options`; checkout bills a
   * customer in their currency (see `createCheckout`).
   */
  currencies?: Record<string, PlanPrices>;
  /** Priced per seat: checkout and seat changes set the subscription quantity. */
  perSeat?: boolean;
  /**
   * Per-seat plans: the seat price is tiered (volume discounts on the
   * quantity). `prices.monthly` / `prices.yearly` stay the headline per-seat
   * price a pricing table shows; Stripe bills these tiers.
   */
  seatTiers?: { monthly?: TieredPricing; yearly?: TieredPricing };
  /** Per-seat plans: keep the quantity equal to the app's user count (a gauge). */
  seatSync?: SeatSync;
  /** Enterprise-style plan: no self-serve price; assigned by sales. */
  custom?: boolean;
  /** Days of free trial at checkout, for first-time subscribers only (a secret key may override it per checkout). */
  trialDays?: number;
  /**
   * The trial starts without a payment method (Checkout asks for a card only
   * if one is required: `payment_method_collection: if_required`; or
   * `startTrial` with no Checkout at all). At its end without a card the
   * subscription is paused (`'pause'`: entitlements stop until a card is
   * added) or canceled (`'cancel'`); with a card it bills as usual.
   */
  trialWithoutCard?: 'pause' | 'cancel';
  /**
   * Checkout shows Stripe's promotion code field for this plan (codes are
   * made in Stripe). Default false: a customer cannot switch it on.
   */
  promotionCodes?: boolean;
  /** The plan a customer without a subscription (or after cancelation) is on. */
  default?: boolean;
  /** Kept for existing customers, not offered in the pricing table. */
  hidden?: boolean;
  /** Bullet points for pricing tables. */
  highlights?: string[];
  features: Record<string, FeatureGrant>;
  /** A license issued once per paid subscription to this plan (src/licenses). */
  license?: LicenseGrant;
  /** Credits granted each billing period (the calendar month without a subscription), per credit system (see `CreditSystem`). */
  credits?: Record<string, PlanCreditGrant>;
  /**
   * Default spend caps per billing period, which a secret key may change per
   * customer: `overage` in minor units of the currency (usage billed through
   * meters), a credit system's key in credits burned. Reached: `consume`
   * refuses with `spend_cap_reached`.
   */
  spendCaps?: Record<string, number>;
}

export interface OneTimeProduct {
  name: string;
  description?: string;
  /** Minor units. */
  price: number;
  currency?: string;
  /** A license issued once per paid purchase of this product (src/licenses). */
  license?: LicenseGrant;
}

/**
 * A license a plan or one-time product grants: a signed key the buyer's copy
 * of the app verifies offline, whose status follows billing (src/licenses).
 */
export interface LicenseGrant {
  /** Instances (machines, deployments) that may be activated at once. */
  activations: number;
  /** Feature names the signed key carries, for the app to check offline (default none). */
  features?: string[];
  /**
   * How long it is valid: `'subscription'` (a plan's default: as long as the
   * subscription pays), or `{ days }` from issue. A one-time product's
   * license is perpetual unless it says `{ days }`.
   */
  validFor?: 'subscription' | { days: number };
}

/** Licenses as a whole (src/licenses). */
export interface LicensePolicy {
  /**
   * Seconds a lease (the short-lived signed license file `validate` returns)
   * is valid (default 86,400: a day): an offline client re-validates when it
   * expires, so a suspended or revoked license stops within one lease.
   */
  leaseTtlSeconds?: number;
  /**
   * The secret the signing keys are encrypted with at rest. Set it from the
   * environment (`keySecret: process.env.TOLLGATE_LICENSE_SECRET`) to keep it
   * out of the database; default: a secret generated into the database.
   * Changing it makes the engine sign with a new key (the old keys' public
   * halves keep verifying).
   */
  keySecret?: string;
}

export interface EntitlementPolicy {
  /** Days a `past_due` subscription keeps its plan's entitlements (default 7). */
  pastDueGraceDays?: number;
}

/** Signed outbound webhooks to the app's endpoints (src/outbound). */
export interface OutboundPolicy {
  /**
   * Deliver to loopback, private and link-local addresses (default false: an
   * endpoint there could reach the server's own network). Also
   * TOLLGATE_OUTBOUND_ALLOW_PRIVATE=1; `tollgate dev` allows it.
   */
  allowPrivateNetworks?: boolean;
  /** Deadline of one delivery, ms (default 10,000). */
  timeoutMs?: number;
  /** Deliveries in flight to one endpoint at once (default 2). */
  concurrencyPerEndpoint?: number;
}

/** A plan's recurring credit grant: `amount` credits each period, expiring at its end unless rolled over. */
export interface PlanCreditGrant {
  /** Credits per period (up to 6 decimals). */
  amount: number;
  /** What is left at the period's end: lost (`'none'`, default) or carried into the next period, at most `max` credits. */
  rollover?: 'none' | { max: number };
  /** Burn order: lower first (default 10; promotional 20, paid 30). */
  priority?: number;
}

/** A fixed pack of credits sold through Checkout (a one-time payment). */
export interface CreditPack {
  /** Credits granted (up to 6 decimals). */
  credits: number;
  /** Minor units of the config's currency. */
  price: number;
  /** Shown on Checkout (default "<credits> <unit>s"). */
  name?: string;
  /** Bought credits expire this many days after the purchase (default: never). */
  expiresAfterDays?: number;
}

/**
 * A prepaid balance (src/credits). Amounts are written in credits with up to
 * six decimals (`0.002`) and stored as integer micro-credits, never floats.
 */
export interface CreditSystem {
  name?: string;
  /** Singular unit shown to people: "credit". */
  unit?: string;
  /** Shown as money: one credit is one major unit of the config's currency ($1). */
  money?: boolean;
  /** Credits per unit of a metered feature: `consume` on such a feature debits the balance. */
  costs: Record<string, number>;
  /** How far below zero the balance may go, in credits (default 0). */
  overdraft?: number;
  packs?: Record<string, CreditPack>;
  /** Custom amounts through Checkout (secret key only): `credits` per `per` minor units, from `min` to `max` minor units. */
  customAmount?: { min: number; max: number; credits: number; per: number };
  /** Auto top-up offered to customers who turn it on: when the balance falls below `threshold` credits, `pack` is bought off-session. */
  autoTopUp?: { threshold: number; pack: string };
  /** Alert (hook + outbound webhook) once per refill when the balance falls below each of these (credits). */
  lowBalanceAlerts?: number[];
}

/** Thresholds that fire a hook and a signed outbound webhook once per threshold per window. */
export interface AlertPolicy {
  /** Percent of a metered feature's included amount, per counter window: `[80, 100]`. */
  usage?: number[];
  /** Percent of a spend cap, per billing period: `[50, 90, 100]`. */
  spend?: number[];
  /** MRR thresholds in minor units of the config's currency: `mrr.milestone` fires once when total MRR first reaches each. */
  mrr?: number[];
}

/**
 * A coupon pushed to Stripe (src/coupons): `percentOff` or `amountOff`
 * (minor units of the config's currency), for one invoice, every invoice, or
 * `{ months }`. Its terms are part of its Stripe id: changing them makes a
 * new coupon; discounts already given keep the old terms.
 */
export interface CouponDefinition {
  name?: string;
  percentOff?: number;
  amountOff?: number;
  duration: 'once' | 'forever' | { months: number };
  /** Redemptions across all customers (default unlimited). */
  maxRedemptions?: number;
  /** Last instant it can be redeemed (ISO 8601). */
  redeemBy?: string;
  /** Customer-facing promotion codes for this coupon, by code (`LAUNCH20`). */
  codes?: Record<string, PromotionCodeDefinition>;
}

export interface PromotionCodeDefinition {
  /** The code stops working at this instant (ISO 8601). */
  expiresAt?: string;
  maxRedemptions?: number;
  /** Only for customers who never paid before. */
  firstTimeOnly?: boolean;
}

/**
 * Stripe Tax: with `automatic`, Checkout turns on `automatic_tax`, asks for
 * the billing address (saved on the customer) and, with `collectTaxIds`
 * (default true), for a business tax id; subscriptions it creates are taxed
 * at every renewal. Tax is on invoices, never in MRR.
 */
export interface TaxPolicy {
  automatic: boolean;
  collectTaxIds?: boolean;
}

export interface TollgateConfig {
  /** Lowercase ISO currency for every amount in this file (default "usd"). */
  currency?: string;
  features: Record<string, FeatureDefinition>;
  plans: Record<string, PlanDefinition>;
  products?: Record<string, OneTimeProduct>;
  entitlements?: EntitlementPolicy;
  outbound?: OutboundPolicy;
  licenses?: LicensePolicy;
  /** Prepaid credit systems by key (`credits`). */
  credits?: Record<string, CreditSystem>;
  alerts?: AlertPolicy;
  /** Sales tax / VAT through Stripe Tax (checkout/tax.ts). */
  tax?: TaxPolicy;
  /** Coupons and their promotion codes by key, pushed with the plans (src/coupons). */
  coupons?: Record<string, CouponDefinition>;
}

/** Typed identity helper for `tollgate.config.ts`. */
export function defineConfig<const T extends TollgateConfig>(config: T): T {
  return config;
}
