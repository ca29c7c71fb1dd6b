import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { startEmulator } from 'stripe-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import type { TollgateConfig } from '../../core/config/types.ts';
import { meterEventName } from '../../core/config/stripe-keys.ts';
import { queryRows } from '../../core/db/sql.ts';
import { unwrap } from '../../core/lib/result.ts';
import { createStripeClient } from '../../core/stripe/client.ts';
import { testDriver } from '../../testing/db.ts';
import { createTestDeps, type TestDeps } from '../../testing/deps.ts';
import { usageTestConfig } from '../ledger/fixtures.test-support.ts';
import { testNow, SCENARIO_TIMEOUT_MS } from '../../testing/now.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { expectStripeEqualsLedger, injectMeterFaults, ledgerBillable, plannedReports } from './meters.test-support.ts';
import { reportUntilSent, setupMeteredCustomers, startMeterProxy, stripeTotal, trackDays } from './meters.test-support.ts';
import { planMeterReports } from './plan-reports.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';

const DAY = 86_400_000;

/** The usage test config with `tokens` (overage on Pro) reported through the v2 stream. */
const streamConfig: TollgateConfig = {
  ...usageTestConfig,
  features: { ...usageTestConfig.features, tokens: { type: 'metered', reset: 'day', reporting: 'stream' } },
};

/** Counts the SDK's requests by path, from its own `response` events. */
function countRequests(stripe: Stripe): Map<string, number> {
  const counts = new Map<string, number>();
  // The SDK types `on` as any; this is its documented signature for 'response'.
  const events = stripe as unknown as { on(name: 'response', handler: (event: Stripe.ResponseEvent) => void): void };
  events.on('response', (event) => counts.set(event.path, (counts.get(event.path) ?? 0) + 1));
  return counts;
}

const fast = () => createRateLimiter({ ratePerSecond: 1000 });

