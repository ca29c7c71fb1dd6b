import { supportsCurrency } from '../prices/amount.ts';
import type Stripe from 'stripe';
import { StripeApiError, cardError, invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { previousAttributes } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { getCustomer } from '../customers/customers.ts';
import { type DiscountInput, subscriptionDiscounts } from '../discounts/discounts.ts';
import { createInvoice, finalizeInvoice } from '../invoices/invoices.ts';
import { subscriptionLine } from '../invoices/lines.ts';
import { attemptInvoicePayment, paymentIntentFor } from '../invoices/pay.ts';
import { resolvePaymentMethod } from '../payment-methods/payment-methods.ts';
import { getPrice } from '../prices/prices.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { requireAutomaticTaxLocation } from '../tax/compute.ts';
import { checkOneTaxSource } from '../tax/params.ts';
import { buildItem, idOf, itemList, itemPrice } from './items.ts';
import { addInterval } from './periods.ts';

export interface ItemInput {
  price?: string;
  plan?: string;
  quantity?: number;
  metadata?: Record<string, string> | '';
  tax_rates?: string[] | '';
}

export interface SubscriptionInput {
  customer: string;
  items: ItemInput[];
  trial_period_days?: number;
  trial_end?: number | 'now';
  default_payment_method?: string;
  payment_behavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  metadata?: Record<string, string> | '';
  cancel_at_period_end?: boolean;
  cancel_at?: number;
  description?: string;
  off_session?: boolean;
  add_invoice_items?: { price: string; quantity?: number }[];
  discounts?: DiscountInput[];
  default_tax_rates?: string[];
  automatic_tax?: { enabled: boolean };
  /** Bills in this currency: every price's own or one of its currency_options. */
  currency?: string;
  /** What happens when a trial ends without a payment method (default `create_invoice`). */
  trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' } };
}

/** The tax rates named by an `items[i][tax_rates]` parameter ('' clears them). */
export function itemTaxRates(em: Emulator, rates: string[] | '' | undefined, param: string): Stripe.TaxRate[] {
  return rates === undefined || rates === '' ? [] : resolveTaxRates(em, rates, param);
}

export function getSubscription(em: Emulator, id: string, param = 'subscription'): Stripe.Subscription {
  const sub = em.db.subscriptions.get(id);
  if (!sub) throw resourceMissing('subscription', id, param);
  return sub;
}

/** Recurring prices of one currency and billing interval, as Stripe requires of a subscription's items. */
export function checkItemPrices(em: Emulator, items: { price: Stripe.Price; param: string }[], currency?: string): void {
  const first = items[0];
  if (!first) return;
  const wanted = currency ?? first.price.currency;
  for (const { price, param } of items) {
    if (!price.recurring)
      throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, param);
    if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, param);
    if (currency !== undefined && !supportsCurrency(price, currency))
      throw invalidRequest(`The price \`${price.id}\` does not support the currency \`${currency}\`: it has no currency_options for it.`, param);
    if (currency === undefined && price.currency !== wanted) throw invalidRequest('All prices on a subscription must have the same currency.', param);
    if (price.recurring.interval !== first.price.recurring?.interval || price.recurring.interval_count !== first.price.recurring.interval_count) {
      throw invalidRequest('All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.', param);
    }
  }
}

/** The one way a subscription changes after creation: writes it and emits `customer.subscription.updated`. */
export function saveSubscription(
  em: Emulator,
  before: Stripe.Subscription,
  after: Stripe.Subscription,
  at: number,
  type: 'customer.subscription.updated' | 'customer.subscription.deleted' = 'customer.subscription.updated',
): Stripe.Subscription {
  const previous = previousAttributes(before, after);
  if (Object.keys(previous).length === 0 && type === 'customer.subscription.updated') return before;
  em.db.subscriptions.put(after);
  em.emit(type, after, { previous, at });
  return after;
}

/** Subscriptions being created right now: their first invoice's payment sets their status directly. */
const creating = new Set<string>();

