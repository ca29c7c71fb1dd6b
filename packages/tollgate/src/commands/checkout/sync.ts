import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import { purchases } from '../../core/db/schema/purchases.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import type { PurchaseRow, SubscriptionRow } from '../../core/db/row-types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { appId, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { parseInput } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { customers } from '../../core/db/schema/customers.ts';

export interface SyncedCheckout {
  id: string;
  mode: Stripe.Checkout.Session.Mode;
  status: Stripe.Checkout.Session.Status | null;
  paymentStatus: Stripe.Checkout.Session.PaymentStatus;
  /** The mirrored subscription (subscription mode, once complete). */
  subscription: SubscriptionRow | null;
  /** The mirrored purchase (payment mode). */
  purchase: PurchaseRow | null;
}

export const syncCheckoutSessionInput = z.object({
  id: text(INPUT_LIMITS.id).startsWith('cs_', { error: 'must be a Checkout Session id (cs_...)' }),
  /**
   * The app's id of the signed-in customer. When given, a session that is not
   * theirs (its `client_reference_id` and its Stripe customer both belong to
   * someone else) is `not_found` and nothing is applied: a success page must
   * never show, or even confirm, another customer's checkout.
   */
  customer: appId().optional(),
});
export type SyncCheckoutSessionInput = z.input<typeof syncCheckoutSessionInput>;
export type SyncCheckoutOptions = Omit<SyncCheckoutSessionInput, 'id'>;

/**
 * For the success page: fetches the Checkout Session from Stripe (with its
 * subscription and line items) and applies it through the mirror, so the app
 * shows the new plan before the webhook arrives. Safe to call repeatedly and
 * in any order with the webhook. Pass `{ customer }` whenever the session id
 * came from a browser.
 */
export async function syncCheckoutSession(deps: Deps, id: string, options: SyncCheckoutOptions = {}): Promise<Result<SyncedCheckout, AppError>> {
  const input = parseInput(syncCheckoutSessionInput, { ...options, id });
  if (!input.ok) return input;
  const { customer } = input.value;
  let session: Stripe.Checkout.Session;
  try {
    session = await deps.stripe.checkout.sessions.retrieve(id, { expand: ['subscription', 'line_items'] });
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return err(appError('not_found', `no Checkout Session "${id}"`, 'id'));
    throw e;
  }
  if (customer !== undefined && !(await belongsTo(deps, session, customer)))
    return err(appError('not_found', `no Checkout Session "${id}" for this customer`, 'id'));
  await applyStripeObject(deps, session);
  const subscriptionId = typeof session.subscription === 'string' ? session.subscription : (session.subscription?.id ?? null);
  const [subscription] = subscriptionId ? await deps.db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)) : [];
  const [purchase] = session.mode === 'payment' ? await deps.db.select().from(purchases).where(eq(purchases.id, session.id)) : [];
  return ok({
    id: session.id,
    mode: session.mode,
    status: session.status,
    paymentStatus: session.payment_status,
    subscription: subscription ?? null,
    purchase: purchase ?? null,
  });
}

/** Whether the session is the customer's: Tollgate's sessions carry the app's id; others are matched by Stripe customer. */
async function belongsTo(deps: Deps, session: Stripe.Checkout.Session, customer: string): Promise<boolean> {
  if (session.client_reference_id !== null) return session.client_reference_id === customer;
  const stripeCustomer = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null);
  if (stripeCustomer === null) return false;
  const [row] = await deps.db.select({ id: customers.stripeCustomerId }).from(customers).where(eq(customers.externalId, customer));
  return row?.id === stripeCustomer;
}
