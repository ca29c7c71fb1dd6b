import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { meterEventName } from '../config/stripe-keys.ts';
import { queryRows } from '../db/rows.ts';
import { unixSeconds } from '../lib/clock.ts';
import { unwrap } from '../lib/result.ts';
import { testDriver } from '../testing/db.ts';
import { createTestDeps, type TestDeps } from '../testing/deps.ts';
import { seedCustomer, usageTestConfig } from '../usage/test-fixtures.ts';
import { trackBatch } from '../usage/track-batch.ts';
import { planMeterReports } from './plan-reports.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';

const DAY = 86_400_000;

async function setup(deps: TestDeps, customers: number) {
  const meter = await deps.stripe.billing.meters.create({
    display_name: 'Tokens',
    event_name: meterEventName('tokens'),
    default_aggregation: { formula: 'sum' },
    customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
    value_settings: { event_payload_key: 'value' },
  });
  const ids: { external: string; stripe: string }[] = [];
  for (let i = 0; i < customers; i++) {
    const c = await deps.stripe.customers.create({ email: `c${i}@example.com` });
    const external = `org-${i}`;
    await seedCustomer(deps.db, {
      externalId: external,
      stripeCustomerId: c.id,
      subscription: { planKey: 'pro', status: 'active', periodStart: new Date(Date.now() - 20 * DAY).toISOString(), periodEnd: new Date(Date.now() + 10 * DAY).toISOString() },
    });
    ids.push({ external, stripe: c.id });
  }
  return { meter, ids };
}

/** Billable units per customer in the ledger's counters. */
async function ledgerBillable(deps: TestDeps): Promise<Map<string, number>> {
  const rows = await queryRows<{ customer_id: string; billable: string }>(
    deps.db,
    sql`select customer_id, sum(billable) as billable from usage_counters group by customer_id`,
  );
  return new Map(rows.map((r) => [r.customer_id, Number(r.billable)]));
}

async function stripeTotal(stripe: Stripe, meter: string, customer: string, from: Date, to: Date): Promise<number> {
  const start = Math.floor(unixSeconds(from) / 86_400) * 86_400;
  const end = Math.ceil(unixSeconds(to) / 86_400) * 86_400 + 86_400;
  const summaries = await stripe.billing.meters.listEventSummaries(meter, { customer, start_time: start, end_time: end });
  return summaries.data.reduce((sum, s) => sum + s.aggregated_value, 0);
}

describe(`reporter against the emulator's Billing Meters (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('meter summaries equal the ledger after a crash mid-batch and a restart, with deltas for late usage', async () => {
    // The emulator checks meter timestamps against its own (real) clock.
    const start = new Date(Date.now() - 3 * DAY);
    deps = await createTestDeps({ config: usageTestConfig, now: start });
    const { meter, ids } = await setup(deps, 3);
    // Three days of usage: 1,000 tokens a day are included on Pro; the rest is billable.
    for (let day = 0; day < 3; day++) {
      const events = ids.flatMap((c, i) => Array.from({ length: 40 }, (_, n) => ({ customer: c.external, feature: 'tokens', amount: 30 + i, idempotencyKey: `${day}-${n}` })));
      unwrap(await trackBatch(deps, events));
      deps.clock.advance(DAY);
    }
    // A crash mid-batch: reports were planned, one reached Stripe, but the reporter died before writing `sent`.
    await planMeterReports(deps);
    const [pending] = await queryRows<{ identifier: string; stripe_customer_id: string; value: string; event_at: Date | string }>(
      deps.db,
      sql`select identifier, stripe_customer_id, value, event_at from meter_reports order by identifier limit 1`,
    );
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
    const ledger = await ledgerBillable(deps);
    for (const c of ids) {
      const billed = await stripeTotal(deps.stripe, meter.id, c.stripe, start, deps.clock.now());
      expect(billed).toBe(ledger.get(c.external));
      expect(billed).toBeGreaterThan(0);
    }
    // 3 customers x 3 windows + 1 delta: 10 meter events for 361 tracked events.
    expect(await deps.db.$count(sql`meter_reports`)).toBe(10);
  });

  it("under the emulator's injected 429, 500 and dropped connections: backoff, nothing lost, nothing counted twice", async () => {
    const start = new Date(Date.now() - 4 * DAY);
    deps = await createTestDeps({ config: usageTestConfig, now: start });
    const { meter, ids } = await setup(deps, 4);
    for (let day = 0; day < 4; day++) {
      unwrap(await trackBatch(deps, ids.map((c, i) => ({ customer: c.external, feature: 'tokens', amount: 1000 + 10 * (i + 1) + day }))));
      deps.clock.advance(DAY);
    }
    const control = `${deps.testStripe!.emulator.url}/_emulator/faults`;
    const faults = { rate: 0.6, kinds: ['rate_limit', 'server_error', 'drop'], paths: ['/v1/billing/meter_events'] };
    expect((await fetch(control, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) })).ok).toBe(true);
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    let retried = 0;
    for (let round = 0; round < 60; round++) {
      const r = await reporter.runOnce();
      retried += r.retrying;
      expect(r.failed).toBe(0);
      const [left] = await queryRows<{ n: string }>(deps.db, sql`select count(*) as n from meter_reports where status <> 'sent'`);
      if (Number(left?.n) === 0) break;
      deps.clock.advance(10 * 60_000); // past any backoff
    }
    const [backedOff] = await queryRows<{ max: number }>(deps.db, sql`select max(attempts) as max from meter_reports`);
    expect(retried).toBeGreaterThan(0);
    expect(backedOff?.max).toBeGreaterThan(1);
    await fetch(control, { method: 'DELETE' });
    const ledger = await ledgerBillable(deps);
    for (const c of ids) expect(await stripeTotal(deps.stripe, meter.id, c.stripe, start, deps.clock.now())).toBe(ledger.get(c.external));
  });

  it('runs as a background loop until stopped', async () => {
    deps = await createTestDeps({ config: usageTestConfig, now: new Date() });
    const { meter, ids } = await setup(deps, 1);
    unwrap(await trackBatch(deps, [{ customer: ids[0]!.external, feature: 'tokens', amount: 1234 }]));
    const reporter = createReporter(deps, { intervalMs: 20 });
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

  it('flags a report Stripe refuses as too old instead of retrying it forever', async () => {
    deps = await createTestDeps({ config: usageTestConfig, now: new Date(Date.now() - 40 * DAY) });
    const { ids } = await setup(deps, 1);
    unwrap(await trackBatch(deps, [{ customer: ids[0]!.external, feature: 'tokens', amount: 1500 }]));
    await planMeterReports(deps);
    deps.clock.set(Date.now());
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    expect(await reporter.runOnce()).toMatchObject({ sent: 0, failed: 1 });
    const [row] = await queryRows<{ status: string }>(deps.db, sql`select status from meter_reports`);
    expect(row?.status).toBe('expired');
  });
});
