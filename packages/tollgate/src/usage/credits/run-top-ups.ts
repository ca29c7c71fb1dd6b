import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { queryRows } from '../../core/db/sql.ts';
import type { TopUpSnapshot } from '../../notify/hooks/types.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { enqueueCustomerHook } from './enqueue-hook.ts';
import { insertGrant } from './insert-grant.ts';
import { CREDIT_METADATA } from './metadata.ts';
import { fromMicros } from '../../core/lib/micros.ts';
import { requestTopUp, topUpIdempotencyKey } from './request-top-up.ts';
import { DEFAULT_PRIORITY } from './systems.ts';
import { inTransaction } from './tx.ts';

interface TopUpRow extends Record<string, unknown> {
  id: string;
  customer_id: string;
  system: string;
  seq: string | number;
  pack: string;
  credits: string | number;
  amount: string | number;
  currency: string;
  attempts: number;
}

export interface RunTopUpsResult {
  charged: number;
  failed: number;
  /** Left pending after a passing failure (Stripe unavailable), for a later run. */
  retrying: number;
}

const MAX_ATTEMPTS = 8;

/**
 * Charges the due auto top-ups: each recorded crossing (and any crossing a
 * crash left unrecorded) is claimed with a lease (one process charges it),
 * then its pack is bought off-session on the customer's saved card through a
 * PaymentIntent whose idempotency key is derived from the crossing, so two
 * processes, a crash after the charge or a retry never charge twice. Paid:
 * the credits are granted (once, keyed by the top-up) with a hook. A declined
 * card or no saved card: the top-up is `failed`, a hook fires, and nothing is
 * retried until the balance crosses the threshold again. Stripe unavailable:
 * retried with backoff, with the same key.
 */
export async function runTopUps(deps: Deps, options: { batch?: number; leaseMs?: number } = {}): Promise<RunTopUpsResult> {
  await recordMissedCrossings(deps);
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000)).toISOString();
  const claimed = await queryRows<TopUpRow>(
    deps.db,
    sql`update credit_topups t set lease_until = ${leaseUntil}::timestamptz, attempts = t.attempts + 1, updated_at = ${now.toISOString()}::timestamptz
        where t.id in (
          select id from credit_topups
          where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
            and (lease_until is null or lease_until <= ${now.toISOString()}::timestamptz)
          order by next_attempt_at, id limit ${options.batch ?? 20}
          for update skip locked)
        returning t.id, t.customer_id, t.system, t.seq, t.pack, t.credits, t.amount, t.currency, t.attempts`,
  );
  const result: RunTopUpsResult = { charged: 0, failed: 0, retrying: 0 };
  for (const topUp of claimed) result[await charge(deps, topUp)] += 1;
  return result;
}

/** Crossings counted on a balance whose top-up row a crash kept from being written. */
async function recordMissedCrossings(deps: Deps): Promise<void> {
  const missed = await queryRows<{ customer_id: string; system: string; topup_seq: string | number }>(
    deps.db,
    sql`select b.customer_id, b.system, b.topup_seq from credit_balances b
        join credit_auto_topups s on s.customer_id = b.customer_id and s.system = b.system and s.enabled
        where b.topup_seq > 0 and not exists (
          select 1 from credit_topups t where t.customer_id = b.customer_id and t.system = b.system and t.seq = b.topup_seq)
        limit 100`,
  );
  for (const m of missed) await requestTopUp(deps, { customer: m.customer_id, system: m.system, seq: Number(m.topup_seq) });
}

async function savedCard(deps: Deps, customer: string): Promise<{ stripeCustomerId: string; paymentMethod: string } | null> {
  const [row] = await queryRows<{ stripe_customer_id: string | null; pm: string | null }>(
    deps.db,
    sql`select c.stripe_customer_id, coalesce(c.default_payment_method_id,
          (select p.id from payment_methods p where p.stripe_customer_id = c.stripe_customer_id and p.type = 'card'
            order by p.stripe_created desc, p.id desc limit 1)) as pm
        from customers c where c.external_id = ${customer} and not c.deleted`,
  );
  return row?.stripe_customer_id && row.pm ? { stripeCustomerId: row.stripe_customer_id, paymentMethod: row.pm } : null;
}

