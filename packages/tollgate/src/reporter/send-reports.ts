import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { queryRows } from '../db/rows.ts';
import { unixSeconds } from '../lib/clock.ts';
import type { Deps } from '../lib/deps.ts';
import { backoffMs } from './meter-event.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface SendOptions {
  limiter: RateLimiter;
  /** Reports claimed per call (default 500). */
  batchSize?: number;
  /** How long a claimed report is this node's before another may take it (default 60 s). */
  leaseMs?: number;
}

export interface SendResult {
  sent: number;
  /** Refused for now (429, 5xx, network): rescheduled with backoff. */
  retrying: number;
  /** Refused for good (4xx): marked `failed` (or `expired` when too old) with the error, logged. */
  failed: number;
}

interface ReportRow extends Record<string, unknown> {
  identifier: string;
  customer_id: string;
  feature: string;
  seq: number;
  stripe_customer_id: string;
  event_name: string;
  value: string | number;
  event_at: Date | string;
  attempts: number;
}

type Outcome = 'sent' | 'retry' | 'failed' | 'expired';

/** 429, 5xx and network failures are worth retrying; other refusals are not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof Stripe.errors.StripeRateLimitError) return true;
  if (error instanceof Stripe.errors.StripeConnectionError) return true;
  if (error instanceof Stripe.errors.StripeAPIError) return true;
  if (error instanceof Stripe.errors.StripeError) return (error.statusCode ?? 500) >= 500 || error.statusCode === 429;
  return true;
}

/** Stripe refusing an identifier it has already seen means the event is there. */
export function isDuplicateIdentifier(error: unknown): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    (error.code === 'resource_already_exists' || /identifier/i.test(error.message) && /already|duplicate|exists/i.test(error.message))
  );
}

async function sendOne(deps: Deps, limiter: RateLimiter, r: ReportRow): Promise<Outcome> {
  await limiter.acquire();
  let outcome: Outcome = 'sent';
  let message: string | null = null;
  try {
    await deps.stripe.billing.meterEvents.create({
      event_name: r.event_name,
      identifier: r.identifier,
      timestamp: unixSeconds(new Date(r.event_at)),
      payload: { stripe_customer_id: r.stripe_customer_id, value: String(r.value) },
    });
  } catch (error) {
    if (isDuplicateIdentifier(error)) outcome = 'sent';
    else if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'timestamp_too_far_in_past') {
      outcome = 'expired';
      message = error.message;
    } else {
      outcome = isRetryable(error) ? 'retry' : 'failed';
      message = error instanceof Error ? error.message : String(error);
    }
  }
  const now = deps.clock.now();
  if (outcome === 'sent') {
    await deps.db.execute(sql`update meter_reports set status = 'sent', sent_at = ${now.toISOString()}::timestamptz,
      attempts = attempts + 1, last_error = null where identifier = ${r.identifier}`);
  } else {
    const next = new Date(now.getTime() + backoffMs(r.attempts + 1));
    await deps.db.execute(sql`update meter_reports set status = ${outcome === 'retry' ? 'pending' : outcome},
      attempts = attempts + 1, last_error = ${message}, next_attempt_at = ${next.toISOString()}::timestamptz
      where identifier = ${r.identifier}`);
    if (outcome !== 'retry') deps.log.error('usage: Stripe refused a meter event', { identifier: r.identifier, status: outcome, error: message });
  }
  return outcome;
}

/**
 * Sends pending meter reports to Stripe. Reports are claimed with a lease
 * (`skip locked`), then sent under the rate limiter with at most one call in
 * flight per customer and meter, in seq order; a retryable refusal stops that
 * customer's meter for this round and reschedules it with exponential backoff.
 * A crash after Stripe accepted but before `sent` was written resends the same
 * identifier, which Stripe deduplicates.
 */
export async function sendMeterReports(deps: Deps, options: SendOptions): Promise<SendResult> {
  const now = deps.clock.now();
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  const claimed = await queryRows<ReportRow>(
    deps.db,
    sql`update meter_reports m set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz
        where m.identifier in (
          select identifier from meter_reports
          where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
          order by next_attempt_at limit ${options.batchSize ?? 500}
          for update skip locked)
        returning m.identifier, m.customer_id, m.feature, m.seq, m.stripe_customer_id, m.event_name, m.value, m.event_at, m.attempts`,
  );
  const groups = new Map<string, ReportRow[]>();
  for (const r of claimed) {
    const key = `${r.customer_id}\u0000${r.feature}`;
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  await Promise.all(
    [...groups.values()].map(async (group) => {
      group.sort((a, b) => a.seq - b.seq);
      for (const [i, r] of group.entries()) {
        const outcome = await sendOne(deps, options.limiter, r);
        if (outcome === 'sent') result.sent += 1;
        else if (outcome === 'failed' || outcome === 'expired') result.failed += 1;
        else {
          // Leave the rest of this customer's meter for the next round, in order.
          const rest = group.slice(i);
          result.retrying += rest.length;
          const ids = JSON.stringify(rest.slice(1).map((x) => x.identifier));
          const after = new Date(deps.clock.now().getTime() + backoffMs(r.attempts + 1)).toISOString();
          await deps.db.execute(sql`update meter_reports set next_attempt_at = ${after}::timestamptz
            where identifier in (select jsonb_array_elements_text(${ids}::jsonb))`);
          return;
        }
      }
    }),
  );
  return result;
}
