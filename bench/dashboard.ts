// The operator dashboard at scale on Postgres (DATABASE_URL): 100,000 subscriptions
// (two years of starts and cancelations) and 10 million usage events. Prints the
// MRR movements backfill, and the server time of the overview's data and of a
// customer page (GET through the app, median of 7), with 300,000 webhook events and 200,000
// hooks. Figures printed, never asserted.
// Smaller: BENCH_DASHBOARD_SUBS=10000 BENCH_DASHBOARD_EVENTS=100000.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { backfillMrrMovements, createApiKey, createApp, defaultConfig } from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';
import { benchDeps } from './bench-deps.ts';

const SUBS = Number(process.env.BENCH_DASHBOARD_SUBS) || 100_000;
const EVENTS = Number(process.env.BENCH_DASHBOARD_EVENTS) || 10_000_000;

/** The customer the pages are measured for (one that exists at any scale). */
const ONE = Math.min(4242, SUBS);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runDashboardBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/dashboard needs DATABASE_URL (Postgres)');
  const database = await createTestDatabase({ poolSize: 4 });
  try {
    const deps = benchDeps(defaultConfig, database.db);
    const now = Math.floor(Date.now() / 1000);
    let started = performance.now();
    await deps.db.execute(sql`
      insert into customers (id, external_id, stripe_customer_id, email, metadata, deleted, livemode, stripe_created, source_at, raw, created_at, updated_at)
      select 'cust_' || g, 'user_' || g, 'cus_' || g, 'user' || g || '@example.com', '{}'::jsonb, false, false, ${now} - g * 600, 0, '{}'::jsonb, now(), now()
      from generate_series(1, ${SUBS}) g`);
    await deps.db.execute(sql`
      insert into subscriptions (id, stripe_customer_id, customer_id, plan_key, status, quantity, interval, interval_count, currency, amount,
        discount_percent_off, stripe_created, ended_at, source_at, raw, created_at, updated_at)
      select 'sub_' || g, 'cus_' || g, 'cust_' || g, (array['pro', 'business'])[1 + g % 2],
        (array['active', 'active', 'active', 'past_due', 'trialing', 'canceled'])[1 + g % 6], 1,
        case when g % 4 = 0 then 'year' else 'month' end, 1, (array['usd', 'usd', 'usd', 'eur'])[1 + g % 4],
        case when g % 2 = 0 then 1500 else 4900 end, case when g % 10 = 0 then 20 end,
        ${now} - (g % 730) * 86400 - g % 86400,
        case when g % 6 = 5 then to_timestamp(${now} - (g % 300) * 86400) end, 0, '{}'::jsonb, now(), now()
      from generate_series(1, ${SUBS}) g`);
    // Usage: the ledger (10 M rows over the customers) and each customer's open day counter.
    await deps.db.execute(sql`
      insert into usage_events (id, customer_id, feature, amount, idempotency_key, occurred_at, recorded_at, window_key)
      select 'usg_' || g, 'user_' || (1 + g % ${SUBS}), 'messages', 1, 'k' || g, now() - (g % 86400) * interval '1 second', now(), 'day:' || to_char(now(), 'YYYY-MM-DD')
      from generate_series(1, ${EVENTS}) g`);
    await deps.db.execute(sql`
      insert into usage_counters (customer_id, feature, window_key, window_start, window_end, used, billable, reported, updated_at)
      select 'user_' || g, 'messages', 'day:' || to_char(now(), 'YYYY-MM-DD'), date_trunc('day', now()), date_trunc('day', now()) + interval '1 day',
        ${Math.max(1, Math.floor(EVENTS / SUBS))} + g % 97, 0, 0, now()
      from generate_series(1, ${SUBS}) g`);
    // The webhook ledger (three events a customer, one failed in fifty) and the outbox (two hooks a customer): the
    // overview's latest events and a customer's timeline read them by index.
    await deps.db.execute(sql`
      insert into payment_events (id, type, created, livemode, payload, received_at, processed_at, error)
      select 'evt_' || g, (array['invoice.paid', 'customer.subscription.updated', 'invoice.payment_failed'])[1 + g % 3], ${now} - g, false,
        jsonb_build_object('id', 'evt_' || g, 'data', jsonb_build_object('object', jsonb_build_object('id', 'in_' || g, 'customer', 'cus_' || (1 + g % ${SUBS})))),
        now() - g * interval '1 second', case when g % 50 <> 0 then now() - g * interval '1 second' end, case when g % 50 = 0 then 'boom' end
      from generate_series(1, ${3 * SUBS}) g`);
    await deps.db.execute(sql`
      insert into outbox (id, type, customer_id, external_id, object_id, event_id, payload, created_at)
      select 'obx_' || lpad(g::text, 9, '0'), 'subscription.updated', 'cust_' || (1 + g % ${SUBS}), 'user_' || (1 + g % ${SUBS}), 'sub_' || (1 + g % ${SUBS}),
        'evt_' || g, '{}'::jsonb, now() - g * interval '1 second'
      from generate_series(1, ${2 * SUBS}) g`);
    // Vacuumed as autovacuum would have by now: the visibility map lets the counts by status and plan read the index alone.
    await deps.db.execute(sql`vacuum analyze subscriptions`);
    await deps.db.execute(sql`analyze`);
    console.log(
      `dashboard: seeded ${SUBS.toLocaleString('en-US')} subscriptions and ${EVENTS.toLocaleString('en-US')} usage events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    started = performance.now();
    const backfill = await backfillMrrMovements(deps);
    console.log(
      `dashboard: movements backfill over ${SUBS.toLocaleString('en-US')} subscriptions: ${((performance.now() - started) / 1000).toFixed(2)} s (${backfill.movements.toLocaleString('en-US')} movements)`,
    );
    await deps.db.execute(sql`analyze mrr_movements`);

    const app = createApp({ deps, rateLimit: false, authFailureLimit: false });
    const created = await createApiKey(deps, { name: 'bench' });
    if (!created.ok) throw new Error(created.error.message);
    const headers = { authorization: `Bearer ${created.value.key}` };
    for (const [label, path] of [
      ['overview data (GET admin/overview)', '/api/v1/billing/admin/overview'],
      [`customer page (GET admin/customers/user_${ONE}/overview)`, `/api/v1/billing/admin/customers/user_${ONE}/overview`],
      [`customer search (GET admin/customer-search?q=user${ONE}@)`, `/api/v1/billing/admin/customer-search?q=user${ONE}@`],
      ['usage explorer (GET admin/usage/top)', '/api/v1/billing/admin/usage/top?feature=messages'],
    ] as const) {
      const times: number[] = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        const response = await app.request(path, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
        if (i > 0) times.push(performance.now() - t0);
      }
      console.log(
        `dashboard: ${label}: ${median(times).toFixed(1)} ms median (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; 7 runs after one warm-up)`,
      );
    }
  } finally {
    await database.close();
  }
}