async function charge(deps: Deps, topUp: TopUpRow): Promise<keyof RunTopUpsResult> {
  const card = await savedCard(deps, topUp.customer_id);
  if (!card) return fail(deps, topUp, null, 'no_payment_method', 'The customer has no saved card to charge off-session.');
  const credits = fromMicros(topUp.credits);
  try {
    const intent = await deps.stripe.paymentIntents.create(
      {
        amount: Number(topUp.amount),
        currency: topUp.currency,
        customer: card.stripeCustomerId,
        payment_method: card.paymentMethod,
        off_session: true,
        confirm: true,
        description: `Auto top-up: ${credits} ${topUp.system}`,
        metadata: {
          [CREDIT_METADATA.topUp]: topUp.id,
          [CREDIT_METADATA.system]: topUp.system,
          [CREDIT_METADATA.pack]: topUp.pack,
          tollgate_external_id: topUp.customer_id,
        },
      },
      { idempotencyKey: topUpIdempotencyKey(topUp.id) },
    );
    if (intent.status === 'succeeded') return succeed(deps, topUp, intent.id);
    if (intent.status === 'processing') return later(deps, topUp, `payment ${intent.id} is processing`);
    return fail(
      deps,
      topUp,
      intent.id,
      intent.last_payment_error?.code ?? intent.status,
      intent.last_payment_error?.message ?? `The payment needs ${intent.status}.`,
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      return fail(deps, topUp, error.payment_intent?.id ?? null, error.decline_code ?? error.code ?? 'card_declined', error.message);
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeIdempotencyError) {
      return fail(deps, topUp, null, error.code ?? 'invalid_request', error.message);
    }
    deps.log.warn('credits: auto top-up charge failed for a passing reason; retrying later', { topUp: topUp.id, error: String(error) });
    return topUp.attempts >= MAX_ATTEMPTS ? fail(deps, topUp, null, 'stripe_unavailable', String(error)) : later(deps, topUp, String(error));
  }
}

function snapshot(topUp: TopUpRow, status: string, paymentIntentId: string | null, failureCode: string | null, failureMessage: string | null): TopUpSnapshot {
  return {
    id: topUp.id,
    pack: topUp.pack,
    credits: fromMicros(topUp.credits),
    amount: Number(topUp.amount),
    currency: topUp.currency,
    status,
    paymentIntentId,
    failureCode,
    failureMessage,
  };
}

async function succeed(deps: Deps, topUp: TopUpRow, paymentIntentId: string): Promise<'charged'> {
  await inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    const { grant } = await insertGrant(tx, {
      customer: topUp.customer_id,
      system: topUp.system,
      kind: 'paid',
      priority: DEFAULT_PRIORITY.paid,
      amount: Number(topUp.credits),
      effectiveAt: now,
      expiresAt: null,
      idempotencyKey: `topup:${topUp.id}`,
      paidAmount: Number(topUp.amount),
      currency: topUp.currency,
      source: paymentIntentId,
      metadata: { pack: topUp.pack, topUp: topUp.id },
    });
    const updated = await queryRows<{ id: string }>(
      tx.db,
      sql`update credit_topups set status = 'succeeded', payment_intent_id = ${paymentIntentId}, grant_id = ${grant.id}, lease_until = null,
            updated_at = ${now.toISOString()}::timestamptz
          where id = ${topUp.id} and status = 'pending' returning id`,
    );
    if (updated.length === 0) return;
    await enqueueCustomerHook(tx, topUp.customer_id, 'credits.topup_succeeded', paymentIntentId, {
      customer: topUp.customer_id,
      system: topUp.system,
      topUp: snapshot(topUp, 'succeeded', paymentIntentId, null, null),
    });
  });
  return 'charged';
}

async function fail(deps: Deps, topUp: TopUpRow, paymentIntentId: string | null, code: string, message: string): Promise<'failed'> {
  await inTransaction(deps, async (tx) => {
    const updated = await queryRows<{ id: string }>(
      tx.db,
      sql`update credit_topups set status = 'failed', payment_intent_id = ${paymentIntentId}, failure_code = ${code}, failure_message = ${message.slice(0, 500)},
            lease_until = null, updated_at = ${tx.clock.now().toISOString()}::timestamptz
          where id = ${topUp.id} and status = 'pending' returning id`,
    );
    if (updated.length === 0) return;
    await enqueueCustomerHook(tx, topUp.customer_id, 'credits.topup_failed', paymentIntentId, {
      customer: topUp.customer_id,
      system: topUp.system,
      topUp: snapshot(topUp, 'failed', paymentIntentId, code, message.slice(0, 500)),
    });
  });
  return 'failed';
}

async function later(deps: Deps, topUp: TopUpRow, reason: string): Promise<'retrying'> {
  const now = deps.clock.now();
  const delay = Math.min(2 ** topUp.attempts * 30_000, 3_600_000);
  await deps.db.execute(sql`
    update credit_topups set lease_until = null, next_attempt_at = ${new Date(now.getTime() + delay).toISOString()}::timestamptz,
      failure_message = ${reason.slice(0, 500)}, updated_at = ${now.toISOString()}::timestamptz
    where id = ${topUp.id} and status = 'pending'`);
  return 'retrying';
}
