import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { meterEventName } from '../../core/config/stripe-keys.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { testNow } from '../../testing/now.ts';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { expectStripeEqualsLedger, injectMeterFaults, ledgerBillable, plannedReports } from './meters.test-support.ts';
import { reportUntilSent, setupMeteredCustomers, stripeTotal, trackDays } from './meters.test-support.ts';
import { planMeterReports } from './plan-reports.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';
import { createWorkerLease, DEFAULT_LEASE_MS } from '../../core/lib/worker-lease.ts';

const DAY = 86_400_000;

describe(`reporter against the emulator's Billing Meters (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('meter summaries equal the ledger after a crash mid-batch and a restart, with deltas for late usage', async () => {
    // The emulator shares the test's clock: it checks meter timestamps against the same time.
    const start = new Date(testNow().getTime() - 3 * DAY);
    deps = await createTestDeps({ config: usageTestConfig, now: start });
    const { meter, ids } = await setupMeteredCustomers(deps, 3);
    // Three days of usage: 1,000 tokens a day are included on Pro; the rest is billable.
    for (let day = 0; day < 3; day++) {
      const events = ids.flatMap((c, i) =>
        Array.from({ length: 40 }, (_, n) => ({ customer: c.external, feature: 'tokens', amount: 30 + i, idempotencyKey: `${day}-${n}` })),
      );
      unwrap(await trackBatch(deps, events));
      deps.clock.advance(DAY);
    }
    // A crash mid-batch: reports were planned, one reached Stripe, but the reporter died before writing `sent`.
    await planMeterReports(deps);
    const [pending] = await plannedReports(deps, 1);
    await deps.stripe.billing.meterEvents.create({
      event_name: meterEventName('tokens'),
      identifier: pending!.identifier,
      timestamp: unixSeconds(new Date(pending!.event_at)),
      payload: { stripe_customer_id: pending!.stripe_customer_id, value: String(pending!.value) },
    });
    // Restart: a new reporter resends everything pending; the identifier makes the resend a no-op.
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    const round = await reporter.runOnce();
    expect(round).toMatchObject({ planned: 0, sent: 9, retrying: 0, failed: 0 });
    // Late usage arrives for yesterday's window after it was reported: a delta.
    const yesterday = new Date(deps.clock.now().getTime() - DAY);
    unwrap(await trackBatch(deps, [{ customer: 'org-0', feature: 'tokens', amount: 500, timestamp: yesterday }]));
    expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1 });
    expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 0 });
    await expectStripeEqualsLedger(deps, meter.id, ids, start);
    // 3 customers x 3 windows + 1 delta: 10 meter events for 361 tracked events.
    expect(await deps.db.$count(sql`meter_reports`)).toBe(10);
  });

  it("under the emulator's injected 429, 500 and dropped connections: backoff, nothing lost, nothing counted twice", async () => {
    const start = new Date(testNow().getTime() - 4 * DAY);
    deps = await createTestDeps({ config: usageTestConfig, now: start });
    const { meter, ids } = await setupMeteredCustomers(deps, 4);
    await trackDays(deps, ids, 4, (i, day) => ({ amount: 1000 + 10 * (i + 1) + day }));
    const faults = await injectMeterFaults(deps, '/v1/billing/meter_events');
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    const retried = await reportUntilSent(deps, reporter, 60);
    const [backedOff] = await queryRows<{ max: number }>(deps.db, sql`select max(attempts) as max from meter_reports`);
    expect(retried).toBeGreaterThan(0);
    expect(backedOff?.max).toBeGreaterThan(1);
    await faults.clear();
    const ledger = await ledgerBillable(deps);
    for (const c of ids) expect(await stripeTotal(deps.stripe, meter.id, c.stripe, start, deps.clock.now())).toBe(ledger.get(c.external));
  });

  it('runs as a background loop until stopped', async () => {
    deps = await createTestDeps({ config: usageTestConfig, now: testNow() });
    const { meter, ids } = await setupMeteredCustomers(deps, 1);
    unwrap(await trackBatch(deps, [{ customer: ids[0]!.external, feature: 'tokens', amount: 1234 }]));
    // Usage in today's window: reported at every round (0), whatever the time of day.
    const reporter = createReporter(deps, { intervalMs: 20, openWindowIntervalMs: 0 });
    reporter.start();
    try {
      for (let i = 0; i < 200; i++) {
        const [row] = await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from meter_reports where status = 'sent'`);
        if (Number(row?.n) === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await reporter.stop();
    }
    const now = deps.clock.now();
    expect(await stripeTotal(deps.stripe, meter.id, ids[0]!.stripe, new Date(now.getTime() - DAY), now)).toBe(234);
  });

  it('reports only while it holds the lease (one reporter per database), takes it over once it expires, and gives it up on stop', async () => {
    deps = await createTestDeps({ config: usageTestConfig, now: new Date(testNow().getTime() - DAY) });
    const { meter, ids } = await setupMeteredCustomers(deps, 1);
    const customer = ids[0]!;
    // Another node's reporter holds the lease.
    const elsewhere = createWorkerLease(deps, 'usage_reporter');
    expect(await elsewhere.acquire()).toBe(true);
    let calls = 0;
    const limiter = createRateLimiter({ ratePerSecond: 1000 });
    const reporter = createReporter(deps, { intervalMs: 20, openWindowIntervalMs: 0, limiter: { acquire: () => (calls++, limiter.acquire()) } });
    const sentCount = async () => Number((await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from meter_reports where status = 'sent'`))[0]?.n);
    reporter.start();
    try {
      unwrap(await trackBatch(deps, [{ customer: customer.external, feature: 'tokens', amount: 1234 }]));
      // Five turns of the loop while the other node holds the lease: not one call.
      while (reporter.turns() < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      expect({ calls, sent: await sentCount() }).toEqual({ calls: 0, sent: 0 });
      // The other node stops renewing (it crashed): once its lease runs out, this reporter takes over.
      deps.clock.advance(DEFAULT_LEASE_MS + 1);
      for (let i = 0; i < 200 && (await sentCount()) < 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect({ calls, sent: await sentCount() }).toEqual({ calls: 1, sent: 1 });
      expect(await elsewhere.acquire()).toBe(false);
    } finally {
      await reporter.stop();
    }
    expect(await deps.db.$count(sql`worker_leases`)).toBe(0); // released: the next one need not wait
    const now = deps.clock.now();
    expect(await stripeTotal(deps.stripe, meter.id, customer.stripe, new Date(now.getTime() - DAY), now)).toBe(234);
  });

  it('flags a report Stripe refuses as too old instead of retrying it forever', async () => {
    deps = await createTestDeps({ config: usageTestConfig, now: new Date(testNow().getTime() - 40 * DAY) });
    const { ids } = await setupMeteredCustomers(deps, 1);
    unwrap(await trackBatch(deps, [{ customer: ids[0]!.external, feature: 'tokens', amount: 1500 }]));
    // Planned while its window is open, whatever the time of day (else it is planned late and never sent).
    expect(await planMeterReports(deps, { openWindowIntervalMs: 0 })).toMatchObject({ planned: 1, expired: 0 });
    deps.clock.advance(40 * DAY); // Stripe's now too: the report is 40 days old
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    expect(await reporter.runOnce()).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await queryRows<{ status: string }>(deps.db, sql`select status from meter_reports`);
    expect(row?.status).toBe('expired');
  });
});
