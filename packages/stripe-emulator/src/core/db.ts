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

type CollectionName = { [K in keyof Db]: Db[K] extends Collection<{ id: string }> ? K : never }[keyof Db];

/** Collections whose objects can be expanded from an id, by the id's prefix. */
const expandableByPrefix = new Map<string, CollectionName>(
  Object.entries({
    cus: 'customers',
    prod: 'products',
    price: 'prices',
    pm: 'paymentMethods',
    seti: 'setupIntents',
    pi: 'paymentIntents',
    sub: 'subscriptions',
    in: 'invoices',
    ii: 'invoiceItems',
    inpay: 'invoicePayments',
    evt: 'events',
    we: 'webhookEndpoints',
    clock: 'testClocks',
    ch: 'charges',
    re: 'refunds',
    txr: 'taxRates',
    txi: 'taxIds',
    cbtxn: 'balanceTransactions',
    cn: 'creditNotes',
  } satisfies Record<string, CollectionName>),
);

/** The collection an id can be expanded from, by its prefix (`cus_...`: customers). */
export function collectionForId(db: Db, id: string): Collection<{ id: string }> | undefined {
  const name = expandableByPrefix.get(id.slice(0, id.indexOf('_')));
  return name === undefined ? undefined : db[name];
}

/** Every collection of the store, for a reset. */
export function collections(db: Db): Collection<{ id: string }>[] {
  const out: Collection<{ id: string }>[] = [];
  for (const value of Object.values(db)) if (value instanceof Collection) out.push(value);
  return out;
}
