import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { usageEvents } from '../../core/db/schema/usage-events.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { type AppError, appError } from '../../core/lib/errors.ts';
import { idText, INPUT_LIMITS, text } from '../../core/lib/input.ts';
import { operation } from '../../core/lib/parse-input.ts';
import { err, ok, type Result } from '../../core/lib/result.ts';

export const usageHistoryInput = z.object({
  customer: idText(),
  /** A metered feature of the config. */
  feature: text(INPUT_LIMITS.key).describe('A metered feature key from the config, e.g. "messages"'),
  /** How many UTC days, today included (1 to 90, default 30). */
  days: z.number().int().min(1).max(90).optional().describe('1 to 90, default 30'),
});
export type UsageHistoryInput = z.input<typeof usageHistoryInput>;

export interface UsageHistory {
  customer: string;
  feature: string;
  /** One entry per UTC day, oldest first, today last; days without usage are 0. Reversals count negative. */
  days: { date: string; used: number }[];
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A customer's usage of one metered feature per UTC day over the last
 * `days` days, summed from the usage ledger (what the React usage history
 * chart shows). Ends today by the injected clock.
 */
export const getUsageHistory = operation(
  usageHistoryInput,
  async (deps: Pick<Deps, 'db' | 'clock' | 'config'>, input): Promise<Result<UsageHistory, AppError>> => {
    const days = input.days ?? 30;
    const definition = Object.hasOwn(deps.config.features, input.feature) ? deps.config.features[input.feature] : undefined;
    if (!definition) return err(appError('feature_not_found', `no feature "${input.feature}" in the config`, 'feature'));
    if (definition.type !== 'metered')
      return err(appError('validation_failed', `feature "${input.feature}" is a ${definition.type}, not metered: it has no usage history`, 'feature'));

    const today = Math.floor(deps.clock.now().getTime() / DAY_MS) * DAY_MS;
    const from = today - (days - 1) * DAY_MS;
    const day = sql<string>`to_char(${usageEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD')`;
    const rows = await deps.db
      .select({ day, used: sql<string>`sum(${usageEvents.amount})` })
      .from(usageEvents)
      .where(
        and(
          eq(usageEvents.customerId, input.customer),
          eq(usageEvents.feature, input.feature),
          gte(usageEvents.occurredAt, new Date(from)),
          lt(usageEvents.occurredAt, new Date(today + DAY_MS)),
        ),
      )
      .groupBy(day);
    const used = new Map(rows.map((r) => [r.day, Number(r.used)]));
    const out: UsageHistory['days'] = [];
    for (let t = from; t <= today; t += DAY_MS) out.push({ date: isoDay(t), used: used.get(isoDay(t)) ?? 0 });
    return ok({ customer: input.customer, feature: input.feature, days: out });
  },
);
