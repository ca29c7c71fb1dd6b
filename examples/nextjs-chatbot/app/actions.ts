'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { addAgent, LISTINGS, listAgents, removeAgent } from '../lib/agents.ts';
import { billing } from '../lib/billing.ts';
import { tollgate } from '../lib/engine.ts';
import { appOrigin, requireUser, USER_COOKIE } from '../lib/session.ts';

type ActionResult = { url: string } | { error: { code: string; message: string; param?: string } };

const refusal = (e: { code: string; message: string; param?: string }): ActionResult => ({
  error: { code: e.code, message: e.message, ...(e.param ? { param: e.param } : {}) },
});

/** Seed 004's createCheckoutSession: hosted Checkout for a plan of the config (monthly). */
export async function createCheckoutSession(plan: string, interval?: 'month' | 'year'): Promise<ActionResult> {
  const user = await requireUser();
  const { deps } = await billing();
  const { createCheckout } = await tollgate();
  const session = await createCheckout(deps, {
    customer: user,
    plan,
    interval: interval ?? 'month',
    selfService: true,
    successUrl: `${appOrigin()}/billing?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${appOrigin()}/pricing?canceled=true`,
  });
  return session.ok ? { url: session.value.url } : refusal(session.error);
}

/** Seed 004's createBillingPortalSession: change plan, card, invoices, cancel. */
export async function createBillingPortalSession(): Promise<ActionResult> {
  const user = await requireUser();
  const { deps } = await billing();
  const { createPortalSession } = await tollgate();
  const session = await createPortalSession(deps, { customer: user, returnUrl: `${appOrigin()}/billing` });
  return session.ok ? { url: session.value.url } : refusal(session.error);
}

/** Buys another user's agent once: Checkout with the seller's price as price_data; refused when already owned. */
export async function buyAgent(agentId: string): Promise<ActionResult> {
  const user = await requireUser();
  const listing = LISTINGS.find((l) => l.id === agentId);
  if (!listing) return { error: { code: 'not_found', message: 'No such agent in the marketplace', param: 'agentId' } };
  const { deps } = await billing();
  const { createPurchaseCheckout } = await tollgate();
  // The engine refuses what the buyer owns (409 already_owned, nothing written, no Stripe call): the app only words it.
  const session = await createPurchaseCheckout(deps, {
    customer: user,
    amount: { amount: listing.price, currency: 'usd', name: listing.name },
    metadata: { agent_id: listing.id },
    successUrl: `${appOrigin()}/marketplace?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${appOrigin()}/marketplace?canceled=true`,
  });
  if (session.ok) return { url: session.value.url };
  return session.error.code === 'already_owned'
    ? { error: { code: 'already_owned', message: `You already own ${listing.name}.`, param: 'agentId' } }
    : refusal(session.error);
}

export type AgentResult = { ok: true } | { error: { code: string; message: string } };

/** Creates an agent against the plan's agent gauge (refused at the limit). */
export async function createAgent(name: string): Promise<AgentResult> {
  const user = await requireUser();
  const trimmed = name.trim().slice(0, 60);
  if (trimmed === '') return { error: { code: 'validation_failed', message: 'Name your agent' } };
  const { deps } = await billing();
  const { incrementGauge } = await tollgate();
  const id = deps.ids.next('agt');
  const moved = await incrementGauge(deps, { customer: user, feature: 'agents', idempotencyKey: id });
  if (!moved.ok)
    return {
      error: {
        code: moved.error.code,
        message:
          moved.error.code === 'limit_reached'
            ? `Agent limit reached: your plan allows ${typeof moved.error.details?.limit === 'number' ? moved.error.details.limit : 'no more'}.`
            : moved.error.message,
      },
    };
  addAgent(user, { id, name: trimmed });
  return { ok: true };
}

export async function deleteAgent(id: string): Promise<AgentResult> {
  const user = await requireUser();
  if (!listAgents(user).some((a) => a.id === id)) return { error: { code: 'not_found', message: 'No such agent' } };
  const { deps } = await billing();
  const { decrementGauge } = await tollgate();
  const moved = await decrementGauge(deps, { customer: user, feature: 'agents', idempotencyKey: `delete_${id}` });
  if (!moved.ok) return { error: { code: moved.error.code, message: moved.error.message } };
  removeAgent(user, id);
  return { ok: true };
}

/** The example's sign-in: any name (letters, digits, _ and -) becomes the user id. */
export async function signIn(form: FormData): Promise<void> {
  const raw = form.get('user');
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[a-z0-9_-]{1,40}$/i.test(name)) redirect('/signin?error=1');
  (await cookies()).set(USER_COOKIE, name, { httpOnly: true, sameSite: 'lax', path: '/' });
  redirect('/');
}
