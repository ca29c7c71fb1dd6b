import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCheckout } from '../../commands/checkout/create.ts';
import { TEMPLATES } from '../../edges/cli/commands/init-templates.ts';
import type { TollgateConfig } from '../../core/config/types.ts';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { invoices } from '../../core/db/schema/invoices.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { testDriver } from '../../testing/db.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { check } from '../entitlements/check.ts';
import { trackBatch } from '../ledger/track-batch.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createReporter } from './run-reporter.ts';

const HOUR = 3600;
const CARD = { card_number: '4242 4242 4242 4242', card_expiry: '12 / 34', card_cvc: '123', name: 'Ada Lovelace' };
/** Seed 004's marketplace: Pro includes 5,000 executions a billing period, then $0.01 per 10 (rounded up). */
const marketplace = TEMPLATES.marketplace?.config as TollgateConfig;

describe(`overage from the ledger to the renewal invoice (${testDriver()})`, () => {
  let deps: TestDeps;
  afterEach(() => deps.close());

  it('tracked usage beyond the included amount is billed once, on the invoice that closes the period', async () => {
    const testbed = await createWebhookTestbed({ config: marketplace, toleranceSeconds: 0 });
    deps = testbed.deps;
    unwrap(await pushConfig(deps, { apply: true }));
    // The period starts now, on a Stripe test clock at the test's instant.
    const start = unixSeconds(deps.clock.now());
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    unwrap(await getOrCreateCustomer(deps, { externalId: 'team_1', email: 'ops@example.com', testClock: clock.id }));
    const session = unwrap(
      await createCheckout(deps, { customer: 'team_1', plan: 'pro', successUrl: 'https://app.test/ok', cancelUrl: 'https://app.test/no' }),
    );
    expect((await fetch(session.url, { method: 'POST', body: new URLSearchParams(CARD), redirect: 'manual' })).status).toBe(303);
    await testbed.deliverNew();

    // Two hours into the period (for the engine and the customer's test clock): 6,234 executions, 1,234 beyond the 5,000 included.
    deps.clock.set((start + 2 * HOUR) * 1000);
    await advanceTestClock(deps.stripe, clock.id, start + 2 * HOUR);
    await testbed.deliverNew();
    unwrap(
      await trackBatch(
        deps,
        Array.from({ length: 6 }, (_, i) => ({ customer: 'team_1', feature: 'executions', amount: i === 0 ? 1234 : 1000, idempotencyKey: `run-${i}` })),
      ),
    );
    expect(unwrap(await check(deps, { customer: 'team_1', feature: 'executions' }))).toMatchObject({
      plan: 'pro',
      used: 6234,
      limit: 5000,
      allowed: true,
      overage: true,
    });
    const reporter = createReporter(deps, { limiter: createRateLimiter({ ratePerSecond: 1000 }) });
    expect(await reporter.runOnce()).toMatchObject({ planned: 1, sent: 1, failed: 0 });

    // The period ends; the renewal invoice bills the period's usage in arrears.
    const sub = (
      await deps.stripe.subscriptions.list({ customer: (await deps.stripe.customers.search({ query: "email:'ops@example.com'" })).data[0]?.id ?? '' })
    ).data[0];
    const periodEnd = sub?.items.data[0]?.current_period_end ?? 0;
    await advanceTestClock(deps.stripe, clock.id, periodEnd + 2 * HOUR);
    await testbed.deliverNew();
    const renewal = (await deps.stripe.invoices.list({ subscription: sub?.id ?? '' })).data.find((i) => i.billing_reason === 'subscription_cycle');
    if (!renewal) throw new Error('no renewal invoice');
    const usage = renewal.lines.data.find((l) => l.quantity === 1234);
    // 1,234 executions at $0.01 per 10, rounded up: 124 cents, once.
    expect(usage).toMatchObject({ quantity: 1234, amount: 124, currency: 'usd' });
    expect(renewal.lines.data.filter((l) => l.amount === 124)).toHaveLength(1);
    expect(renewal.amount_due).toBe(1500 + 124);
    // The mirror holds the same invoice; the reporter has nothing more to send.
    const [mirrored] = await deps.db.select().from(invoices).where(eq(invoices.id, renewal.id));
    expect(mirrored).toMatchObject({ amountDue: 1624, currency: 'usd' });
    expect(await reporter.runOnce()).toMatchObject({ planned: 0, sent: 0 });
  });
});
