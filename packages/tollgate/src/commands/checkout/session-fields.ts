import { appId, emailAddress, httpUrl } from '../../core/lib/input.ts';

/**
 * The fields every hosted Checkout the engine starts takes (a subscription,
 * a one-time purchase, a credit pack): the buyer, where the browser comes
 * back to, and an email to prefill. Spread into each operation's schema.
 */
export const checkoutSessionFields = {
  /** The app's id for the buyer (user or organisation). */
  customer: appId(),
  successUrl: httpUrl(),
  cancelUrl: httpUrl(),
  /** Prefills the new Stripe customer's email. */
  email: emailAddress().optional(),
};
