import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { idText, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { fromMicros, parseCredits } from '../../core/lib/micros.ts';
import { findSystem } from './systems.ts';

export const setSpendCapInput = z.object({
  customer: idText(),
  /** `overage` (metered overage, minor units) or a credit system's key (credits burned). */
  scope: text(INPUT_LIMITS.key).describe('"overage" or a credit system key'),
  /** The cap per billing period (null: no cap for this customer, whatever the plan says); checked against the scope. */
  cap: z.number().nullable(),
  /** Drop the customer's own cap: the plan's default applies again (`cap` is then ignored). */
  usePlanDefault: z.boolean().optional().describe("Drop the customer's own cap: the plan's default applies"),
});
export type SetSpendCapInput = z.input<typeof setSpendCapInput>;

export interface SpendCapSetting {
  customer: string;
  scope: string;
  /** Minor units for `overage`, credits for a credit system; null: no cap. */
  cap: number | null;
  /** Whose cap applies: the customer's own, or the plan's default. */
  source: 'customer' | 'plan';
}

/**
 * Sets a customer's spend cap per billing period for a scope, raising or
 * lowering the plan's default (or removing any cap). It applies to the next
 * `consume` on every node: debits read it in the statement that decides them.
 */
export const setSpendCap = operation(setSpendCapInput, async (deps: Deps, input): Promise<Result<SpendCapSetting, AppError>> => {
  if (input.scope !== 'overage') {
    const system = findSystem(deps.config, input.scope, 'scope');
    if (!system.ok) return system;
  }
  const now = deps.clock.now().toISOString();
  if (input.usePlanDefault === true) {
    await deps.db.execute(sql`delete from spend_caps where customer_id = ${input.customer} and scope = ${input.scope}`);
    return ok({ customer: input.customer, scope: input.scope, cap: null, source: 'plan' });
  }
  let stored: number | null = null;
  if (input.cap !== null) {
    if (input.scope === 'overage') {
      if (typeof input.cap !== 'number' || !Number.isSafeInteger(input.cap) || input.cap < 0 || input.cap > 99_999_999_999) {
        return err(appError('validation_failed', 'cap is a whole amount in minor units, from 0 to 99,999,999,999, or null for none.', 'cap'));
      }
      stored = input.cap;
    } else {
      const micros = parseCredits(input.cap, 'cap', { allowZero: true });
      if (!micros.ok) return err(micros.error);
      stored = micros.micros;
    }
  }
  await deps.db.execute(sql`
    insert into spend_caps (customer_id, scope, cap, updated_at) values (${input.customer}, ${input.scope}, ${stored}, ${now}::timestamptz)
    on conflict (customer_id, scope) do update set cap = excluded.cap, updated_at = excluded.updated_at`);
  const shown = stored === null ? null : input.scope === 'overage' ? stored : fromMicros(stored);
  return ok({ customer: input.customer, scope: input.scope, cap: shown, source: 'customer' });
});
