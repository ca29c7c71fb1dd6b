import { sql } from 'drizzle-orm';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { TollgateConfig } from '../../core/config/types.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { daysBefore, SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { expectStripeEqualsLedger, type MeterProxy, setupMeteredCustomers, startMeterProxy, trackDays } from './meters.test-support.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';

/*
 * How the reporter paces what it asks of Stripe, measured at a forwarding
 * proxy in front of the emulator: calls per window while usage keeps coming,
 * one call in flight per customer and meter, the default rate, backoff.
 */

const DAY = 86_400_000;
const MINUTE = 60_000;

const streamConfig: TollgateConfig = {
  ...usageTestConfig,
  features: { ...usageTestConfig.features, tokens: { type: 'metered', reset: 'day', reporting: 'stream' } },
};

/**
 * `customers` metered customers on test deps that start `days` days back and
 * whose Stripe client (and stream) go through a MeterProxy; both closed when
 * the test finishes.
 */
async function proxiedCustomers(config: TollgateConfig, days: number, customers: number, delayMs = 0) {
  const start = daysBefore(days);
  const deps = await createTestDeps({ config, now: start });
  const proxy = await startMeterProxy(deps.testStripe!.emulator.url, { delayMs });
  onTestFinished(async () => {
    await proxy.close();
    await deps.close();
  });
  deps.stripe = createStripeClient({ apiKey: 'sk_test_tollgate', baseUrl: proxy.url, maxNetworkRetries: 0 });
  return { deps, proxy, start, ...(await setupMeteredCustomers(deps, customers)) };
}

const meterCalls = (proxy: MeterProxy) => proxy.seen.filter((s) => s.startsWith('POST /v1/billing/meter_events')).length;

describe(`reporter pacing (${testDriver()})`, () => {
  it(
    'usage all day and a round every ten minutes: at most one call per customer x meter x window an hour, and Stripe equals the ledger',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const { deps, proxy, start, meter, ids } = await proxiedCustomers(usageTestConfig, 3, 3);
      const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
      // 30 hours (two day windows): every ten minutes each customer uses 100 tokens (1,000 a day are included), then a round.
      for (let step = 0; step < 180; step++) {
        unwrap(
          await trackBatch(
            deps,
            ids.map((c) => ({ customer: c.external, feature: 'tokens', amount: 100 })),
          ),
        );
        await reporter.runOnce();
        deps.clock.advance(10 * MINUTE);
      }
      // The second day's window closes: what is left of it goes at once.
      deps.clock.set(start.getTime() + 2 * DAY);
      const last = await reporter.runOnce();
      expect(last.planned).toBe(3);
      expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 0 });
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
      // A round per step would have made ~190 calls per customer; the hourly cadence ~30: 24 + 1 for the
      // first day (reports from 01:40 on), 5 + 1 for the second. Bound: customers x (30 hours + 2 windows).
      const calls = meterCalls(proxy);
      expect(calls).toBeLessThanOrEqual(3 * (30 + 2));
      expect(calls).toBeGreaterThanOrEqual(3 * 2 * 2);
      expect(await deps.db.$count(sql`meter_reports`)).toBe(calls);
    },
  );

  it(
    'sends at most one call per customer and meter at a time, many customers at once, at 100 calls/s by default',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const { deps, proxy, start, meter, ids } = await proxiedCustomers(usageTestConfig, 4, 40, 25);
      // Three closed windows each: three reports per customer x meter, due together.
      await trackDays(deps, ids, 3, (i) => ({ amount: 1001 + i }));
      const before = deps.clock.now().getTime();
      const round = await createReporter(deps).runOnce();
      expect(round).toMatchObject({ planned: 120, sent: 120, retrying: 0, failed: 0 });
      expect(proxy.maxPerCustomerMeter).toBe(1);
      expect(proxy.maxInFlight).toBeGreaterThan(1);
      expect(meterCalls(proxy)).toBe(120);
      // The default limiter (100/s, bursts of 10) waits on the deps clock: the 120 calls took 1.1 s of the
      // test's time (10 at once, then one every 10 ms), neither faster nor much slower.
      const elapsed = deps.clock.now().getTime() - before;
      expect(elapsed).toBeGreaterThanOrEqual(1100);
      expect(elapsed).toBeLessThan(1200);
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
    },
  );

  it(
    'through the v2 stream too: a customer x meter with several reports has them in successive requests, never two at once',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const { deps, proxy, start, meter, ids } = await proxiedCustomers(streamConfig, 3, 120, 25);
      await trackDays(deps, ids, 2, (i, day) => ({ amount: 1001 + i, idempotencyKey: `d${day}-${i}` }));
      const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }), meterEventsUrl: proxy.url });
      expect(await reporter.runOnce()).toMatchObject({ planned: 240, sent: 240, retrying: 0, failed: 0 });
      expect(proxy.maxPerCustomerMeter).toBe(1);
      expect(proxy.maxInFlight).toBeGreaterThan(1);
      // Two waves of 120 (each customer's two windows), 100 + 20 a wave.
      expect(proxy.seen.filter((s) => s === 'POST /v2/billing/meter_event_stream')).toHaveLength(4);
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
    },
  );

  it('after a 429 a customer x meter waits out its backoff (1 s, then 2 s) before Stripe hears from it again', async () => {
    const { deps, proxy, start, meter, ids } = await proxiedCustomers(usageTestConfig, 3, 1);
    await trackDays(deps, ids, 2, (_, day) => ({ amount: 1100 + day }));
    const control = `${deps.testStripe!.emulator.url}/_emulator/faults`;
    const faults = { rate: 1, kinds: ['rate_limit'], paths: ['/v1/billing/meter_events'] };
    expect((await fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) })).ok).toBe(true);
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    // The first of the two reports is refused; the second waits with it.
    expect(await reporter.runOnce()).toMatchObject({ planned: 2, sent: 0, retrying: 2 });
    expect(meterCalls(proxy)).toBe(1);
    const quietFor = async (ms: number) => {
      deps.clock.advance(ms);
      expect(await reporter.runOnce()).toMatchObject({ sent: 0, retrying: 0 });
    };
    await quietFor(0);
    await quietFor(999);
    expect(meterCalls(proxy)).toBe(1);
    deps.clock.advance(1);
    expect(await reporter.runOnce()).toMatchObject({ sent: 0, retrying: 2 });
    expect(meterCalls(proxy)).toBe(2);
    await quietFor(1999);
    expect(meterCalls(proxy)).toBe(2);
    await fetch(control, { method: 'DELETE' });
    deps.clock.advance(1);
    expect(await reporter.runOnce()).toMatchObject({ sent: 2, retrying: 0 });
    expect(meterCalls(proxy)).toBe(4);
    const [row] = await queryRows<{ attempts: number }>(deps.db, sql`select max(attempts) as attempts from meter_reports`);
    expect(row?.attempts).toBe(3);
    await expectStripeEqualsLedger(deps, meter.id, ids, start);
  });
});
