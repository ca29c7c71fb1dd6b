import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { backoffMs } from './meter-event.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { createMeterEventStream, type MeterEventStream } from './meter-event-stream.ts';
import { sendStreamReports } from './send-stream.ts';
import { isDuplicateIdentifier, isRetryable, type Outcome, type ReportRow } from './report-row.ts';

export { isDuplicateIdentifier, isRetryable } from './report-row.ts';

export interface SendOptions {
  limiter: RateLimiter;
  /** Reports claimed per call (default 500). */
  batchSize?: number;
  /** How long a claimed report is this node's before another may take it (default 60 s). */
  leaseMs?: number;
  /**
   * Sends the reports of features configured with `reporting: 'stream'`
   * (default: a new stream, with its own session, per call; the reporter
   * keeps one across rounds).
   */
  stream?: MeterEventStream;
}

export interface SendResult {
  sent: number;
  /** Refused for now (429, 5xx, network): rescheduled with backoff. */
  retrying: number;
  /** Refused for good (4xx): marked `failed` (or `expired` when too old) with the error, logged. */
  failed: number;
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
 * flight per customer and meter, oldest window first and in seq order within
 * one (a deterministic order: backoff follows the same report); a retryable refusal stops that
 * customer's meter for this round and reschedules it with exponential backoff.
 * Features with `reporting: 'stream'` go through the v2 meter event stream
 * instead, up to 100 reports per request (see send-stream.ts).
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
          order by next_attempt_at, event_at, seq limit ${options.batchSize ?? 500}
          for update skip locked)
        returning m.identifier, m.customer_id, m.feature, m.seq, m.stripe_customer_id, m.event_name, m.value, m.event_at, m.attempts`,
  );
  const streamed = claimed.filter((r) => reportsThroughStream(deps, r.feature));
  const result: SendResult = { sent: 0, retrying: 0, failed: 0 };
  const streaming =
    streamed.length > 0 ? sendStreamReports(deps, options.stream ?? createMeterEventStream(deps, options.limiter), streamed, result) : Promise.resolve();
  const groups = new Map<string, ReportRow[]>();
  for (const r of claimed) {
    if (streamed.length > 0 && reportsThroughStream(deps, r.feature)) continue;
    const key = `${r.customer_id}\u0000${r.feature}`;
    const group = groups.get(key) ?? [];
    group.push(r);
    groups.set(key, group);
  }
  await Promise.all([
    streaming,
    ...[...groups.values()].map(async (group) => {
      // Oldest window first (nearest Stripe's 35-day limit), then its reports in seq order.
      group.sort((a, b) => new Date(a.event_at).getTime() - new Date(b.event_at).getTime() || a.seq - b.seq);
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
  ]);
  return result;
}

/** True when the config reports this feature through the v2 meter event stream. */
export function reportsThroughStream(deps: Deps, feature: string): boolean {
  const definition = deps.config.features[feature];
  return definition?.type === 'metered' && definition.reporting === 'stream';
}
