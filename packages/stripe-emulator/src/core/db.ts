import type Stripe from 'stripe';
import type {
  CardBehavior,
  CheckoutExtras,
  CheckoutLineItems,
  DeliveryAttempt,
  ListenSecret,
  MeterEventSession,
  PendingCheckoutCard,
  PriceTiers,
  StoredMeterEvent,
} from './records.ts';
import { Collection, UndoLog } from './store.ts';

/**
 * Every collection the emulator holds, in one store: one undo log (a failed request undoes
 * every write), one persistence file (`--data`, keyed by collection name) and one reset.
 * Resources add theirs here.
 */
export function createDb() {
  const log = new UndoLog();
  /** A collection: its name in the persisted state, and its ids' prefix when an id can be expanded into one of its objects. */
  const c = <T extends { id: string }>(name: string, idPrefix?: string) => new Collection<T>(name, log, idPrefix);
  return {
    log,
    customers: c<Stripe.Customer>('customers', 'cus'),
    /** Deleted customers still answer retrieve with `{ deleted: true }`, as Stripe does. */
    deletedCustomers: c<Stripe.DeletedCustomer>('deleted_customers'),
    /** One-off notices already sent (`customer.subscription.trial_will_end`), by key. */
    notices: c<{ id: string }>('notices'),
    products: c<Stripe.Product>('products', 'prod'),
    prices: c<Stripe.Price>('prices', 'price'),
    paymentMethods: c<Stripe.PaymentMethod>('payment_methods', 'pm'),
    cardBehaviors: c<CardBehavior>('card_behaviors'),
    setupIntents: c<Stripe.SetupIntent>('setup_intents', 'seti'),
    paymentIntents: c<Stripe.PaymentIntent>('payment_intents', 'pi'),
    subscriptions: c<Stripe.Subscription>('subscriptions', 'sub'),
    invoices: c<Stripe.Invoice>('invoices', 'in'),
    invoiceItems: c<Stripe.InvoiceItem>('invoice_items', 'ii'),
    invoicePayments: c<Stripe.InvoicePayment>('invoice_payments', 'inpay'),
    events: c<Stripe.EventBase>('events', 'evt'),
    webhookEndpoints: c<Stripe.WebhookEndpoint>('webhook_endpoints', 'we'),
    testClocks: c<Stripe.TestHelpers.TestClock>('test_clocks', 'clock'),
    deliveries: c<DeliveryAttempt>('deliveries'),
    priceTiers: c<PriceTiers>('price_tiers'),
    charges: c<Stripe.Charge>('charges', 'ch'),
    refunds: c<Stripe.Refund>('refunds', 're'),
    taxRates: c<Stripe.TaxRate>('tax_rates', 'txr'),
    taxIds: c<Stripe.TaxId>('tax_ids', 'txi'),
    balanceTransactions: c<Stripe.CustomerBalanceTransaction>('customer_balance_transactions', 'cbtxn'),
    creditNotes: c<Stripe.CreditNote>('credit_notes', 'cn'),
    listenSecrets: c<ListenSecret>('listen_secrets'),
    // Checkout, the customer portal, meters, coupons and schedules.
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

export type Db = ReturnType<typeof createDb>;

/** The collection an id can be expanded from, by its prefix (`cus_...`: customers). */
export function collectionForId(db: Db, id: string): Collection<{ id: string }> | undefined {
  const prefix = id.slice(0, id.indexOf('_'));
  return collections(db).find((collection) => collection.idPrefix === prefix);
}

/** Every collection of the store, for a reset. */
export function collections(db: Db): Collection<{ id: string }>[] {
  const out: Collection<{ id: string }>[] = [];
  for (const value of Object.values(db)) if (value instanceof Collection) out.push(value);
  return out;
}
