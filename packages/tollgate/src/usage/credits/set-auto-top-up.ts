import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { idText, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';
import { availableMicros, lockBalance } from './lock-balance.ts';
import { fromMicros, parseCredits } from '../../core/lib/micros.ts';
import { requestTopUp } from './request-top-up.ts';
import { findPack, findSystem, optionalCreditSystem } from './systems.ts';
import { inTransaction } from './tx.ts';

export const setAutoTopUpInput = z.object({
  customer: idText(),
  system: optionalCreditSystem(),
  enabled: z.boolean(),
  /** Credits: a debit taking the balance below this buys the pack (default: the config's autoTopUp.threshold). */
  threshold: z.number().describe('Credits, at most six decimals (kept as integer micro-credits)').optional(),
  /** A pack key of the system (default: the config's autoTopUp.pack). */
  pack: text(INPUT_LIMITS.key).optional(),
});
export type SetAutoTopUpInput = z.input<typeof setAutoTopUpInput>;

export interface AutoTopUpSettings {
  customer: string;
  system: string;
  enabled: boolean;
  threshold: number;
  pack: string;
  /** Turned on while already below the threshold: that counts as a crossing, and a top-up was recorded. */
  topUpDue: boolean;
}

/**
 * Turns a customer's auto top-up on or off (secret key: it charges their
 * saved card off-session), with the threshold and pack from the config
 * unless given. Turning it on while the balance is already below the
 * threshold counts as a crossing; repeating the same call does not.
 */
export const setAutoTopUp = operation(setAutoTopUpInput, async (deps: Deps, input): Promise<Result<AutoTopUpSettings, AppError>> => {
  const system = findSystem(deps.config, input.system);
  if (!system.ok) return system;
  const defaults = system.value.definition.autoTopUp;
  const packKey = input.pack ?? defaults?.pack;
  if (packKey === undefined) return err(appError('validation_failed', `pack is required: the config sets no autoTopUp for "${system.value.key}".`, 'pack'));
  const pack = findPack(system.value, packKey);
  if (!pack.ok) return pack;
  const thresholdCredits = input.threshold ?? defaults?.threshold;
  if (thresholdCredits === undefined)
    return err(appError('validation_failed', `threshold is required: the config sets no autoTopUp for "${system.value.key}".`, 'threshold'));
  const threshold = parseCredits(thresholdCredits, 'threshold', { allowZero: true });
  if (!threshold.ok) return err(threshold.error);
  const key = system.value.key;
  const now = deps.clock.now();
  const seq = await inTransaction(deps, async (tx) => {
    const balance = await lockBalance(tx, input.customer, key);
    const [before] = await queryRows<{ enabled: boolean }>(
      tx.db,
      sql`select enabled from credit_auto_topups where customer_id = ${input.customer} and system = ${key}`,
    );
    await tx.db.execute(sql`
      insert into credit_auto_topups (customer_id, system, enabled, threshold, pack, updated_at)
      values (${input.customer}, ${key}, ${input.enabled}, ${threshold.micros}, ${packKey}, ${now.toISOString()}::timestamptz)
      on conflict (customer_id, system) do update set enabled = excluded.enabled, threshold = excluded.threshold, pack = excluded.pack, updated_at = excluded.updated_at`);
    if (!input.enabled || before?.enabled === true) return null;
    if ((await availableMicros(tx, input.customer, key, now)) >= threshold.micros) return null;
    const next = balance.topupSeq + 1;
    await tx.db.execute(sql`update credit_balances set topup_seq = ${next} where customer_id = ${input.customer} and system = ${key}`);
    return next;
  });
  if (seq !== null) await requestTopUp(deps, { customer: input.customer, system: key, seq });
  return ok({ customer: input.customer, system: key, enabled: input.enabled, threshold: fromMicros(threshold.micros), pack: packKey, topUpDue: seq !== null });
});
