import { supportsCurrency } from '../prices/amount.ts';
import type Stripe from 'stripe';
import { cardError, invalidRequest } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { mergeMetadata } from '../../core/metadata.ts';
import { type DiscountInput, subscriptionDiscounts } from '../discounts/discounts.ts';
import { createInvoice, finalizeInvoice } from '../invoices/invoices.ts';
import { subscriptionLine } from '../invoices/lines.ts';
import { attemptInvoicePayment } from '../invoices/pay.ts';
import { resolvePaymentMethod } from '../payment-methods/payment-methods.ts';
import { getPrice } from '../prices/prices.ts';
import { requireAutomaticTaxLocation } from '../tax/compute.ts';
import { checkOneTaxSource } from '../tax/params.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { buildItem, itemList, itemPrice, planOf } from './items.ts';
import { addInterval } from './periods.ts';
import { checkPendingParams, holdUpdate, payingPending } from './pending-update.ts';
import { prorate } from './proration.ts';
import { type ItemInput, checkItemPrices, getSubscription, itemTaxRates, saveSubscription } from './subscriptions.ts';

/** `automatic_tax` and `default_tax_rates` changes (one tax source at a time; automatic tax needs a location). */
function withTaxSettings(em: Emulator, sub: Stripe.Subscription, input: SubscriptionUpdate): Stripe.Subscription {
  const automatic = input.automatic_tax ?? sub.automatic_tax;
  checkOneTaxSource(automatic, [
    ['default_tax_rates', input.default_tax_rates],
    ...(input.items ?? []).map((item, i): [string, string[] | '' | undefined] => [`items[${i}][tax_rates]`, item.tax_rates]),
  ]);
  let out = sub;
  if (input.automatic_tax !== undefined) {
    const customer = em.db.customers.get(typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
    if (input.automatic_tax.enabled && customer) requireAutomaticTaxLocation(customer);
    out = {
      ...out,
      automatic_tax: { disabled_reason: null, enabled: input.automatic_tax.enabled, liability: input.automatic_tax.enabled ? { type: 'self' } : null },
    };
    if (input.automatic_tax.enabled && (out.default_tax_rates ?? []).length > 0) out = { ...out, default_tax_rates: [] };
  }
  if (input.default_tax_rates !== undefined)
    out = { ...out, default_tax_rates: input.default_tax_rates === '' ? [] : resolveTaxRates(em, input.default_tax_rates, 'default_tax_rates') };
  return out;
}

/** An item of an update: a new one as a create takes it, or an existing one (`id`) changed or `deleted`. */
export interface ItemUpdate extends ItemInput {
  id?: string;
  deleted?: boolean;
}

export interface SubscriptionUpdate {
  items?: ItemUpdate[];
  proration_behavior?: 'create_prorations' | 'none' | 'always_invoice';
  proration_date?: number;
  cancel_at_period_end?: boolean;
  cancel_at?: number | '';
  default_payment_method?: string;
  metadata?: Record<string, string> | '';
  trial_end?: number | 'now';
  payment_behavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  description?: string;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  pause_collection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at?: number } | '';
  off_session?: boolean;
  discounts?: DiscountInput[] | '';
  default_tax_rates?: string[] | '';
  automatic_tax?: { enabled: boolean };
}

interface ItemPlan {
  items: Stripe.SubscriptionItem[];
  changed: { before: Stripe.SubscriptionItem | null; after: Stripe.SubscriptionItem | null }[];
}

