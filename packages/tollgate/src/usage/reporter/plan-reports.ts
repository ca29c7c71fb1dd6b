import { type SQL, sql } from 'drizzle-orm';
import { meterEventName } from '../../core/config/stripe-keys.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { eventTimestamp, isTooLate, meterIdentifier } from './meter-event.ts';

export interface PlanOptions {
  /** Counters handled per call (default 500). */
  limit?: number;
  /**
   * How often usage in a window still open goes to Stripe, in ms (default one
   * hour): at most one report per counter per interval while the window is
   * open, then what is left as soon as it closes. `Infinity` waits for windows
   * to close; 0 reports at every round.
   */
  openWindowIntervalMs?: number;
}

/** Default of `openWindowIntervalMs`: Stripe's upcoming invoices and dashboards stay within the hour. */
export const DEFAULT_OPEN_WINDOW_INTERVAL_MS = 3_600_000;

export interface PlanResult {
  planned: number;
  /** Windows older than Stripe accepts: recorded as `expired` and logged, not sent. */
  expired: number;
}

interface DueRow extends Record<string, unknown> {
  customer_id: string;
  feature: string;
  window_key: string;
  window_end: Date | string;
  billable: string | number;
  reported: string | number;
  stripe_customer_id: string;
  seq: string | number;
}

/**
 * Turns billable usage not yet reported into meter reports, in one
 * transaction with advancing each counter's `reported` cursor: the first
 * report of a window carries its whole billable amount (seq 0), later usage
 * in the same window becomes a delta (seq 1, 2...). A counter is due when its
 * window has closed, or when its last report (or, before any, the window's
 * start) is `openWindowIntervalMs` old: so a steady stream of usage costs
 * each customer x meter x window at most one Stripe call per interval plus
 * one at the close, however often the reporter runs. Only customers with a
 * Stripe customer id are billed. Counters are locked `skip locked`, so
 * several nodes plan without overlap.
 */
export async function planMeterReports(deps: Deps, options: PlanOptions = {}): Promise<PlanResult> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  return deps.db.transaction(async (tx) => {
    const due = await queryRows<DueRow>(
      tx,
      sql`select u.customer_id, u.feature, u.window_key, u.window_end, u.billable, u.reported, c.stripe_customer_id, r.seq
          from usage_counters u
          join customers c on c.external_id = u.customer_id and c.stripe_customer_id is not null and not c.deleted
          cross join lateral (select count(*) as seq, max(m.created_at) as last_at from meter_reports m
            where m.customer_id = u.customer_id and m.feature = u.feature and m.window_key = u.window_key) r
          where u.soft and u.billable > u.reported
            and (u.window_end <= ${nowIso}::timestamptz${openDue(now, options.openWindowIntervalMs ?? DEFAULT_OPEN_WINDOW_INTERVAL_MS)})
          order by u.window_end
          limit ${options.limit ?? 500}
          for update of u skip locked`,
    );
    if (due.length === 0) return { planned: 0, expired: 0 };
    let expired = 0;
    const reports = due.map((d) => {
      const eventAt = eventTimestamp(new Date(d.window_end), now);
      const late = isTooLate(eventAt, now);
      if (late) {
        expired += 1;
        deps.log.warn('usage: billable usage too old for Stripe meters, not reported', {
          customer: d.customer_id,
          feature: d.feature,
          window: d.window_key,
          units: Number(d.billable) - Number(d.reported),
        });
      }
      const seq = Number(d.seq);
      return {
        identifier: meterIdentifier(d.customer_id, d.feature, d.window_key, seq),
        customer_id: d.customer_id,
        feature: d.feature,
        window_key: d.window_key,
        seq,
        stripe_customer_id: d.stripe_customer_id,
        event_name: meterEventName(d.feature),
        value: Number(d.billable) - Number(d.reported),
        billable: Number(d.billable),
        event_at: eventAt.toISOString(),
        status: late ? 'expired' : 'pending',
      };
    });
    const payload = JSON.stringify(reports);
    await tx.execute(sql`
      with r as (
        select * from jsonb_to_recordset(${payload}::jsonb) as t(identifier text, customer_id text, feature text, window_key text,
          seq integer, stripe_customer_id text, event_name text, value bigint, billable bigint, event_at timestamptz, status text)
      ), ins as (
        insert into meter_reports (identifier, customer_id, feature, window_key, seq, stripe_customer_id, event_name, value,
          event_at, status, attempts, next_attempt_at, created_at)
        select identifier, customer_id, feature, window_key, seq, stripe_customer_id, event_name, value, event_at, status, 0,
          ${nowIso}::timestamptz, ${nowIso}::timestamptz
        from r
        returning 1
      )
      update usage_counters u set reported = r.billable
      from r where u.customer_id = r.customer_id and u.feature = r.feature and u.window_key = r.window_key`);
    return { planned: reports.length - expired, expired };
  });
}

/** The SQL that makes an open window due: its last report (or its start) is an interval old. */
function openDue(now: Date, intervalMs: number): SQL {
  if (intervalMs === Number.POSITIVE_INFINITY) return sql``;
  if (!(intervalMs >= 0)) throw new RangeError('openWindowIntervalMs must be 0 or more');
  const before = new Date(now.getTime() - intervalMs).toISOString();
  return sql` or greatest(r.last_at, u.window_start) <= ${before}::timestamptz`;
}
