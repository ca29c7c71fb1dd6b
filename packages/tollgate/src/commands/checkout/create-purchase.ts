import { taxParams } from './tax.ts';
import type Stripe from 'stripe';
import { METADATA, productLookupKey } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import { checkEmail, checkId, checkMetadata } from '../customers/validate.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { stringProblem } from '../../core/lib/input.ts';
import { normalizeCurrency } from '../../core/lib/money.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { CheckoutSessionRef } from './create.ts';
import { checkCount, checkUrl } from './validate.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { refuseOwned } from './refuse-owned.ts';

interface PurchaseCommon {
  customer: string;
  quantity?: number;
  email?: string;
  successUrl: string;
  cancelUrl: string;
  /** App metadata (the marketplace agent id, a tenant id), kept on the purchase. */
  metadata?: Record<string, string>;
}

/** A one-time product from the config, or an ad-hoc amount (a marketplace listing priced by its seller). */
export type CreatePurchaseCheckoutInput =
  | (PurchaseCommon & { product: string; amount?: undefined })
  | (PurchaseCommon & { product?: undefined; amount: { amount: number; currency: string; name: string } });

async function productItem(deps: Deps, productKey: string): Promise<Result<Stripe.Checkout.SessionCreateParams.LineItem, AppError>> {
  const products = deps.config.products ?? {};
  if (!Object.hasOwn(products, productKey)) {
    return err(
      appError('product_not_found', `no one-time product "${productKey}" in the config (products: ${Object.keys(products).join(', ') || 'none'})`, 'product'),
    );
  }
  const prices = await deps.stripe.prices.list({ lookup_keys: [productLookupKey(productKey)], active: true, limit: 1 });
  const price = prices.data[0];
  if (!price) return err(appError('price_not_found', `Stripe has no price for product "${productKey}": run "tollgate push --yes"`, 'product'));
  return ok({ price: price.id });
}

function adHocItem(amount: unknown): Result<Stripe.Checkout.SessionCreateParams.LineItem, AppError> {
  const a = amount as { amount?: unknown; currency?: unknown; name?: unknown } | null;
  if (typeof a !== 'object' || a === null) return err(appError('validation_failed', 'amount must be { amount, currency, name }', 'amount'));
  if (typeof a.amount !== 'number' || !Number.isSafeInteger(a.amount) || a.amount < 1 || a.amount > 99_999_999) {
    return err(appError('validation_failed', 'amount.amount must be a whole number of minor units from 1 to 99,999,999', 'amount.amount'));
  }
  let currency: string;
  try {
    currency = normalizeCurrency(String(a.currency));
  } catch {
    return err(appError('validation_failed', 'amount.currency must be an ISO currency code', 'amount.currency'));
  }
  if (typeof a.name !== 'string' || a.name.trim() === '' || a.name.length > 250 || stringProblem(a.name) !== null) {
    return err(appError('validation_failed', 'amount.name must name what is bought (at most 250 characters)', 'amount.name'));
  }
  return ok({ price_data: { currency, unit_amount: a.amount, product_data: { name: a.name } } });
}

/**
 * A Checkout Session in `payment` mode for a one-time product or an ad-hoc
 * amount. When it completes, the mirror records it as a purchase (and the
 * `purchase.completed` hook fires) from the webhook or `syncCheckoutSession`.
 * Refused with `already_owned` (409) when the customer already owns the
 * product, or (ad-hoc) an item with the same metadata.
 */
export async function createPurchaseCheckout(deps: Deps, input: CreatePurchaseCheckoutInput): Promise<Result<CheckoutSessionRef, AppError>> {
  const checks = [
    checkId(input.customer, 'customer'),
    checkUrl(input.successUrl, 'successUrl'),
    checkUrl(input.cancelUrl, 'cancelUrl'),
    checkEmail(input.email),
    checkCount(input.quantity, 'quantity', 1000),
  ];
  for (const check of checks) if (!check.ok) return check;
  if ((input.product === undefined) === (input.amount === undefined)) {
    return err(appError('validation_failed', 'pass either product or amount', input.product === undefined ? 'product' : 'amount'));
  }
  const metadata = checkMetadata(input.metadata, 'metadata', 2);
  if (!metadata.ok) return metadata;
  // Before any Stripe call or customer row: what is already owned is not sold twice.
  const owned = await refuseOwned(deps, input);
  if (!owned.ok) return owned;
  const item = input.product !== undefined ? await productItem(deps, input.product) : adHocItem(input.amount);
  if (!item.ok) return item;

  const customer = await getOrCreateCustomer(deps, { externalId: input.customer, ...(input.email ? { email: input.email } : {}) });
  if (!customer.ok) return customer;
  const tags: Record<string, string> = { ...metadata.value, [METADATA.externalId]: input.customer };
  if (input.product !== undefined) tags[METADATA.product] = input.product;
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    customer: customer.value.customer.stripeCustomerId,
    client_reference_id: input.customer,
    line_items: [{ ...item.value, quantity: input.quantity ?? 1 }],
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    metadata: tags,
    payment_intent_data: { metadata: tags },
    ...taxParams(deps.config),
  };
  const session = await deps.stripe.checkout.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('purchase', deps.clock, params) });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  return ok({ id: session.id, url: session.url });
}
