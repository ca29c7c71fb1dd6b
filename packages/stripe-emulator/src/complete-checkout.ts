import type Stripe from 'stripe';
import type { Emulator } from './core/emulator.ts';

export interface CompleteCheckoutOptions {
  /** A test card number (default `4242 4242 4242 4242`; `4000 0000 0000 0002` declines, `4000 0027 6000 3184` asks for 3-D Secure). */
  card?: string;
  /** Sent when the session has neither a customer nor `customer_email` (default `jenny.rosen@example.com`). */
  email?: string;
  name?: string;
  /** Sent when the session must collect an address (automatic tax, `billing_address_collection: required`). Default US 94107. */
  address?: { country: string; postal_code: string; state?: string };
  /** Approve the 3-D Secure page when the card asks for it (default true). */
  authenticate?: boolean;
}

function alerts(html: string): string {
  const found = [...html.matchAll(/role="alert"[^>]*>([^<]*)</g)].map((m) =>
    m[1]!
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
  return found.length > 0 ? found.join('; ') : 'no message';
}

/**
 * Pays a Checkout Session on the emulator's hosted page, as a customer in a
 * browser would (the form post, and the 3-D Secure page when the card asks),
 * then returns the session as the API now shows it. A declined card or a form
 * error rejects with the page's own message.
 */
export async function completeCheckout(
  url: string,
  em: Emulator,
  stripe: Stripe,
  session: string,
  options: CompleteCheckoutOptions = {},
): Promise<Stripe.Checkout.Session> {
  const expiry = `12 / ${new Date(em.clock.now()).getUTCFullYear() + 5}`;
  const address = options.address ?? { country: 'US', postal_code: '94107' };
  const form = new URLSearchParams({
    card_number: options.card ?? '4242 4242 4242 4242',
    card_expiry: expiry,
    card_cvc: '123',
    name: options.name ?? 'Jenny Rosen',
    email: options.email ?? 'jenny.rosen@example.com',
    address_country: address.country,
    address_postal_code: address.postal_code,
    address_state: address.state ?? '',
  });
  const page = `${url}/c/pay/${encodeURIComponent(session)}`;
  let response = await fetch(page, { method: 'POST', body: form, redirect: 'manual' });
  if (response.status === 200) {
    const html = await response.text();
    if (!html.includes('/authenticate')) throw new Error(`Checkout Session ${session} was not paid: ${alerts(html)}`);
    const decision = options.authenticate === false ? 'fail' : 'approve';
    response = await fetch(`${page}/authenticate`, { method: 'POST', body: new URLSearchParams({ decision }), redirect: 'manual' });
  }
  if (response.status !== 303) {
    const html = await response.text();
    throw new Error(`Checkout Session ${session} was not paid (HTTP ${response.status}): ${alerts(html)}`);
  }
  await response.body?.cancel();
  return stripe.checkout.sessions.retrieve(session);
}
