import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { AppError } from '../../core/lib/errors.ts';
import { units } from '../../core/lib/input.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { gaugeInput, gaugeLimitOrNull, type GaugeValue, parseGaugeInput } from './gauge.ts';

/** A gauge and its new value (`amount`, from 0). */
export const setGaugeInput = gaugeInput.extend({ amount: units(0).describe('The new value') });
export type SetGaugeInput = z.input<typeof setGaugeInput>;

/**
 * Sets a gauge to an absolute value (a sync from the app's own count). Not
 * refused above the cap, since it reports a fact; `check` then answers
 * `limit_reached` until it is back under.
 */
export async function setGauge(deps: Deps, raw: SetGaugeInput): Promise<Result<GaugeValue, AppError>> {
  const parsed = parseGaugeInput(deps, setGaugeInput, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
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
