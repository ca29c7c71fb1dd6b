import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import type { Deps } from '../../core/lib/deps.ts';
import { backoffMs } from './meter-event.ts';
import { MAX_STREAM_EVENTS, type MeterEventStream, type StreamEvent } from './meter-event-stream.ts';
import { isRetryable, type ReportRow } from './report-row.ts';

interface Tally {
  sent: number;
  retrying: number;
  failed: number;
}

function streamEvent(r: ReportRow): StreamEvent {
  return {
    event_name: r.event_name,
    identifier: r.identifier,
    timestamp: new Date(r.event_at).toISOString(),
    payload: { stripe_customer_id: r.stripe_customer_id, value: String(r.value) },
  };
}

/** The event a refusal names (`events[3][timestamp]` -> 3), when it names one. */
function refusedIndex(error: unknown): number | null {
  if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) return null;
  const match = /^events\[(\d+)\]/.exec(error.param ?? '');
  return match ? Number(match[1]) : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function markSent(deps: Deps, rows: ReportRow[]): Promise<void> {
  const ids = JSON.stringify(rows.map((r) => r.identifier));
  await deps.db.execute(sql`update meter_reports set status = 'sent', sent_at = ${deps.clock.now().toISOString()}::timestamptz,
    attempts = attempts + 1, last_error = null where identifier in (select jsonb_array_elements_text(${ids}::jsonb))`);
}

/** Reschedules reports with each one's exponential backoff. */
async function markRetry(deps: Deps, rows: ReportRow[], message: string): Promise<void> {
  const now = deps.clock.now().getTime();
  const due = JSON.stringify(rows.map((r) => ({ i: r.identifier, at: new Date(now + backoffMs(r.attempts + 1)).toISOString() })));
  await deps.db.execute(sql`update meter_reports m set status = 'pending', attempts = m.attempts + 1, last_error = ${message},
    next_attempt_at = d.at from jsonb_to_recordset(${due}::jsonb) as d(i text, at timestamptz) where m.identifier = d.i`);
}

async function markRefused(deps: Deps, rows: ReportRow[], status: 'failed' | 'expired', message: string): Promise<void> {
  const ids = JSON.stringify(rows.map((r) => r.identifier));
  await deps.db.execute(sql`update meter_reports set status = ${status}, attempts = attempts + 1, last_error = ${message}
    where identifier in (select jsonb_array_elements_text(${ids}::jsonb))`);
  deps.log.error('usage: Stripe refused meter events', { identifiers: rows.map((r) => r.identifier), status, error: message });
}

/**
 * Sends one request's worth of reports. A refusal naming one event (Stripe
 * checks the stream asynchronously; the emulator and an invalid request
 * answer at once) marks that report and resends the rest: events before it
 * may already be recorded, and their identifiers make the resend a no-op.
 */
async function sendChunk(deps: Deps, stream: MeterEventStream, rows: ReportRow[], tally: Tally): Promise<void> {
  let pending = rows;
  while (pending.length > 0) {
    try {
      await stream.send(pending.map(streamEvent));
      await markSent(deps, pending);
      tally.sent += pending.length;
      return;
    } catch (error) {
      const bad = refusedIndex(error);
      const refused = bad === null ? undefined : pending[bad];
      if (refused) {
        const code = error instanceof Stripe.errors.StripeError ? error.code : undefined;
        await markRefused(deps, [refused], code === 'timestamp_too_far_in_past' ? 'expired' : 'failed', messageOf(error));
        tally.failed += 1;
        pending = pending.filter((r) => r !== refused);
      } else if (isRetryable(error)) {
        await markRetry(deps, pending, messageOf(error));
        tally.retrying += pending.length;
        return;
      } else {
        await markRefused(deps, pending, 'failed', messageOf(error));
        tally.failed += pending.length;
        return;
      }
    }
  }
}

/**
 * Sends claimed reports through the v2 meter event stream, up to 100 per
 * request (requests in parallel under the stream's rate limiter), with at most
 * one request in flight per customer and meter: a customer x meter with
 * several reports (windows, deltas) has them in successive waves, one per
 * wave, and each wave's requests finish before the next starts. A retryable
 * failure (429, 5xx, network) reschedules that request's reports with
 * backoff; the same identifiers go again, so nothing is billed twice.
 */
export async function sendStreamReports(deps: Deps, stream: MeterEventStream, rows: ReportRow[], tally: Tally): Promise<void> {
  for (const wave of waves(rows)) {
    const chunks: ReportRow[][] = [];
    for (let i = 0; i < wave.length; i += MAX_STREAM_EVENTS) chunks.push(wave.slice(i, i + MAX_STREAM_EVENTS));
    await Promise.all(chunks.map((chunk) => sendChunk(deps, stream, chunk, tally)));
  }
}

/** Wave n holds the n-th report (by time, then seq) of every customer x meter: no wave has two of one. */
function waves(rows: ReportRow[]): ReportRow[][] {
  const groups = new Map<string, ReportRow[]>();
  for (const r of rows) {
    const key = `${r.customer_id}\u0000${r.event_name}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const out: ReportRow[][] = [];
  for (const group of groups.values()) {
    group.sort((a, b) => new Date(a.event_at).getTime() - new Date(b.event_at).getTime() || a.seq - b.seq);
    group.forEach((r, i) => (out[i] ??= []).push(r));
  }
  return out;
}
