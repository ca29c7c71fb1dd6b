// Usage benchmarks on Postgres (DATABASE_URL): batch track ingestion, consume
// on one hot customer (with an overshoot check), check latency in process,
// and the Stripe calls the reporter makes per million tracked events (v1
// meter events vs the v2 meter event stream, against a stripe-emulator over
// HTTP). Figures are printed, never asserted. Run: DATABASE_URL=postgres://... npm run bench
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import {
  check,
  consume,
  createIds,
  createReporter,
  defineConfig,
  manualClock,
  type Deps,
  planMeterReports,
  track,
  trackBatch,
  type TrackInput,
} from 'tollgate';
import { createTestDatabase, startTestStripe } from 'tollgate/testing';
import { benchDeps } from './bench-deps.ts';
import { median, percentile, pool } from './stats.ts';

const HOT_ALLOWANCE = 20_000;
const config = defineConfig({
  features: {
    messages: { type: 'metered', reset: 'month' },
    tokens: { type: 'metered', reset: 'day' },
    // The same overage through the v2 meter event stream, for the reporter figures.
    api_calls: { type: 'metered', reset: 'day', reporting: 'stream' },
  },
  plans: {
    free: { name: 'Free', default: true, features: { messages: HOT_ALLOWANCE, tokens: 1_000_000, api_calls: 1_000_000 } },
    pro: {
      name: 'Pro',
      prices: { monthly: 1500 },
      features: { messages: 'unlimited', tokens: { included: 100, overage: { amount: 1 } }, api_calls: { included: 100, overage: { amount: 1 } } },
    },
  },
});

async function makeDeps(poolSize: number) {
  if (!process.env.DATABASE_URL) throw new Error('bench/usage needs DATABASE_URL (Postgres)');
  const database = await createTestDatabase({ poolSize });
  return { deps: benchDeps(config, database.db), database };
}

/**
 * Batch ingestion: 1,000-event batches, 4 in flight. `customersPerBatch` 50:
 * each batch's events spread over 50 customers (a service flushing a burst);
 * 1,000: every event its own customer, the batches all over 5,000 customers,
 * so concurrent batches share counters (the lock-heavy case).
 */
