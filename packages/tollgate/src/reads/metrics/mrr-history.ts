import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import type { Result } from '../../core/lib/result.ts';
import { movementsByKind, type RangeInput, whole } from './range.ts';
import { balanceBefore, readDayRange } from './range-sql.ts';

const DAY = 86_400_000;

export const mrrDay = z.object({
  /** UTC day, `YYYY-MM-DD`. */
  date: z.string(),
  /** MRR at the end of the day, minor units. */
  mrr: whole(),
  /** Paying subscriptions at the end of the day. */
  subscribers: whole(),
  /** The day's movements by kind. */
  ...movementsByKind,
});
export type MrrDay = z.infer<typeof mrrDay>;

/** What `mrrHistory` answers (the route's response, snake_case, is derived from it). */
export const mrrHistoryResult = z.object({ from: z.string(), to: z.string(), series: z.array(z.object({ currency: z.string(), days: z.array(mrrDay) })) });
export type MrrSeries = z.infer<typeof mrrHistoryResult>['series'][number];

/**
 * Daily MRR per currency over whole UTC days [from's day, to's day], from the
 * movements (src/metrics/record-movements.ts), optionally for one plan. One
 * statement reads the balance before the range (the running totals less the
 * movements since, `balanceBefore`) and each day's movements (only the
 * range's are scanned); the running sum over the days is made here.
 */
export function mrrHistory(deps: Deps, input: RangeInput): Promise<Result<z.infer<typeof mrrHistoryResult>>> {
  return readDayRange(input, async ({ start, end, s, e, m }) => {
    // The balance before the range, then one row per currency and day that moved; the days between are filled
    // here. (A cross join of currencies and days in SQL is estimated at millions of rows, and Postgres then spends
    // seconds compiling the statement with JIT for a result of a few hundred rows.)
    const rows = await queryRows<Record<string, string | null>>(
      deps.db,
      sql`with m as (
          select currency, at, kind, ${m.delta} as delta, ${m.subscribers} as subs
          from mrr_movements where at >= ${s}::timestamptz and at < ${e}::timestamptz and ${m.where}
        )
        select currency, null as date, mrr as delta, subs, null as new, null as expansion, null as contraction, null as churn,
               null as reactivation
        from (${balanceBefore(input.plan, s)}) base
        union all
        select currency, to_char(date_trunc('day', at, 'UTC') at time zone 'UTC', 'YYYY-MM-DD'), sum(delta), sum(subs),
               sum(delta) filter (where kind = 'new'), sum(delta) filter (where kind = 'expansion'),
               sum(delta) filter (where kind = 'contraction'), sum(delta) filter (where kind = 'churn'),
               sum(delta) filter (where kind = 'reactivation')
        from m group by 1, 2`,
    );
    const n = (v: string | null | undefined) => Number(v ?? 0);
    const opening = new Map<string, { mrr: number; subscribers: number }>();
    const moved = new Map<string, Map<string, Record<string, string | null>>>();
    for (const r of rows) {
      const currency = r.currency ?? '';
      if (!opening.has(currency)) opening.set(currency, { mrr: 0, subscribers: 0 });
      if (r.date === null || r.date === undefined) opening.set(currency, { mrr: n(r.delta), subscribers: n(r.subs) });
      else moved.set(currency, (moved.get(currency) ?? new Map<string, Record<string, string | null>>()).set(r.date, r));
    }
    const series = new Map<string, MrrDay[]>();
    for (const currency of [...opening.keys()].sort()) {
      let { mrr, subscribers } = opening.get(currency) ?? { mrr: 0, subscribers: 0 };
      const days: MrrDay[] = [];
      for (let t = start.getTime(); t < end.getTime(); t += DAY) {
        const date = new Date(t).toISOString().slice(0, 10);
        const r = moved.get(currency)?.get(date);
        mrr += n(r?.delta);
        subscribers += n(r?.subs);
        days.push({
          date,
          mrr,
          subscribers,
          new: n(r?.new),
          expansion: n(r?.expansion),
          contraction: n(r?.contraction),
          churn: n(r?.churn),
          reactivation: n(r?.reactivation),
        });
      }
      series.set(currency, days);
    }
    return { series: [...series].map(([currency, days]) => ({ currency, days })) };
  });
}
