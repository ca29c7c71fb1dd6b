import type Stripe from 'stripe';
import { Collection, UndoLog } from './store.ts';

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

/** Every collection the emulator holds. Resources add theirs here. */
export function createDb() {
  const log = new UndoLog();
  const c = <T extends { id: string }>(name: string) => new Collection<T>(name, log);
  return {
    log,
    customers: c<Stripe.Customer>('customers'),
    /** Deleted customers still answer retrieve with `{ deleted: true }`, as Stripe does. */
    deletedCustomers: c<Stripe.DeletedCustomer>('deleted_customers'),
    /** One-off notices already sent (`customer.subscription.trial_will_end`), by key. */
    notices: c<{ id: string }>('notices'),
    products: c<Stripe.Product>('products'),
    prices: c<Stripe.Price>('prices'),
    paymentMethods: c<Stripe.PaymentMethod>('payment_methods'),
    cardBehaviors: c<CardBehavior>('card_behaviors'),
    setupIntents: c<Stripe.SetupIntent>('setup_intents'),
    paymentIntents: c<Stripe.PaymentIntent>('payment_intents'),
    subscriptions: c<Stripe.Subscription>('subscriptions'),
    invoices: c<Stripe.Invoice>('invoices'),
    invoiceItems: c<Stripe.InvoiceItem>('invoice_items'),
    invoicePayments: c<Stripe.InvoicePayment>('invoice_payments'),
    events: c<Stripe.EventBase>('events'),
    webhookEndpoints: c<Stripe.WebhookEndpoint>('webhook_endpoints'),
    testClocks: c<Stripe.TestHelpers.TestClock>('test_clocks'),
    deliveries: c<DeliveryAttempt>('deliveries'),
    priceTiers: c<PriceTiers>('price_tiers'),
    charges: c<Stripe.Charge>('charges'),
    refunds: c<Stripe.Refund>('refunds'),
    taxRates: c<Stripe.TaxRate>('tax_rates'),
    taxIds: c<Stripe.TaxId>('tax_ids'),
    balanceTransactions: c<Stripe.CustomerBalanceTransaction>('customer_balance_transactions'),
    creditNotes: c<Stripe.CreditNote>('credit_notes'),
    listenSecrets: c<ListenSecret>('listen_secrets'),
  };
}

export type Db = ReturnType<typeof createDb>;

/** Collections whose objects can be expanded from an id, by id prefix. */
export function collectionForId(db: Db, id: string): Collection<{ id: string }> | undefined {
  const prefix = id.slice(0, id.indexOf('_'));
  switch (prefix) {
    case 'cus':
      return db.customers;
    case 'prod':
      return db.products;
    case 'price':
      return db.prices;
    case 'pm':
      return db.paymentMethods;
    case 'seti':
      return db.setupIntents;
    case 'pi':
      return db.paymentIntents;
    case 'sub':
      return db.subscriptions;
    case 'in':
      return db.invoices;
    case 'ii':
      return db.invoiceItems;
    case 'inpay':
      return db.invoicePayments;
    case 'evt':
      return db.events;
    case 'we':
      return db.webhookEndpoints;
    case 'clock':
      return db.testClocks;
    case 'ch':
      return db.charges;
    case 're':
      return db.refunds;
    case 'txr':
      return db.taxRates;
    case 'txi':
      return db.taxIds;
    case 'cbtxn':
      return db.balanceTransactions;
    case 'cn':
      return db.creditNotes;
    default:
      return undefined;
  }
}

/** Every collection of the core store (those `createDb` made), for a reset. */
export function collections(db: Db): Collection<{ id: string }>[] {
  const out: Collection<{ id: string }>[] = [];
  for (const value of Object.values(db)) if (value instanceof Collection) out.push(value);
  return out;
}