describe(`reporter through the v2 meter event stream (${testDriver()})`, () => {
  let deps: TestDeps;
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await deps.close();
    for (const c of cleanup.splice(0)) await c();
  });
  /** Deps `days` days back on the stream config, with `customers` metered customers. */
  async function meteredSince(days: number, customers: number) {
    const start = new Date(testNow().getTime() - days * DAY);
    deps = await createTestDeps({ config: streamConfig, now: start });
    return { start, ...(await setupMeteredCustomers(deps, customers)) };
  }

  it(
    'batches 100 reports per request on one cached session; a crash mid-batch and a restart bill nothing twice',
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const { start, meter, ids } = await meteredSince(2, 120);
      await trackDays(deps, ids, 2, (i, day) => ({ amount: 1001 + i + 7 * day, idempotencyKey: `d${day}-${i}` }));
      // A crash mid-round: reports planned, 100 of them reached Stripe through the stream, `sent` never written.
      expect(await planMeterReports(deps)).toEqual({ planned: 240, expired: 0 });
      const early = await plannedReports(deps, 100);
      const session = await deps.stripe.v2.billing.meterEventSession.create();
      await deps.stripe.v2.billing.meterEventStream.create(
        {
          events: early.map((r) => ({
            event_name: meterEventName('tokens'),
            identifier: r.identifier,
            timestamp: new Date(r.event_at).toISOString(),
            payload: { stripe_customer_id: r.stripe_customer_id, value: String(r.value) },
          })),
        },
        { apiKey: session.authentication_token },
      );
      // Restart: a new reporter resends all 240 with the same identifiers.
      const requests = countRequests(deps.stripe);
      const reporter = createReporter(deps, { limiter: fast() });
      expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 240, retrying: 0, failed: 0 });
      expect(requests.get('/v2/billing/meter_event_session')).toBe(1);
      // Two waves (each customer's two windows never in flight together) of 120: 100 + 20 each.
      expect(requests.get('/v2/billing/meter_event_stream')).toBe(4);
      expect(requests.get('/v1/billing/meter_events')).toBeUndefined();
      // Late usage in yesterday's window: a delta (seq 1), on the cached session.
      unwrap(await trackBatch(deps, [{ customer: 'org-0', feature: 'tokens', amount: 500, timestamp: new Date(deps.clock.now().getTime() - DAY) }]));
      expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1 });
      expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 0 });
      expect(requests.get('/v2/billing/meter_event_session')).toBe(1);
      expect(requests.get('/v2/billing/meter_event_stream')).toBe(5);
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
    },
  );

  it(
    "under the emulator's injected 429, 500 and dropped connections on the stream: backoff, nothing lost, nothing counted twice",
    { timeout: SCENARIO_TIMEOUT_MS },
    async () => {
      const { start, meter, ids } = await meteredSince(3, 30);
      await trackDays(deps, ids, 3, (i, day) => ({ amount: 1000 + 10 * (i + 1) + day }));
      const faults = await injectMeterFaults(deps, '/v2/billing/meter_event_stream');
      // Small claims: many stream requests, so some fail while others pass.
      const reporter = createReporter(deps, { limiter: fast(), sendBatchSize: 10 });
      const retried = await reportUntilSent(deps, reporter, 80);
      const [state] = await queryRows<{ max: number; unsent: string }>(
        deps.db,
        sql`select max(attempts) as max, count(*) filter (where status <> 'sent') as unsent from meter_reports`,
      );
      expect(Number(state?.unsent)).toBe(0);
      expect(retried).toBeGreaterThan(0);
      expect(state?.max).toBeGreaterThan(1);
      expect(await faults.injected()).toBeGreaterThan(0);
      await faults.clear();
      await expectStripeEqualsLedger(deps, meter.id, ids, start);
    },
  );

  it('renews the session before it expires by our clock, and at once when Stripe says it has expired', async () => {
    let emulatorNow = testNow().getTime();
    const emulator = await startEmulator({ port: 0, clock: { now: () => emulatorNow } });
    cleanup.push(() => emulator.close());
    deps = await createTestDeps({ config: streamConfig, stripe: false, now: new Date(emulatorNow) });
    deps.stripe = createStripeClient({ apiKey: 'sk_test_stream', baseUrl: emulator.url, maxNetworkRetries: 0 });
    const { meter, ids } = await setupMeteredCustomers(deps, 2);
    const requests = countRequests(deps.stripe);
    // Usage in the open window, reported at every round (0).
    const reporter = createReporter(deps, { limiter: fast(), openWindowIntervalMs: 0 });
    const usage = async (n: number) => {
      unwrap(
        await trackBatch(
          deps,
          ids.map((c) => ({ customer: c.external, feature: 'tokens', amount: 1000 + n, idempotencyKey: `u${n}` })),
        ),
      );
      return reporter.runOnce();
    };
    expect(await usage(1)).toMatchObject({ sent: 2, failed: 0 });
    // 10 minutes later (both clocks): the 15-minute session is still good.
    deps.clock.advance(10 * 60_000);
    emulatorNow += 10 * 60_000;
    expect(await usage(2)).toMatchObject({ sent: 2 });
    expect(requests.get('/v2/billing/meter_event_session')).toBe(1);
    // 5 more minutes: inside the renewal margin by our clock, a new session first.
    deps.clock.advance(5 * 60_000);
    emulatorNow += 5 * 60_000;
    expect(await usage(3)).toMatchObject({ sent: 2 });
    expect(requests.get('/v2/billing/meter_event_session')).toBe(2);
    expect(requests.get('/v2/billing/meter_event_stream')).toBe(3);
    // Stripe's clock runs ahead of ours: it refuses the token as expired; renewed and resent in the same round.
    emulatorNow += 16 * 60_000;
    expect(await usage(4)).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    expect(requests.get('/v2/billing/meter_event_session')).toBe(3);
    expect(requests.get('/v2/billing/meter_event_stream')).toBe(5);
    const ledger = await ledgerBillable(deps);
    for (const c of ids) {
      const billed = await stripeTotal(deps.stripe, meter.id, c.stripe, new Date(emulatorNow - DAY), new Date(emulatorNow));
      expect(billed).toBe(ledger.get(c.external));
    }
  });

  it('sends stream requests to the configured base URL, not the API host', async () => {
    deps = await createTestDeps({ config: streamConfig, now: testNow() });
    const { meter, ids } = await setupMeteredCustomers(deps, 1);
    // A forwarding proxy standing in for meter-events.stripe.com: it sees only stream requests.
    const proxy = await startMeterProxy(deps.testStripe!.emulator.url);
    cleanup.push(() => proxy.close());
    unwrap(await trackBatch(deps, [{ customer: ids[0]!.external, feature: 'tokens', amount: 1234 }]));
    const reporter = createReporter(deps, { limiter: fast(), openWindowIntervalMs: 0, meterEventsUrl: proxy.url });
    expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1 });
    expect(proxy.seen).toEqual(['POST /v2/billing/meter_event_stream']);
    const now = deps.clock.now();
    expect(await stripeTotal(deps.stripe, meter.id, ids[0]!.stripe, new Date(now.getTime() - DAY), now)).toBe(234);
  });
});
