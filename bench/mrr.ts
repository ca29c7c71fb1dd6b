// MRR over 100,000 mirrored subscriptions on Postgres (DATABASE_URL).
// Figures printed, never asserted. Run: DATABASE_URL=postgres://... npm run bench
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { computeMrr, countSubscriptions, defaultConfig } from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';
import { benchDeps } from './bench-deps.ts';

const COUNT = 100_000;

export async function runMrrBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/mrr needs DATABASE_URL (Postgres)');
  const database = await createTestDatabase({ poolSize: 2 });
  try {
    const deps = benchDeps(defaultConfig, database.db);
    await deps.db.execute(sql`
      insert into subscriptions (id, stripe_customer_id, plan_key, status, quantity, interval, interval_count, currency, amount,
        discount_percent_off, discount_amount_off, stripe_created, source_at, raw, created_at, updated_at)
      select 'sub_' || g, 'cus_' || g, (array['starter', 'pro', 'team'])[1 + g % 3],
        (array['active', 'active', 'active', 'past_due', 'trialing', 'canceled'])[1 + g % 6], 1 + g % 5,
        case when g % 4 = 0 then 'year' else 'month' end, 1, (array['usd', 'usd', 'eur', 'jpy'])[1 + g % 4],
        (1 + g % 5) * 1500, case when g % 10 = 0 then 20 end, case when g % 17 = 0 then 300 end,
        1700000000 + g, 0, '{}'::jsonb, now(), now()
      from generate_series(1, ${COUNT}) g`);
    await deps.db.execute(sql`analyze subscriptions`);
    const times: number[] = [];
    let figures = await computeMrr(deps);
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      figures = await computeMrr(deps);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const byPlanStarted = performance.now();
    const byPlan = await countSubscriptions(deps);
    const byPlanMs = performance.now() - byPlanStarted;
    console.log(
      `mrr: ${(times[3] ?? NaN).toFixed(1)} ms median over ${COUNT.toLocaleString('en-US')} subscriptions (min ${(times[0] ?? NaN).toFixed(1)}, max ${(times[6] ?? NaN).toFixed(1)}; 7 runs)`,
    );
    console.log(`mrr: ${figures.map((f) => `${f.currency} ${f.mrr.toLocaleString('en-US')} (${f.subscriptions.toLocaleString('en-US')} subs)`).join(', ')}`);
    console.log(`subscriptions by plan and status: ${byPlanMs.toFixed(1)} ms (${byPlan.length} groups)`);
  } finally {
    await database.close();
  }
}