function planItems(em: Emulator, sub: Stripe.Subscription, updates: ItemUpdate[], at: number): ItemPlan {
  const items = [...sub.items.data];
  const changed: ItemPlan['changed'] = [];
  updates.forEach((update, i) => {
    if (update.id !== undefined) {
      const index = items.findIndex((item) => item.id === update.id);
      if (index === -1) throw invalidRequest(`Invalid subscription_item id: ${update.id}`, `items[${i}][id]`, 'resource_missing');
      const current = items[index]!;
      if (update.deleted) {
        items.splice(index, 1);
        changed.push({ before: current, after: null });
        return;
      }
      const named = itemPrice(update, `items[${i}]`);
      const price = named ? getPrice(em, named.id, named.param) : current.price;
      const next: Stripe.SubscriptionItem = {
        ...current,
        price,
        plan: price === current.price ? current.plan : planOf(price),
        ...(price.recurring?.usage_type === 'metered' ? {} : { quantity: update.quantity ?? current.quantity ?? 1 }),
        metadata: mergeMetadata(current.metadata, update.metadata),
        ...(update.tax_rates !== undefined ? { tax_rates: itemTaxRates(em, update.tax_rates, `items[${i}][tax_rates]`) } : {}),
      };
      items[index] = next;
      if (next.price.id !== current.price.id || next.quantity !== current.quantity) changed.push({ before: current, after: next });
      return;
    }
    const named = itemPrice(update, `items[${i}]`);
    if (!named) throw invalidRequest(`Missing required param: items[${i}][price].`, `items[${i}][price]`, 'parameter_missing');
    const price = getPrice(em, named.id, named.param);
    const first = sub.items.data[0];
    const period = { start: first?.current_period_start ?? at, end: first?.current_period_end ?? at };
    const added = buildItem(em, sub.id, price, update.quantity, period, update.metadata, at, itemTaxRates(em, update.tax_rates, `items[${i}][tax_rates]`));
    items.push(added);
    changed.push({ before: null, after: added });
  });
  if (items.length === 0) throw invalidRequest('A subscription must have at least one active plan.', 'items');
  checkItemPrices(
    em,
    items.map((item, i) => ({ price: item.price, param: `items[${i}][price]` })),
  );
  return { items, changed };
}

