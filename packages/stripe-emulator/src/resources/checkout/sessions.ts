import { supportsCurrency } from '../prices/amount.ts';
import type Stripe from 'stripe';
import { invalidRequest, resourceMissing } from '../../errors.ts';
import type { Emulator } from '../../core/emulator.ts';
import { initialMetadata } from '../../core/metadata.ts';
import { type DiscountInput, resolveDiscounts } from '../discounts/discounts.ts';
import type { CheckoutExtras } from '../../core/records.ts';
import { type PriceInput, createPrice, getPrice } from '../prices/prices.ts';
import { resolveTaxRates } from '../tax-rates/tax-rates.ts';
import { withAmounts } from './amounts.ts';
import { newSession } from './session-object.ts';
import { validateSession } from './validate.ts';

export interface LineItemInput {
  price?: string;
  price_data?: {
    currency: string;
    product?: string;
    product_data?: { name: string; description?: string; metadata?: Record<string, string> | ''; images?: string[] };
    unit_amount?: number;
    unit_amount_decimal?: string;
    recurring?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
    tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
  };
  quantity?: number;
  tax_rates?: string[];
}

export interface CheckoutSessionInput {
  mode: Stripe.Checkout.Session.Mode;
  line_items?: LineItemInput[];
  customer?: string;
  customer_email?: string;
  customer_creation?: 'always' | 'if_required';
  client_reference_id?: string;
  metadata?: Record<string, string> | '';
  subscription_data?: {
    trial_period_days?: number;
    trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' } };
    metadata?: Record<string, string> | '';
    description?: string;
    default_tax_rates?: string[];
  };
  payment_method_collection?: 'always' | 'if_required';
  payment_intent_data?: { metadata?: Record<string, string> | ''; description?: string; setup_future_usage?: 'off_session' | 'on_session' };
  setup_intent_data?: { metadata?: Record<string, string> | ''; description?: string };
  discounts?: DiscountInput[];
  allow_promotion_codes?: boolean;
  success_url?: string;
  cancel_url?: string;
  expires_at?: number;
  currency?: string;
  locale?: Stripe.Checkout.Session.Locale;
  submit_type?: Stripe.Checkout.Session.SubmitType;
  billing_address_collection?: 'auto' | 'required';
  ui_mode?: 'elements' | 'embedded_page' | 'form' | 'hosted_page';
  return_url?: string;
  redirect_on_completion?: 'always' | 'if_required' | 'never';
  automatic_tax?: { enabled: boolean };
  tax_id_collection?: { enabled: boolean; required?: 'if_supported' | 'never' };
  phone_number_collection?: { enabled: boolean };
  customer_update?: { address?: 'auto' | 'never'; name?: 'auto' | 'never'; shipping?: 'auto' | 'never' };
}

export function getCheckoutSession(em: Emulator, id: string, param = 'session'): Stripe.Checkout.Session {
  const session = em.db.checkoutSessions.get(id);
  if (!session) throw resourceMissing('checkout.session', id, param);
  if (session.status === 'open' && em.now() >= session.expires_at) return expireCheckoutSession(em, id, session.expires_at);
  return session;
}

export function lineItemsOf(em: Emulator, id: string): Stripe.LineItem[] {
  return em.db.checkoutLineItems.get(id)?.items ?? [];
}

function productName(em: Emulator, price: Stripe.Price): string {
  const id = typeof price.product === 'string' ? price.product : price.product.id;
  return em.db.products.get(id)?.name ?? id;
}

function resolvePrice(em: Emulator, item: LineItemInput, i: number): Stripe.Price {
  const param = `line_items[${i}]`;
  if (item.price !== undefined && item.price_data !== undefined)
    throw invalidRequest(`You may only specify one of these parameters: ${param}[price], ${param}[price_data].`, `${param}[price]`);
  if (item.price !== undefined) {
    const price = getPrice(em, item.price, `${param}[price]`);
    if (!price.active) throw invalidRequest(`The price specified (${price.id}) is inactive. This field only accepts active prices.`, `${param}[price]`);
    return price;
  }
  const data = item.price_data;
  if (!data) throw invalidRequest(`Missing required param: ${param}[price].`, `${param}[price]`, 'parameter_missing');
  if (data.product === undefined && data.product_data === undefined)
    throw invalidRequest(`Missing required param: ${param}[price_data][product_data].`, `${param}[price_data][product_data]`, 'parameter_missing');
  const input: PriceInput = {
    currency: data.currency,
    ...(data.product !== undefined ? { product: data.product } : {}),
    ...(data.product_data ? { product_data: data.product_data } : {}),
    ...(data.unit_amount !== undefined ? { unit_amount: data.unit_amount } : {}),
    ...(data.unit_amount_decimal !== undefined ? { unit_amount_decimal: data.unit_amount_decimal } : {}),
    ...(data.recurring ? { recurring: data.recurring } : {}),
    ...(data.tax_behavior ? { tax_behavior: data.tax_behavior } : {}),
  };
  if (input.unit_amount === undefined && input.unit_amount_decimal === undefined)
    throw invalidRequest(`Missing required param: ${param}[price_data][unit_amount].`, `${param}[price_data][unit_amount]`, 'parameter_missing');
  return createPrice(em, input);
}

export function checkoutExtras(em: Emulator, id: string): CheckoutExtras {
  return (
    em.db.checkoutExtras.get(id) ?? {
      id,
      trialDays: null,
      subscriptionMetadata: {},
      subscriptionDescription: null,
      paymentIntentMetadata: {},
      paymentDescription: null,
      setupFutureUsage: null,
      setupMetadata: {},
    }
  );
}

