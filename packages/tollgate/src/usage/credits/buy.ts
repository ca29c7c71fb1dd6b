import type Stripe from 'stripe';
import { z } from 'zod';
import { sessionIdempotencyKey } from '../../core/stripe/idempotency-key.ts';
import type { CheckoutSessionRef } from '../../commands/checkout/create.ts';
import { checkoutSessionFields } from '../../commands/checkout/session-fields.ts';
import { METADATA } from '../../core/config/stripe-keys.ts';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { CREDIT_METADATA } from './metadata.ts';
import { fromMicros, toMicros } from '../../core/lib/micros.ts';
import { findPack, findSystem, optionalCreditSystem, type ResolvedSystem } from './systems.ts';

export const buyCreditsInput = z.object({
  ...checkoutSessionFields,
  system: optionalCreditSystem(),
  /** A pack key of the credit system (what a customer token may choose). */
  pack: text(INPUT_LIMITS.key).optional(),
  /** A custom amount in minor units (secret key only), within the system's `customAmount` bounds (checked against the config). */
  amount: z.number().optional(),
});
export type BuyCreditsInput = z.input<typeof buyCreditsInput>;

interface Priced {
  pack: string;
  micros: number;
  price: number;
  name: string;
  expiresAfterDays: number | undefined;
}

function unitName(system: ResolvedSystem, micros: number): string {
  const unit = system.definition.unit ?? 'credit';
  const credits = fromMicros(micros);
  return `${credits.toLocaleString('en-US', { maximumFractionDigits: 6 })} ${credits === 1 ? unit : `${unit}s`}`;
}

function priced(system: ResolvedSystem, input: BuyCreditsInput): Result<Priced, AppError> {
  if ((input.pack === undefined) === (input.amount === undefined)) {
    return err(appError('validation_failed', 'pass either pack or amount', input.pack === undefined ? 'pack' : 'amount'));
  }
  if (input.pack !== undefined) {
    const pack = findPack(system, input.pack);
    if (!pack.ok) return pack;
    const { micros, price, name, expiresAfterDays } = pack.value;
    return ok({ pack: input.pack, micros, price, name: name ?? unitName(system, micros), expiresAfterDays });
  }
  const custom = system.definition.customAmount;
  if (!custom) return err(appError('validation_failed', `credit system "${system.key}" sells no custom amounts (add customAmount to the config)`, 'amount'));
  const amount = input.amount;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < custom.min || amount > custom.max) {
    return err(appError('validation_failed', `amount must be a whole number of minor units from ${custom.min} to ${custom.max}`, 'amount'));
  }
  // credits per `per` minor units, in micro-credits, exact: (amount x credits x 10^6) / per, rounded down.
  const micros = Number((BigInt(amount) * BigInt(toMicros(custom.credits) ?? 0)) / BigInt(custom.per));
  if (micros <= 0) return err(appError('validation_failed', 'amount buys no credits', 'amount'));
  return ok({ pack: 'custom', micros, price: amount, name: unitName(system, micros), expiresAfterDays: undefined });
}

/**
 * Hosted Checkout (a one-time payment) for a pack of credits from the config,
 * or, with a secret key, a custom amount within the config's bounds. The
 * price is the config's, never the browser's. When the session is paid the
 * mirror grants the credits once, in the transaction that records the
 * purchase (`grantPurchasedCredits`), whatever the order or repetition of
 * the webhooks. The receipt is Stripe's.
 */
export const buyCredits = operation(buyCreditsInput, async (deps: Deps, input): Promise<Result<CheckoutSessionRef, AppError>> => {
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const item = priced(system.value, input);
  if (!item.ok) return item;
  const customer = await getOrCreateCustomer(deps, { externalId: input.customer, email: input.email });
  if (!customer.ok) return customer;
  const tags: Record<string, string> = {
    [METADATA.externalId]: input.customer,
    [CREDIT_METADATA.system]: system.value.key,
    [CREDIT_METADATA.pack]: item.value.pack,
    [CREDIT_METADATA.micros]: String(item.value.micros),
  };
  if (item.value.expiresAfterDays !== undefined) tags[CREDIT_METADATA.expiresAfterDays] = String(item.value.expiresAfterDays);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    customer: customer.value.customer.stripeCustomerId,
    client_reference_id: input.customer,
    line_items: [
      { price_data: { currency: deps.config.currency ?? 'usd', unit_amount: item.value.price, product_data: { name: item.value.name } }, quantity: 1 },
    ],
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    metadata: tags,
    payment_intent_data: { metadata: tags },
  };
  const session = await deps.stripe.checkout.sessions.create(params, { idempotencyKey: sessionIdempotencyKey('credits', deps.clock, params) });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  return ok({ id: session.id, url: session.url });
});