export function createSubscription(em: Emulator, input: SubscriptionInput): Stripe.Subscription {
  const customer = getCustomer(em, input.customer);
  const at = em.timeFor(customer.test_clock);
  if (input.items.length === 0) throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
  const prices = input.items.map((item, i) => {
    const named = itemPrice(item, `items[${i}]`);
    if (!named) throw invalidRequest(`Missing required param: items[${i}][price].`, `items[${i}][price]`, 'parameter_missing');
    return { price: getPrice(em, named.id, named.param), param: named.param };
  });
  const currency = input.currency?.toLowerCase() ?? prices[0]!.price.currency;
  checkItemPrices(em, prices, input.currency === undefined ? undefined : currency);
  checkOneTaxSource(input.automatic_tax, [
    ['default_tax_rates', input.default_tax_rates],
    ...input.items.map((item, i): [string, string[] | '' | undefined] => [`items[${i}][tax_rates]`, item.tax_rates]),
  ]);
  const automaticTax = input.automatic_tax?.enabled ?? false;
  if (automaticTax) requireAutomaticTaxLocation(customer);
  const defaultTaxRates = input.default_tax_rates ? resolveTaxRates(em, input.default_tax_rates, 'default_tax_rates') : [];
  const itemRates = input.items.map((item, i) => itemTaxRates(em, item.tax_rates, `items[${i}][tax_rates]`));
  const recurring = prices[0]!.price.recurring!;
  let defaultPm: string | null = null;
  if (input.default_payment_method !== undefined) {
    const pm = resolvePaymentMethod(em, input.default_payment_method, 'default_payment_method');
    if (pm.customer !== customer.id)
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
        'default_payment_method',
        'resource_missing',
      );
    defaultPm = pm.id;
  }
  const collection = input.collection_method ?? 'charge_automatically';
  if (collection === 'send_invoice' && input.days_until_due === undefined)
    throw invalidRequest('Missing required param: days_until_due.', 'days_until_due', 'parameter_missing');
  let trialEnd: number | null = null;
  if (input.trial_end !== undefined && input.trial_end !== 'now') {
    if (input.trial_end <= at) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    trialEnd = input.trial_end;
  } else if (input.trial_period_days !== undefined && input.trial_period_days > 0) {
    trialEnd = at + input.trial_period_days * 86_400;
  }
  const periodEnd = trialEnd ?? addInterval(at, recurring.interval, recurring.interval_count);
  const id = em.ids.next('sub');
  const items = prices.map(({ price }, i) =>
    buildItem(em, id, price, input.items[i]!.quantity, { start: at, end: periodEnd }, input.items[i]!.metadata, at, itemRates[i]),
  );
  const cancelAt = input.cancel_at ?? (input.cancel_at_period_end ? periodEnd : null);
  const sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: automaticTax, liability: automaticTax ? { type: 'self' } : null },
    billing_cycle_anchor: trialEnd ?? at,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: cancelAt,
    cancel_at_period_end: input.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: at,
    currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: input.days_until_due ?? null,
    default_payment_method: defaultPm,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: input.description ?? null,
    discounts: subscriptionDiscounts(em, input.discounts ?? [], { customer: customer.id, subscription: id, currency, at }),
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: itemList(id, items),
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: initialMetadata(input.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: at,
    status: trialEnd !== null ? 'trialing' : 'incomplete',
    test_clock: customer.test_clock ?? null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice' },
    },
    trial_start: trialEnd !== null ? at : null,
  };
  em.db.subscriptions.put(sub);
  creating.add(id);
  try {
    return firstInvoice(em, sub, customer, input, items, periodEnd);
  } finally {
    creating.delete(id);
  }
}

function firstInvoice(
  em: Emulator,
  created: Stripe.Subscription,
  customer: Stripe.Customer,
  input: SubscriptionInput,
  items: Stripe.SubscriptionItem[],
  periodEnd: number,
): Stripe.Subscription {
  let sub = created;
  const at = sub.created;
  const trialEnd = sub.trial_end;
  const collection = sub.collection_method;
  const period = { start: at, end: periodEnd };
  const currency = sub.currency;
  const lines = items.map((item) => subscriptionLine(em, item, period, { trial: trialEnd !== null, currency }));
  for (const extra of input.add_invoice_items ?? []) {
    const price = getPrice(em, extra.price, 'add_invoice_items[0][price]');
    lines.push(subscriptionLine(em, { ...items[0]!, price, quantity: extra.quantity ?? 1, id: items[0]!.id }, period, { currency }));
  }
  const draft = createInvoice(em, {
    customer,
    subscription: sub,
    billingReason: 'subscription_create',
    lines,
    period,
    at,
    daysUntilDue: input.days_until_due ?? null,
  });
  let invoice = finalizeInvoice(em, draft.id, at);
  sub = { ...sub, latest_invoice: invoice.id };
  const behavior = input.payment_behavior ?? 'allow_incomplete';
  if (invoice.status === 'paid' || collection === 'send_invoice') {
    if (sub.status !== 'trialing') sub = { ...sub, status: 'active' };
  } else if (behavior === 'default_incomplete') {
    // The payment is left to the customer's payment form: its client secret is the invoice's `confirmation_secret`.
    paymentIntentFor(em, invoice, at);
  } else {
    const result = attemptInvoicePayment(em, invoice.id, at, { offSession: input.off_session ?? false });
    invoice = result.invoice;
    if (result.outcome === 'paid') sub = { ...sub, status: 'active' };
    else if (behavior === 'error_if_incomplete') {
      const error = result.paymentIntent?.last_payment_error;
      if (result.outcome === 'requires_action') {
        throw cardError(
          'Payment for this subscription requires additional user action before it can be completed successfully.',
          'subscription_payment_intent_requires_action',
          null,
        );
      }
      if (!error)
        throw new StripeApiError(400, {
          error: {
            type: 'invalid_request_error',
            code: 'resource_missing',
            message: 'This customer has no attached payment source or default payment method.',
          },
        });
      throw cardError(error.message ?? 'Your card was declined.', error.code ?? 'card_declined', error.decline_code ?? null);
    }
  }
  em.db.subscriptions.put(sub);
  em.emit('customer.subscription.created', sub, { at });
  return sub;
}

/** Keeps a subscription's status in step with its invoices' payments. */
export function onInvoicePaymentAttempted(em: Emulator, invoice: Stripe.Invoice, outcome: 'paid' | 'failed' | 'requires_action'): void {
  const subId = invoice.parent?.subscription_details?.subscription;
  const id = idOf(subId);
  const sub = id ? em.db.subscriptions.get(id) : undefined;
  if (!sub || creating.has(sub.id) || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  if (idOf(sub.latest_invoice) !== invoice.id && !(outcome === 'paid' && sub.status !== 'trialing')) return;
  const at = em.timeFor(sub.test_clock);
  if (outcome === 'paid') {
    if (sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid') saveSubscription(em, sub, { ...sub, status: 'active' }, at);
    return;
  }
  if (sub.status === 'active' && invoice.billing_reason !== 'subscription_create') {
    saveSubscription(em, sub, { ...sub, status: 'past_due' }, at);
  }
}
