import { sql } from 'drizzle-orm';
import { queryRows } from '../../core/db/sql.ts';
import type { Deps } from '../../core/lib/deps.ts';
import { ok, type Result } from '../../core/lib/result.ts';
import { dayRange, movementDelta } from './range.ts';

export interface MrrDay {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  /** MRR at the end of the day, minor units. */
  mrr: number;
  /** Paying subscriptions at the end of the day. */
  subscribers: number;
  /** The day's movements by kind (minor units; churn and contraction negative). */
  new: number;
  expansion: number;
  contraction: number;
  churn: number;
  reactivation: number;
}

export interface MrrSeries {
  currency: string;
  days: MrrDay[];
}

/**
 * Daily MRR per currency over whole UTC days [from's day, to's day], from the
 * movements (src/metrics/record-movements.ts), optionally for one plan. One
 * statement: the balance before the range plus a running sum of each day's
 * movements.
 */
export async function mrrHistory(
  deps: Deps,
  input: { from: unknown; to: unknown; plan?: string | undefined },
): Promise<Result<{ from: string; to: string; series: MrrSeries[] }>> {
  const range = dayRange(input.from, input.to);
  if (!range.ok) return range;
  const { start, end } = range.value;
  const m = movementDelta(input.plan);
  const s = start.toISOString();
  const e = end.toISOString();
  const rows = await queryRows<Record<string, string | null>>(
    deps.db,
    sql`with m as (
          select currency, at, kind, ${m.delta} as delta, ${m.subscribers} as subs from mrr_movements where at < ${e}::timestamptz and ${m.where}
        ),
        base as (select currency, sum(delta) as mrr, sum(subs) as subs from m where at < ${s}::timestamptz group by currency),
        daily as (
          select currency, date_trunc('day', at, 'UTC') as day, sum(delta) as delta, sum(subs) as subs,
                 sum(delta) filter (where kind = 'new') as new, sum(delta) filter (where kind = 'expansion') as expansion,
                 sum(delta) filter (where kind = 'contraction') as contraction, sum(delta) filter (where kind = 'churn') as churn,
                 sum(delta) filter (where kind = 'reactivation') as reactivation
          from m where at >= ${s}::timestamptz group by 1, 2
        ),
        days as (select generate_series(${s}::timestamptz, ${e}::timestamptz - interval '1 day', interval '1 day') as day),
        currencies as (select distinct currency from m)
        select c.currency, to_char(d.day at time zone 'UTC', 'YYYY-MM-DD') as date,
               coalesce(b.mrr, 0) + sum(coalesce(x.delta, 0)) over w as mrr,
               coalesce(b.subs, 0) + sum(coalesce(x.subs, 0)) over w as subscribers,
               x.new, x.expansion, x.contraction, x.churn, x.reactivation
        from currencies c cross join days d
        left join base b on b.currency = c.currency
        left join daily x on x.currency = c.currency and x.day = d.day
        window w as (partition by c.currency order by d.day)
        order by c.currency, d.day`,
  );
  const series = new Map<string, MrrDay[]>();
  const n = (v: string | null | undefined) => Number(v ?? 0);
  for (const r of rows) {
    const currency = r.currency ?? '';
    const days = series.get(currency) ?? [];
    days.push({
      date: r.date ?? '',
      mrr: n(r.mrr),
      subscribers: n(r.subscribers),
      new: n(r.new),
      expansion: n(r.expansion),
      contraction: n(r.contraction),
      churn: n(r.churn),
      reactivation: n(r.reactivation),
    });
    series.set(currency, days);
  }
  return ok({
    from: s.slice(0, 10),
    to: new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10),
    series: [...series].map(([currency, days]) => ({ currency, days })),
  });
}