export function updateSubscription(em: Emulator, id: string, input: SubscriptionUpdate): Stripe.Subscription {
  const payFirst = input.payment_behavior === 'pending_if_incomplete';
  if (payFirst) checkPendingParams(input);
  const before = getSubscription(em, id, 'subscription_exposed_id');
  if (before.status === 'canceled' || before.status === 'incomplete_expired') {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', undefined, 'invalid_canceled_subscription_fields');
  }
  const at = em.timeFor(before.test_clock);
  const customer = typeof before.customer === 'string' ? before.customer : before.customer.id;
  let sub: Stripe.Subscription = { ...before, metadata: mergeMetadata(before.metadata, input.metadata) };
  sub = withTaxSettings(em, sub, input);
  let invoiceNow = false;
  let resetPeriod = false;

  if (input.items && input.items.length > 0) {
    const plan = planItems(em, before, input.items, at);
    const oldRecurring = before.items.data[0]?.price.recurring;
    const newRecurring = plan.items[0]?.price.recurring;
    resetPeriod =
      !!oldRecurring && !!newRecurring && (oldRecurring.interval !== newRecurring.interval || oldRecurring.interval_count !== newRecurring.interval_count);
    const behavior = input.proration_behavior ?? 'create_prorations';
    const prorationAt = input.proration_date ?? at;
    const billable = before.status === 'active' || before.status === 'past_due';
    if (behavior !== 'none' && billable && plan.changed.length > 0) {
      for (const change of plan.changed) {
        if (change.before) prorate(em, sub, change.before, 'unused', prorationAt);
        if (change.after && !resetPeriod)
          prorate(
            em,
            sub,
            {
              ...change.after,
              current_period_start: change.before?.current_period_start ?? change.after.current_period_start,
              current_period_end: change.before?.current_period_end ?? change.after.current_period_end,
            },
            'remaining',
            prorationAt,
          );
      }
    }
    let items = plan.items;
    if (resetPeriod && newRecurring) {
      const end = addInterval(at, newRecurring.interval, newRecurring.interval_count);
      items = items.map((item) => ({ ...item, current_period_start: at, current_period_end: end }));
      sub = { ...sub, billing_cycle_anchor: at };
    }
    // The subscription keeps its currency when every new price offers it (currency_options).
    const currency = items.every((i) => supportsCurrency(i.price, sub.currency)) ? sub.currency : items[0]!.price.currency;
    sub = { ...sub, items: itemList(sub.id, items), currency };
    invoiceNow = billable && plan.changed.length > 0 && (behavior === 'always_invoice' || resetPeriod);
  }

  if (input.default_payment_method !== undefined) {
    if (input.default_payment_method === '') sub = { ...sub, default_payment_method: null };
    else {
      const pm = resolvePaymentMethod(em, input.default_payment_method, 'default_payment_method');
      if (pm.customer !== customer)
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`,
          'default_payment_method',
          'resource_missing',
        );
      sub = { ...sub, default_payment_method: pm.id };
    }
  }
  const periodEnd = sub.items.data[0]?.current_period_end ?? at;
  if (input.cancel_at_period_end !== undefined)
    sub = {
      ...sub,
      cancel_at_period_end: input.cancel_at_period_end,
      cancel_at: input.cancel_at_period_end ? periodEnd : null,
      canceled_at: input.cancel_at_period_end ? at : null,
    };
  if (input.cancel_at !== undefined)
    sub = { ...sub, cancel_at: input.cancel_at === '' ? null : input.cancel_at, cancel_at_period_end: input.cancel_at !== '' && input.cancel_at === periodEnd };
  if (input.discounts !== undefined)
    sub = {
      ...sub,
      discounts: input.discounts === '' ? [] : subscriptionDiscounts(em, input.discounts, { customer, subscription: sub.id, currency: sub.currency, at }),
    };
  if (input.description !== undefined) sub = { ...sub, description: input.description === '' ? null : input.description };
  if (input.collection_method !== undefined) sub = { ...sub, collection_method: input.collection_method };
  if (input.days_until_due !== undefined) sub = { ...sub, days_until_due: input.days_until_due };
  if (input.pause_collection !== undefined)
    sub = {
      ...sub,
      pause_collection:
        input.pause_collection === '' ? null : { behavior: input.pause_collection.behavior, resumes_at: input.pause_collection.resumes_at ?? null },
    };
  if (input.trial_end !== undefined) {
    if (input.trial_end === 'now') {
      if (sub.status === 'trialing') {
        const recurring = sub.items.data[0]!.price.recurring!;
        const end = addInterval(at, recurring.interval, recurring.interval_count);
        sub = {
          ...sub,
          status: 'active',
          trial_end: at,
          billing_cycle_anchor: at,
          items: itemList(
            sub.id,
            sub.items.data.map((item) => ({ ...item, current_period_start: at, current_period_end: end })),
          ),
        };
        resetPeriod = true;
        invoiceNow = true;
      }
    } else {
      if (input.trial_end <= at) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
      sub = {
        ...sub,
        status: 'trialing',
        trial_start: sub.trial_start ?? at,
        trial_end: input.trial_end,
        items: itemList(
          sub.id,
          sub.items.data.map((item) => ({ ...item, current_period_end: input.trial_end as number })),
        ),
      };
    }
  }

  if (invoiceNow) {
    const customerObj = em.db.customers.get(customer)!;
    const lines = resetPeriod
      ? sub.items.data.map((item) => subscriptionLine(em, item, { start: item.current_period_start, end: item.current_period_end }, { currency: sub.currency }))
      : [];
    const draft = createInvoice(em, {
      customer: customerObj,
      subscription: sub,
      billingReason: 'subscription_update',
      lines,
      includePending: true,
      at,
      ...(input.proration_date !== undefined ? { prorationDate: input.proration_date } : {}),
    });
    sub = { ...sub, latest_invoice: draft.id };
    em.db.subscriptions.put(sub);
    const invoice = finalizeInvoice(em, draft.id, at);
    if (invoice.status === 'open' && sub.collection_method === 'charge_automatically') {
      const attempt = () => attemptInvoicePayment(em, invoice.id, at, { offSession: input.off_session ?? false });
      const result = payFirst ? payingPending(sub.id, attempt) : attempt();
      // pending_if_incomplete: unpaid, the subscription stays as it was and the change waits (pending-update.ts).
      if (result.outcome !== 'paid' && payFirst) return holdUpdate(em, before, sub, input.metadata, invoice.id, at);
      if (result.outcome !== 'paid' && input.payment_behavior === 'error_if_incomplete') {
        const error = result.paymentIntent?.last_payment_error;
        throw cardError(error?.message ?? 'Your card was declined.', error?.code ?? 'card_declined', error?.decline_code ?? null);
      }
      const latest = em.db.subscriptions.get(sub.id)!;
      sub = { ...sub, status: latest.status };
      if (result.outcome !== 'paid' && sub.status === 'active') sub = { ...sub, status: 'past_due' };
    }
  }
  return saveSubscription(em, before, sub, at);
}
