import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { reverseCredits } from '../credits/reverse.ts';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { type EventRow, eventFromRow, reversalInput, reversalKey, type UsageEvent } from './event.ts';

/** The customer and the idempotency key the event was tracked (or consumed) with. */
export const reverseUsageInput = reversalInput('The key the event was recorded with');
export type ReverseInput = z.input<typeof reverseUsageInput>;

/**
 * Takes back a tracked event: appends a reversal row (the negative amount, in
 * the original's window) and lowers that window's counter, billable overage
 * included, in one statement. Reversing twice returns the first reversal.
 * Overage already reported to Stripe is not taken back there; the reporter
 * flags a window whose billable falls below what it reported.
 */
export const reverseUsage = operation(reverseUsageInput, async (deps: Deps, input): Promise<Result<UsageEvent, AppError>> => {
  const now = deps.clock.now().toISOString();
  const id = deps.ids.next('usg');
  const rkey = reversalKey(input.idempotencyKey);
  const rows = await queryRows<EventRow & { billable_after: string | number | null; reported_after: string | number | null }>(
    deps.db,
    sql`with orig as (
          select id, feature, amount, window_key from usage_events
          where customer_id = ${input.customer} and idempotency_key = ${input.idempotencyKey} and reverses_id is null
        ), ins as (
          insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key, reverses_id)
          select ${id}, ${input.customer}, feature, -amount, ${rkey}, ${now}::timestamptz, ${now}::timestamptz, window_key, id from orig
          on conflict (customer_id, idempotency_key) do nothing
          returning *
        ), upd as (
          update usage_counters u set
            used = u.used + ins.amount,
            billable = case when u.soft and u.included is not null then greatest(0, u.billable
              - (greatest(0, u.used - u.included) - greatest(0, u.used + ins.amount - u.included))) else u.billable end,
            updated_at = ${now}::timestamptz
          from ins where u.customer_id = ins.customer_id and u.feature = ins.feature and u.window_key = ins.window_key
          returning u.billable, u.reported
        )
        select ins.*, (select billable from upd) as billable_after, (select reported from upd) as reported_after from ins`,
  );
  const created = rows[0];
  if (created) {
    if (Number(created.billable_after ?? 0) < Number(created.reported_after ?? 0)) {
      // Overage already sent to Stripe is not taken back there (meter events are only cancellable for 24 h).
      deps.log.warn('usage: reversal of overage already reported to Stripe', {
        customer: input.customer,
        idempotencyKey: input.idempotencyKey,
        window: created.window_key,
        overReported: Number(created.reported_after) - Number(created.billable_after),
      });
    }
    return ok(eventFromRow(created, false));
  }
  const [existing] = await queryRows<EventRow>(deps.db, sql`select * from usage_events where customer_id = ${input.customer} and idempotency_key = ${rkey}`);
  if (existing) return ok(eventFromRow(existing, true));
  // A consume of a feature priced in credits is a debit of the credit ledger: its credits go back to their grants.
  const credit = await reverseCredits(deps, input);
  if (credit.ok) {
    const m = credit.value;
    return ok({
      id: m.id,
      customer: m.customer,
      feature: m.feature ?? '',
      amount: -(m.units ?? 0),
      idempotencyKey: m.idempotencyKey,
      timestamp: m.occurredAt,
      recordedAt: m.recordedAt,
      windowKey: m.windowKey ?? '',
      properties: null,
      reversesId: m.reversesId,
      duplicate: m.duplicate,
    });
  }
  if (credit.error.code !== 'not_found') return credit;
  return err(appError('not_found', `No usage event with idempotency key "${input.idempotencyKey}" for this customer.`, 'idempotencyKey'));
});
