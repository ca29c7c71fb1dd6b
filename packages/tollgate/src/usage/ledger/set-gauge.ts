import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { badGaugeInput, type GaugeInput, gaugeLimitOrNull, type GaugeValue } from './gauge.ts';

/**
 * Sets a gauge to an absolute value (a sync from the app's own count). Not
 * refused above the cap, since it reports a fact; `check` then answers
 * `limit_reached` until it is back under.
 */
export async function setGauge(deps: Deps, input: GaugeInput & { amount: number }): Promise<Result<GaugeValue, AppError>> {
  if (input.amount === undefined) return err(appError('validation_failed', 'amount (the new value) is required.', 'amount'));
  const problem = badGaugeInput(deps, input, true);
  if (problem) return err(problem);
  const now = deps.clock.now().toISOString();
  await queryRows(
    deps.db,
    sql`insert into usage_gauges (customer_id, feature, value, updated_at)
        values (${input.customer}, ${input.feature}, ${input.amount}, ${now}::timestamptz)
        on conflict (customer_id, feature) do update set value = excluded.value, updated_at = excluded.updated_at
        returning value`,
  );
  return ok({ customer: input.customer, feature: input.feature, value: input.amount, limit: await gaugeLimitOrNull(deps, input), duplicate: false });
}
