// Credit benchmarks on Postgres (DATABASE_URL): `consume` of a feature priced
// in credits against ONE hot balance (with an overshoot check: successes,
// ledger and grants must add up to the balance exactly), beside today's
// `consume` against an allowance on one hot counter at the same concurrency,
// and `check` latency in process for both. Figures are printed, never asserted.
// Run: DATABASE_URL=postgres://... BENCH_SUITES=credits npm run bench
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { check, consume, defineConfig, type Deps, grantCredits } from 'tollgate';
import { createTestDatabase } from 'tollgate/testing';
import { benchDeps } from './bench-deps.ts';
import { median, percentile, pool } from './stats.ts';

const BALANCE = 20_000;
const EXTRA = 5_000;
const config = defineConfig({
  features: {
    messages: { type: 'metered', reset: 'month' },
    agent_run: { type: 'metered', reset: 'month' },
  },
  plans: { free: { name: 'Free', default: true, features: { messages: BALANCE, agent_run: true } } },
  credits: { credits: { costs: { agent_run: 1 } } },
});

async function rows<T>(deps: Deps, query: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await deps.db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** One run of `attempts` consumes of `feature` by one customer, `inFlight` at a time; the rate and how many succeeded. */
async function hotRun(deps: Deps, customer: string, feature: string, inFlight: number): Promise<{ rate: number; ok: number }> {
  const attempts = BALANCE + EXTRA;
  const started = performance.now();
  const results = await pool(attempts, inFlight, (i) => consume(deps, { customer, feature, idempotencyKey: `k${i}` }));
  const rate = attempts / ((performance.now() - started) / 1000);
  return { rate, ok: results.filter((r) => r.ok).length };
}

async function benchCreditConsume(deps: Deps, runs: number, inFlight: number): Promise<void> {
  const rates: number[] = [];
  // One unmeasured warm-up run first (run -1), so the JIT and the prepared statements are ready.
  for (let run = -1; run < runs; run++) {
    const customer = `credit-hot-${inFlight}-${run}`;
    const granted = await grantCredits(deps, { customer, amount: BALANCE });
    if (!granted.ok) throw new Error(granted.error.message);
    const { rate, ok } = await hotRun(deps, customer, 'agent_run', inFlight);
    const [state] = await rows<{ debits: string; spent: string; remaining: string; debt: string }>(
      deps,
      sql`select (select count(*) from credit_ledger where customer_id = ${customer} and kind = 'debit') as debits,
            (select -sum(amount) from credit_ledger where customer_id = ${customer} and kind = 'debit') as spent,
            (select sum(remaining) from credit_grants where customer_id = ${customer}) as remaining,
            (select debt from credit_balances where customer_id = ${customer}) as debt`,
    );
    const spent = Number(state?.spent) / 1_000_000;
    if (run < 0) continue;
    rates.push(rate);
    console.log(
      `  credits run ${run + 1}: ${BALANCE + EXTRA} attempts, ${ok} succeeded, ledger ${state?.debits} debits = ${spent} credits, ` +
        `grants left ${Number(state?.remaining) / 1_000_000}, debt ${state?.debt}, balance ${BALANCE}: overshoot ${ok - BALANCE}`,
    );
  }
  console.log(`consume against a credit balance (one hot customer, ${inFlight} in flight): median ${Math.round(median(rates)).toLocaleString('en-US')} /s`);
}

async function benchAllowanceConsume(deps: Deps, runs: number, inFlight: number): Promise<void> {
  const rates: number[] = [];
  for (let run = -1; run < runs; run++) {
    const customer = `allowance-hot-${inFlight}-${run}`;
    const { rate, ok } = await hotRun(deps, customer, 'messages', inFlight);
    if (run < 0) continue;
    rates.push(rate);
    console.log(`  allowance run ${run + 1}: ${BALANCE + EXTRA} attempts, ${ok} succeeded, allowance ${BALANCE}: overshoot ${ok - BALANCE}`);
  }
  console.log(
    `consume against an allowance (today's road, one hot customer, ${inFlight} in flight): median ${Math.round(median(rates)).toLocaleString('en-US')} /s`,
  );
}

async function benchCheck(deps: Deps, runs: number, feature: string, label: string): Promise<void> {
  const p50s: number[] = [];
  const p99s: number[] = [];
  for (let run = -1; run < runs; run++) {
    const times: number[] = [];
    for (let i = 0; i < 5_000; i++) {
      const t = performance.now();
      await check(deps, { customer: `check-${i % 500}`, feature });
      times.push(performance.now() - t);
    }
    if (run < 0) continue;
    times.sort((a, b) => a - b);
    p50s.push(percentile(times, 50));
    p99s.push(percentile(times, 99));
  }
  console.log(`check in process (sequential, ${label}): median p50 ${median(p50s).toFixed(3)} ms, median p99 ${median(p99s).toFixed(3)} ms`);
}

export async function runCreditsBench(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('bench/credits needs DATABASE_URL (Postgres)');
  const database = await createTestDatabase({ poolSize: 8 });
  const deps = benchDeps(config, database.db);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  try {
    for (const inFlight of [64, 256]) {
      await benchAllowanceConsume(deps, runs, inFlight);
      await benchCreditConsume(deps, runs, inFlight);
    }
    await benchCheck(deps, runs, 'messages', "an allowance, today's road");
    for (let i = 0; i < 500; i++) {
      const granted = await grantCredits(deps, { customer: `check-${i}`, amount: 100 });
      if (!granted.ok) throw new Error(granted.error.message);
    }
    await benchCheck(deps, runs, 'agent_run', 'a feature priced in credits');
  } finally {
    await database.close();
  }
}
