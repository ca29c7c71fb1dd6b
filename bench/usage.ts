// Usage benchmarks on Postgres (DATABASE_URL): batch track ingestion, consume
// on one hot customer (with an overshoot check), check latency in process,
// and meter events planned per million tracked events. Figures are printed,
// never asserted. Run: DATABASE_URL=postgres://... npm run bench
import { performance } from 'node:perf_hooks';
import {
  check,
  consume,
  createIds,
  createStripeClient,
  defineConfig,
  type Deps,
  planMeterReports,
  silentLogger,
  systemClock,
  track,
  trackBatch,
  type TrackInput,
  validateConfig,
} from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';

const HOT_ALLOWANCE = 20_000;
const config = defineConfig({
  features: { messages: { type: 'metered', reset: 'month' }, tokens: { type: 'metered', reset: 'day' } },
  plans: {
    free: { name: 'Free', default: true, features: { messages: HOT_ALLOWANCE, tokens: 1_000_000 } },
    pro: { name: 'Pro', prices: { monthly: 1500 }, features: { messages: 'unlimited', tokens: { included: 100, overage: { amount: 1 } } } },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

async function pool<T>(count: number, concurrency: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await work(i);
      }
    }),
  );
  return out;
}

async function makeDeps(poolSize: number) {
  if (!process.env.DATABASE_URL) throw new Error('bench/usage needs DATABASE_URL (Postgres)');
  const validated = validateConfig(config);
  if (!validated.ok) throw new Error('bench config invalid');
  const database = await createTestDatabase({ poolSize });
  const deps: Deps = {
    config: validated.value,
    db: database.db,
    stripe: createStripeClient({ apiKey: 'sk_test_bench', baseUrl: 'http://127.0.0.1:1' }),
    clock: systemClock,
    ids: createIds(systemClock),
    log: silentLogger,
  };
  return { deps, database };
}

async function benchTrackBatch(deps: Deps, runs: number): Promise<void> {
  const rates: number[] = [];
  const batches = 60;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await pool(batches, 4, async (b) => {
      const events: TrackInput[] = Array.from({ length: 1000 }, (_, i) => ({
        customer: `cust-${(b * 50 + (i % 50)) % 5000}`,
        feature: 'messages',
        idempotencyKey: `r${run}-b${b}-e${i}`,
      }));
      const result = await trackBatch(deps, events);
      if (!result.ok) throw new Error(result.error.message);
    });
    rates.push((batches * 1000) / ((performance.now() - started) / 1000));
  }
  // Re-sending a batch: every event is a duplicate, nothing is written.
  const again = await trackBatch(deps, Array.from({ length: 1000 }, (_, i) => ({ customer: `cust-${i % 50}`, feature: 'messages', idempotencyKey: `r0-b0-e${i}` })));
  const dupes = again.ok ? again.value.duplicates : -1;
  console.log(`trackBatch: median ${Math.round(median(rates)).toLocaleString('en-US')} events/s (runs: ${rates.map((r) => Math.round(r)).join(', ')}; 1,000-event batches of 50 customers each, 4 in flight; resend of 1,000: ${dupes} duplicates)`);
}

async function benchTrackSingle(deps: Deps, runs: number): Promise<void> {
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const count = 20_000;
    const started = performance.now();
    await pool(count, 64, async (i) => {
      const r = await track(deps, { customer: `single-${i % 500}`, feature: 'messages', idempotencyKey: `s${run}-${i}` });
      if (!r.ok) throw new Error(r.error.message);
    });
    rates.push(count / ((performance.now() - started) / 1000));
  }
  console.log(`track (single events, 64 in flight, in process): median ${Math.round(median(rates)).toLocaleString('en-US')} events/s`);
}

async function benchConsume(deps: Deps, runs: number): Promise<void> {
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const customer = `hot-${run}`;
    const attempts = HOT_ALLOWANCE + 5_000;
    const started = performance.now();
    const results = await pool(attempts, 64, (i) => consume(deps, { customer, feature: 'messages', idempotencyKey: `c${i}` }));
    const seconds = (performance.now() - started) / 1000;
    const ok = results.filter((r) => r.ok).length;
    const used = await check(deps, { customer, feature: 'messages', amount: 0 });
    const counted = used.ok ? used.value.used : -1;
    rates.push(attempts / seconds);
    console.log(`  consume run ${run + 1}: ${attempts} attempts, ${ok} succeeded, counter ${counted}, allowance ${HOT_ALLOWANCE}: overshoot ${counted - HOT_ALLOWANCE}`);
  }
  console.log(`consume (one hot customer, 64 in flight): median ${Math.round(median(rates)).toLocaleString('en-US')} /s`);
}

async function benchCheck(deps: Deps, runs: number): Promise<void> {
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let run = 0; run < runs; run++) {
    const times: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const t = performance.now();
      await check(deps, { customer: `cust-${i % 5000}`, feature: 'messages' });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    p50s.push(percentile(times, 50));
    p99s.push(percentile(times, 99));
  }
  console.log(`check in process (sequential): median p50 ${median(p50s).toFixed(3)} ms, median p99 ${median(p99s).toFixed(3)} ms`);
}

async function benchReporter(deps: Deps): Promise<void> {
  // 100 Stripe customers on a soft limit, 200,000 events over them: how many meter events does that cost?
  const now = new Date().toISOString();
  await deps.db.execute(
    (await import('drizzle-orm')).sql.raw(
      `insert into customers (id, external_id, stripe_customer_id, created_at, updated_at)
       select 'cust_m' || g, 'meter-' || g, 'cus_m' || g, '${now}', '${now}' from generate_series(1, 100) g;
       insert into subscriptions (id, stripe_customer_id, customer_id, plan_key, status, currency, stripe_created, source_at, raw, created_at, updated_at)
       select 'sub_m' || g, 'cus_m' || g, 'cust_m' || g, 'pro', 'active', 'usd', 1, 1, '{}', '${now}', '${now}' from generate_series(1, 100) g`,
    ),
  );
  const events = 200_000;
  await pool(events / 1000, 4, async (b) => {
    const r = await trackBatch(deps, Array.from({ length: 1000 }, (_, i) => ({ customer: `meter-${((b * 1000 + i) % 100) + 1}`, feature: 'tokens' })));
    if (!r.ok) throw new Error(r.error.message);
  });
  let calls = 0;
  for (;;) {
    const planned = await planMeterReports(deps);
    if (planned.planned + planned.expired === 0) break;
    calls += planned.planned;
  }
  console.log(`reporter: ${events.toLocaleString('en-US')} billable events over 100 customers -> ${calls} meter events (${Math.round((calls * 1_000_000) / events)} per million events, one day window)`);
}

export async function runUsageBench(): Promise<void> {
  const { deps, database } = await makeDeps(8);
  try {
    await benchTrackBatch(deps, 3);
    await benchTrackSingle(deps, 3);
    await benchConsume(deps, 3);
    await benchCheck(deps, 3);
    await benchReporter(deps);
  } finally {
    await database.close();
  }
}