export function createCheckoutSession(em: Emulator, input: CheckoutSessionInput): Stripe.Checkout.Session {
  const now = em.now();
  validateSession(em, input, now);
  const id = em.ids.next('cs_test');
  const items: Stripe.LineItem[] = (input.line_items ?? []).map((item, i) => {
    const price = resolvePrice(em, item, i);
    const metered = price.recurring?.usage_type === 'metered';
    // `currency` presents a price in one of its currency_options (Stripe's multi-currency prices).
    const chosen = input.currency?.toLowerCase();
    if (chosen !== undefined && !supportsCurrency(price, chosen))
      throw invalidRequest(
        `The price \`${price.id}\` does not support the currency \`${chosen}\`: it has no currency_options for it.`,
        `line_items[${i}][price]`,
      );
    if (input.mode === 'payment' && price.recurring)
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        `line_items[${i}][price]`,
      );
    return {
      id: em.ids.next('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: 0,
      amount_tax: 0,
      amount_total: 0,
      currency: chosen ?? price.currency,
      description: productName(em, price),
      metadata: {},
      price,
      quantity: metered ? null : (item.quantity ?? 1),
    };
  });
  if (input.mode === 'subscription' && !items.some((item) => item.price?.recurring))
    throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
  const currency = items[0]?.currency ?? input.currency?.toLowerCase() ?? null;
  items.forEach((item, i) => {
    if (item.currency !== currency)
      throw invalidRequest('Checkout does not support multiple currencies. All line items must share one currency.', `line_items[${i}][price]`);
  });
  if (input.mode === 'subscription') {
    const recurring = items.filter((item) => item.price?.recurring).map((item) => item.price!.recurring!);
    if (recurring.some((r) => r.interval !== recurring[0]!.interval || r.interval_count !== recurring[0]!.interval_count)) {
      throw invalidRequest('Checkout does not support multiple prices with different billing intervals.', 'line_items');
    }
  }
  const sources = resolveDiscounts(em, input.discounts ?? [], 'discounts', { customer: input.customer ?? null, amount: 0, currency: currency ?? 'usd' });
  const lineTaxRates: Record<string, string[]> = {};
  (input.line_items ?? []).forEach((item, i) => {
    if (item.tax_rates?.length) lineTaxRates[items[i]!.id] = resolveTaxRates(em, item.tax_rates, `line_items[${i}][tax_rates]`).map((r) => r.id);
  });
  const extras: CheckoutExtras = {
    id,
    lineTaxRates,
    subscriptionTaxRates: input.subscription_data?.default_tax_rates
      ? resolveTaxRates(em, input.subscription_data.default_tax_rates, 'subscription_data[default_tax_rates]').map((r) => r.id)
      : [],
    ...(input.customer_update?.address ? { customerUpdateAddress: input.customer_update.address } : {}),
    trialDays: input.subscription_data?.trial_period_days ?? null,
    ...(input.subscription_data?.trial_settings
      ? { trialMissingPaymentMethod: input.subscription_data.trial_settings.end_behavior.missing_payment_method }
      : {}),
    subscriptionMetadata: initialMetadata(input.subscription_data?.metadata),
    subscriptionDescription: input.subscription_data?.description ?? null,
    paymentIntentMetadata: initialMetadata(input.payment_intent_data?.metadata),
    paymentDescription: input.payment_intent_data?.description ?? null,
    setupFutureUsage: input.payment_intent_data?.setup_future_usage ?? null,
    setupMetadata: initialMetadata(input.setup_intent_data?.metadata),
  };
  const hosted = (input.ui_mode ?? 'hosted_page') === 'hosted_page';
  const base = newSession(id, input, {
    now,
    currency,
    url: hosted ? `${em.publicUrl}/c/pay/${id}` : null,
    clientSecret: hosted ? null : `${id}_secret_${em.ids.secret('s', 24).slice(2)}`,
  });
  const discounts = sources.map((s) => ({ coupon: s.coupon.id, promotion_code: s.promotionCode?.id ?? null }));
  const priced = withAmounts(em, { ...base, discounts }, items, extras);
  em.db.checkoutExtras.put(extras);
  em.db.checkoutSessions.put(priced.session);
  em.db.checkoutLineItems.put({ id, items: priced.items });
  return priced.session;
}

export function expireCheckoutSession(em: Emulator, id: string, at = em.now()): Stripe.Checkout.Session {
  const before = em.db.checkoutSessions.get(id);
  if (!before) throw resourceMissing('checkout.session', id, 'session');
  if (before.status !== 'open')
    throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired.`, undefined, 'checkout_session_not_open');
  const after: Stripe.Checkout.Session = { ...before, status: 'expired', url: null };
  em.db.checkoutSessions.put(after);
  em.emit('checkout.session.expired', after, { previous: { status: 'open' }, at });
  return after;
}

/** The session as the API returns it, with `line_items` when asked to expand them. */
export function presentSession(em: Emulator, session: Stripe.Checkout.Session, expand: string[] | undefined): Stripe.Checkout.Session {
  if (!expand?.includes('line_items')) return session;
  const items = lineItemsOf(em, session.id);
  return { ...session, line_items: { object: 'list', data: items, has_more: false, url: `/v1/checkout/sessions/${session.id}/line_items` } };
}