async function benchTrackBatch(deps: Deps, runs: number, customersPerBatch = 50): Promise<void> {
  const rates: number[] = [];
  const batches = 60;
  const tag = customersPerBatch === 50 ? '' : `w${customersPerBatch}`;
  // Unmeasured warm-up (run -1, its own keys), so the JIT has compiled the hot path.
  for (let run = -1; run < runs; run++) {
    const started = performance.now();
    await pool(batches, 4, async (b) => {
      const events: TrackInput[] = Array.from({ length: 1000 }, (_, i) => ({
        customer: `cust-${(b * customersPerBatch + (i % customersPerBatch)) % 5000}`,
        feature: 'messages',
        idempotencyKey: `${tag}r${run}-b${b}-e${i}`,
      }));
      const result = await trackBatch(deps, events);
      if (!result.ok) throw new Error(result.error.message);
    });
    if (run >= 0) rates.push((batches * 1000) / ((performance.now() - started) / 1000));
  }
  // Re-sending a batch: every event is a duplicate, nothing is written.
  const again = await trackBatch(
    deps,
    Array.from({ length: 1000 }, (_, i) => ({ customer: `cust-${i % customersPerBatch}`, feature: 'messages', idempotencyKey: `${tag}r0-b0-e${i}` })),
  );
  const dupes = again.ok ? again.value.duplicates : -1;
  console.log(
    `trackBatch: median ${Math.round(median(rates)).toLocaleString('en-US')} events/s (runs: ${rates.map((r) => Math.round(r)).join(', ')}; 1,000-event batches of ${customersPerBatch.toLocaleString('en-US')} customers each, 4 in flight, after one unmeasured warm-up run; resend of 1,000: ${dupes} duplicates)`,
  );
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
    console.log(
      `  consume run ${run + 1}: ${attempts} attempts, ${ok} succeeded, counter ${counted}, allowance ${HOT_ALLOWANCE}: overshoot ${counted - HOT_ALLOWANCE}`,
    );
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

const REPORT_CUSTOMERS = 1000;
const REPORT_EVENTS = 1_000_000;

async function benchReporter(deps: Deps): Promise<void> {
  // 1,000 Stripe customers on Pro; 1,000,000 events in one day window, half on a
  // meter reported with v1 meter events, half on one reported through the v2 stream.
  const testStripe = await startTestStripe();
  try {
    // The SDK's own client without request telemetry (thousands of quick calls overflow its buffer and warn).
    const url = new URL(testStripe.emulator.url);
    const stripe = new Stripe('sk_test_bench', { host: url.hostname, port: Number(url.port), protocol: 'http', telemetry: false, maxNetworkRetries: 2 });
    const stripeIds = await pool(REPORT_CUSTOMERS, 8, async (i) => (await stripe.customers.create({ metadata: { n: String(i) } })).id);
    await seedProCustomers(deps, stripeIds, 'meter');
    const started = performance.now();
    await pool(REPORT_EVENTS / 1000, 4, async (b) => {
      // 50 customers per batch (as a gateway flushing per shard would), each on both meters.
      const events = Array.from({ length: 1000 }, (_, i) => ({
        customer: `meter-${((b * 50 + (i % 50)) % REPORT_CUSTOMERS) + 1}`,
        feature: Math.floor(i / 50) % 2 === 0 ? 'tokens' : 'api_calls',
        amount: 1 + (i % 3),
      }));
      const r = await trackBatch(deps, events);
      if (!r.ok) throw new Error(r.error.message);
    });
    const trackSeconds = (performance.now() - started) / 1000;
    // Plan first, then create the meters the planned reports name (the engine's own event names).
    // One reporting pass over the day's window, as at its close (0: open windows are due at once).
    while ((await planMeterReports(deps, { openWindowIntervalMs: 0 })).planned > 0);
    const { sql } = await import('drizzle-orm');
    const result: unknown = await deps.db.execute(sql`select distinct event_name from meter_reports`);
    const rows: unknown = (result as { rows?: unknown }).rows;
    const names = Array.isArray(rows) ? rows.map((r) => String((r as { event_name: unknown }).event_name)) : [];
    await createSumMeters(stripe, names);
    // Count what the reporter asks of Stripe, by path, from the SDK's own response events.
    const calls = new Map<string, number>();
    const emitter = stripe as unknown as { on(name: 'response', handler: (event: Stripe.ResponseEvent) => void): void };
    emitter.on('response', (event) => calls.set(event.path, (calls.get(event.path) ?? 0) + 1));
    const reporter = createReporter({ ...deps, stripe }, { ratePerSecond: 2000 });
    const sendStarted = performance.now();
    let reports = 0;
    for (;;) {
      const round = await reporter.runOnce();
      reports += round.sent;
      if (round.planned === 0 && round.sent === 0 && round.retrying === 0) break;
    }
    const sendSeconds = (performance.now() - sendStarted) / 1000;
    const v1 = calls.get('/v1/billing/meter_events') ?? 0;
    const v2 = (calls.get('/v2/billing/meter_event_session') ?? 0) + (calls.get('/v2/billing/meter_event_stream') ?? 0);
    const perMillion = (n: number) => Math.round((n * 1_000_000) / (REPORT_EVENTS / 2)).toLocaleString('en-US');
    console.log(
      `reporter: ${REPORT_EVENTS.toLocaleString('en-US')} events over ${REPORT_CUSTOMERS.toLocaleString('en-US')} customers x 2 meters, one day window ` +
        `(tracked in ${trackSeconds.toFixed(1)} s) -> ${reports} meter reports sent in ${sendSeconds.toFixed(1)} s`,
    );
    console.log(`  Stripe calls per million events, v1 meter events (reporting: 'events'): ${perMillion(v1)} (${v1} calls)`);
    console.log(
      `  Stripe calls per million events, v2 meter event stream (reporting: 'stream'): ${perMillion(v2)} ` +
        `(${calls.get('/v2/billing/meter_event_session') ?? 0} session + ${calls.get('/v2/billing/meter_event_stream') ?? 0} stream requests)`,
    );
  } finally {
    await testStripe.close();
  }
}

const STEADY_CUSTOMERS = 1000;
const STEADY_STEP_MINUTES = 10;

/**
 * The same million events spread over a whole day (simulated: a manual clock,
 * the day before yesterday, one batch and one reporter round every ten
 * minutes), with the reporter's default cadence (an open window at most once
 * an hour, the rest at its close) against a reporter round per step.
 */
async function benchReporterSteady(base: Deps): Promise<void> {
  const testStripe = await startTestStripe();
  const { database, deps: plain } = await makeDeps(8);
  try {
    const url = new URL(testStripe.emulator.url);
    const stripe = new Stripe('sk_test_bench', { host: url.hostname, port: Number(url.port), protocol: 'http', telemetry: false, maxNetworkRetries: 2 });
    const day = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 2 * 86_400_000;
    const clock = manualClock(day);
    const deps: Deps = { ...plain, config: base.config, stripe, clock, ids: createIds(clock) };
    const stripeIds = await pool(STEADY_CUSTOMERS, 8, async (i) => (await stripe.customers.create({ metadata: { n: String(i) } })).id);
    await seedProCustomers(deps, stripeIds, 'steady');
    await createSumMeters(stripe, ['tollgate_tokens', 'tollgate_api_calls']);
    let calls = 0;
    const emitter = stripe as unknown as { on(name: 'response', handler: (event: Stripe.ResponseEvent) => void): void };
    emitter.on('response', (event) => {
      if (event.path === '/v1/billing/meter_events' || event.path === '/v2/billing/meter_event_stream') calls += 1;
    });
    const reporter = createReporter(deps, { ratePerSecond: 2000 });
    const steps = (24 * 60) / STEADY_STEP_MINUTES;
    const perStep = Math.ceil(REPORT_EVENTS / steps);
    const started = performance.now();
    let tracked = 0;
    for (let step = 0; step < steps; step++) {
      const events = Array.from({ length: perStep }, (_, i) => ({
        customer: `steady-${((step * perStep + i) % STEADY_CUSTOMERS) + 1}`,
        feature: i % 2 === 0 ? 'tokens' : 'api_calls',
        amount: 1 + (i % 3),
      }));
      for (let i = 0; i < events.length; i += 1000) {
        const r = await trackBatch(deps, events.slice(i, i + 1000));
        if (!r.ok) throw new Error(r.error.message);
      }
      tracked += events.length;
      await reporter.runOnce();
      clock.advance(STEADY_STEP_MINUTES * 60_000);
    }
    clock.set(day + 86_400_000);
    while ((await reporter.runOnce()).planned > 0);
    const seconds = (performance.now() - started) / 1000;
    const counters = STEADY_CUSTOMERS * 2;
    console.log(
      `reporter, steady usage: ${tracked.toLocaleString('en-US')} events over one day (${steps} steps of ${STEADY_STEP_MINUTES} min, a round each), ` +
        `${STEADY_CUSTOMERS.toLocaleString('en-US')} customers x 2 meters: ${calls.toLocaleString('en-US')} Stripe calls ` +
        `(${Math.round(calls / counters)} per customer x meter; a call per round would be up to ${(counters * steps).toLocaleString('en-US')}; ${seconds.toFixed(1)} s)`,
    );
  } finally {
    await database.close();
    await testStripe.close();
  }
}

/** A `sum` meter per event name, keyed by `stripe_customer_id`, as `tollgate push` makes them. */
async function createSumMeters(stripe: Stripe, eventNames: string[]): Promise<void> {
  for (const event_name of eventNames) {
    await stripe.billing.meters.create({
      display_name: event_name,
      event_name,
      default_aggregation: { formula: 'sum' },
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    });
  }
}

/** Customers `${prefix}-1`... with the given Stripe ids, each on an active Pro subscription. */
async function seedProCustomers(deps: Deps, stripeIds: string[], prefix: string): Promise<void> {
  const { sql } = await import('drizzle-orm');
  const now = new Date().toISOString();
  const ids = `'{${stripeIds.join(',')}}'::text[]`;
  await deps.db.execute(
    sql.raw(
      `insert into customers (id, external_id, stripe_customer_id, created_at, updated_at)
       select 'cust_${prefix}' || g, '${prefix}-' || g, ids[g], '${now}', '${now}' from generate_series(1, ${stripeIds.length}) g, (select ${ids} as ids) i;
       insert into subscriptions (id, stripe_customer_id, customer_id, plan_key, status, currency, stripe_created, source_at, raw, created_at, updated_at)
       select 'sub_${prefix}' || g, ids[g], 'cust_${prefix}' || g, 'pro', 'active', 'usd', 1, 1, '{}', '${now}', '${now}' from generate_series(1, ${stripeIds.length}) g, (select ${ids} as ids) i`,
    ),
  );
}

export async function runUsageBench(): Promise<void> {
  const { deps, database } = await makeDeps(8);
  try {
    await benchTrackBatch(deps, 3);
    await benchTrackBatch(deps, 3, 1000);
    if (process.env.BENCH_USAGE_ONLY === 'batch') return;
    await benchTrackSingle(deps, 3);
    await benchConsume(deps, 3);
    await benchCheck(deps, 3);
    await benchReporter(deps);
    await benchReporterSteady(deps);
  } finally {
    await database.close();
  }
}
