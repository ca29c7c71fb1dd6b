import type Stripe from 'stripe';
import type { Emulator } from '../core/emulator.ts';
import { Collection } from '../core/store.ts';

/** A meter event as stored: the Stripe object plus what the emulator derives from it. */
export interface StoredMeterEvent {
  /** The event's `identifier` (unique per meter event). */
  id: string;
  event: Stripe.Billing.MeterEvent;
  meter: string;
  customer: string;
  value: number;
  canceled: boolean;
}

/** Card details waiting for a 3-D Secure answer on a hosted Checkout page (never returned by the API). */
export interface PendingCheckoutCard {
  id: string;
  number: string;
  expMonth: number;
  expYear: number;
  email: string | null;
  name: string | null;
  /** The billing address entered with the card, if one was asked for. */
  address?: Stripe.Address | null;
}

export interface CheckoutLineItems {
  id: string;
  items: Stripe.LineItem[];
}

/** What Checkout keeps besides the Stripe object: the parameters it needs when the customer pays. */
export interface CheckoutExtras {
  /** The session id. */
  id: string;
  trialDays: number | null;
  subscriptionMetadata: Stripe.Metadata;
  subscriptionDescription: string | null;
  paymentIntentMetadata: Stripe.Metadata;
  paymentDescription: string | null;
  setupFutureUsage: 'off_session' | 'on_session' | null;
  setupMetadata: Stripe.Metadata;
  /** `line_items[i][tax_rates]`, by line item id. */
  lineTaxRates?: Record<string, string[]>;
  /** `subscription_data[default_tax_rates]`. */
  subscriptionTaxRates?: string[];
  /** `customer_update[address]`: whether the address the customer enters is saved on an existing customer. */
  customerUpdateAddress?: 'auto' | 'never';
}

export interface MeterEventSession {
  id: string;
  token: string;
  expiresAt: number;
}

/**
 * Collections for Checkout, the customer portal, meters and coupons. They share the core store's
 * undo log, so a failed request undoes their writes too.
 */
function createExtraDb(em: Emulator) {
  const c = <T extends { id: string }>(name: string) => new Collection<T>(name, em.db.log);
  return {
    checkoutSessions: c<Stripe.Checkout.Session>('checkout_sessions'),
    checkoutLineItems: c<CheckoutLineItems>('checkout_line_items'),
    checkoutPending: c<PendingCheckoutCard>('checkout_pending'),
    checkoutExtras: c<CheckoutExtras>('checkout_extras'),
    meters: c<Stripe.Billing.Meter>('billing_meters'),
    meterEvents: c<StoredMeterEvent>('billing_meter_events'),
    meterEventSessions: c<MeterEventSession>('meter_event_sessions'),
    coupons: c<Stripe.Coupon>('coupons'),
    promotionCodes: c<Stripe.PromotionCode>('promotion_codes'),
    discounts: c<Stripe.Discount>('discounts'),
    portalConfigurations: c<Stripe.BillingPortal.Configuration>('billing_portal_configurations'),
    portalSessions: c<Stripe.BillingPortal.Session>('billing_portal_sessions'),
    subscriptionSchedules: c<Stripe.SubscriptionSchedule>('subscription_schedules'),
  };
}

export type ExtraDb = ReturnType<typeof createExtraDb>;

const dbs = new WeakMap<Emulator, ExtraDb>();

/** The extra collections of one emulator, created on first use (resources call it at registration so persistence sees them). */
export function extraDb(em: Emulator): ExtraDb {
  let db = dbs.get(em);
  if (!db) {
    db = createExtraDb(em);
    dbs.set(em, db);
  }
  return db;
}

/** Empties every extra collection (used by the reset control endpoint). */
export function clearExtraDb(em: Emulator): void {
  for (const collection of Object.values(extraDb(em))) collection.load([]);
}
