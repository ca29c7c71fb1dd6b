import { createPurchaseCheckout } from '../../../commands/checkout/create-purchase.ts';
import type { Deps } from '../../../core/lib/deps.ts';
import { type AppError, appError } from '../../../core/lib/errors.ts';
import { err, type Result } from '../../../core/lib/result.ts';
import { DEMO_LISTINGS } from './page.ts';

/**
 * The demo's server action for the marketplace: the price comes from the
 * listing on the server (a money decision is never the browser's), and the
 * engine refuses an agent the customer already owns (409 already_owned).
 */
export async function buyDemoAgent(deps: Deps, customer: string, body: unknown): Promise<Result<{ id: string; url: string }, AppError>> {
  const { agent_id: agentId, return_url: returnUrl } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const listing = DEMO_LISTINGS.find((l) => l.id === agentId);
  if (!listing) return err(appError('not_found', 'no such agent in the marketplace', 'agent_id'));
  if (typeof returnUrl !== 'string' || !/^https?:\/\//.test(returnUrl))
    return err(appError('validation_failed', 'return_url must be an http(s) URL', 'return_url'));
  const back = new URL(returnUrl);
  const started = await createPurchaseCheckout(deps, {
    customer,
    amount: { amount: listing.price, currency: listing.currency, name: listing.name },
    metadata: { agent_id: listing.id },
    successUrl: `${back.origin}/?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${back.origin}/`,
  });
  // The engine's refusal, worded for people as an app would.
  if (!started.ok && started.error.code === 'already_owned') return err({ ...started.error, message: `You already own ${listing.name}.` });
  return started;
}
