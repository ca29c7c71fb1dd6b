import { taxParams } from './tax.ts';
import type Stripe from 'stripe';
import { z } from 'zod';
import { METADATA, productLookupKey } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../customers/get-or-create.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { count, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { normalizeCurrency } from '../../core/lib/money.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import type { CheckoutSessionRef } from './create.ts';
import { checkoutSessionFields } from './session-fields.ts';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import { stripeMetadata } from '../../core/stripe/metadata.ts';
import { refuseOwned } from './refuse-owned.ts';

/** A one-time product from the config, or an ad-hoc amount (a marketplace listing priced by its seller): one of the two. */
export const createPurchaseCheckoutInput = z
  .object({
    ...checkoutSessionFields,
    quantity: count(1000).optional(),
    /** A one-time product key of the config (an unknown one, even empty, is `product_not_found`). */
    product: text(INPUT_LIMITS.key, 0).optional(),
    /** An ad-hoc price: minor units, an ISO currency code, and what is bought. */
    amount: z
      .object({
        amount: z.number().int().min(1).max(99_999_999),
        currency: text(3, 3),
        name: text(250, 1, { notBlank: true }),
      })
      .optional(),
    /** App metadata (the marketplace agent id, a tenant id), kept on the purchase. */
    metadata: stripeMetadata(2).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.product === undefined) === (input.amount === undefined)) {
      ctx.addIssue({ code: 'custom', path: [input.product === undefined ? 'product' : 'amount'], message: 'pass either product or amount' });
    }
  });
type PurchaseFields = Omit<z.input<typeof createPurchaseCheckoutInput>, 'product' | 'amount'>;
type AdHocAmount = NonNullable<z.input<typeof createPurchaseCheckoutInput>['amount']>;
/** `createPurchaseCheckoutInput`'s input, typed as its one-of: a product, or an ad-hoc amount. */
export type CreatePurchaseCheckoutInput =
  (PurchaseFields & { product: string; amount?: undefined }) | (PurchaseFields & { product?: undefined; amount: AdHocAmount });

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

/** A parsed ad-hoc amount as a line item; a currency code no table knows is refused here. */
function adHocItem(a: AdHocAmount): Result<Stripe.Checkout.SessionCreateParams.LineItem, AppError> {
  let currency: string;
  try {
    currency = normalizeCurrency(a.currency);
  } catch {
    return err(appError('validation_failed', 'amount.currency must be an ISO currency code', 'amount.currency'));
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
export const createPurchaseCheckout: (deps: Deps, input: CreatePurchaseCheckoutInput) => Promise<Result<CheckoutSessionRef, AppError>> = operation(
  createPurchaseCheckoutInput,
  async (deps: Deps, input): Promise<Result<CheckoutSessionRef, AppError>> => {
    // Before any Stripe call or customer row: what is already owned is not sold twice.
    const owned = await refuseOwned(deps, input);
    if (!owned.ok) return owned;
    // The schema holds exactly one of product and amount.
    const item = input.amount === undefined ? await productItem(deps, input.product ?? '') : adHocItem(input.amount);
    if (!item.ok) return item;

    const customer = await getOrCreateCustomer(deps, { externalId: input.customer, email: input.email });
    if (!customer.ok) return customer;
    const tags: Record<string, string> = { ...input.metadata, [METADATA.externalId]: input.customer };
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
  },
);
