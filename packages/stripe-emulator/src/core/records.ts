import type Stripe from 'stripe';

// Emulator-only records: what the emulator keeps beside the Stripe objects and never returns as one.

/** Emulator-only facts about a payment method (which test card it is), kept out of the Stripe object. */
export interface CardBehavior {
  id: string;
  /** What happens when the card is charged. */
  charge: 'succeed' | 'decline' | 'require_action';
  /** What happens when the card is attached or set up. */
  attach: 'succeed' | 'decline' | 'require_action';
  declineCode: string | null;
  /** Error code of a decline: `card_declined`, `expired_card`, `incorrect_cvc`... */
  errorCode: string;
}

/** One webhook delivery attempt, for the delivery log. */
export interface DeliveryAttempt {
  id: string;
  event: string;
  /** The event's type (what `stripe-emulator listen` prints). */
  type?: string;
  endpoint: string;
  attempt: number;
  at: number;
  status: number | null;
  error: string | null;
  succeeded: boolean;
}

/** The tiers of a tiered price: Stripe returns `tiers` only when asked (`expand[]=tiers`), so they live beside the price. */
export interface PriceTiers {
  /** The price id. */
  id: string;
  tiers: Stripe.Price.Tier[];
}

/** The signing secret the `stripe-emulator listen` command forwards with (one per emulator state, as the Stripe CLI has one per account). */
export interface ListenSecret {
  id: 'cli';
  secret: string;
}

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

/** A v2 meter event stream session: its token and when it stops being accepted. */
export interface MeterEventSession {
  id: string;
  token: string;
  expiresAt: number;
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

/** A Checkout Session's line items (listed by `listLineItems`, not part of the session object). */
export interface CheckoutLineItems {
  /** The session id. */
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
  /** `subscription_data[trial_settings][end_behavior][missing_payment_method]`. */
  trialMissingPaymentMethod?: 'cancel' | 'create_invoice' | 'pause';
  /** `subscription_data[default_tax_rates]`. */
  subscriptionTaxRates?: string[];
  /** `customer_update[address]`: whether the address the customer enters is saved on an existing customer. */
  customerUpdateAddress?: 'auto' | 'never';
}
