import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { unwrap } from '../../core/lib/result.ts';
import { runPastDueScenario } from '../../stripe-in/mirror/scenario.test-support.ts';
import { testDriver } from '../../testing/db.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { consume } from '../ledger/consume.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { check } from './check.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const DAY = 86_400;
const GRACE_DAYS = defaultConfig.entitlements?.pastDueGraceDays ?? 7;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe(`past_due grace counts from when the subscription went past due (${testDriver()})`, () => {
  const bed = perTest(() => createWebhookTestbed({ config: defaultConfig, toleranceSeconds: 0 }));
  const row = async (id: string) => (await bed.deps.db.select().from(subscriptions).where(eq(subscriptions.id, id)))[0];
  /** `check` of a feature only Business has, at `seconds` on the engine's clock. */
  const analyticsAt = async (seconds: number) => {
    bed.deps.clock.set(iso(seconds));
    return unwrap(await check(bed.deps, { customer: 'user_1', feature: 'analytics' }));
  };

  it('a card failing mid-period: the plan holds for the grace days from the failure (not the period start), then the free plan; paying clears it; a failed renewal starts it again', async () => {
    // Pro paid on day 0; on day 10 the card fails on an upgrade to Business invoiced at once.
    const start = unixSeconds(bed.deps.clock.now());
    const s = await runPastDueScenario(bed.deps.stripe, {
      externalId: 'user_1',
      from: { plan: 'pro', amount: 1500 },
      to: { plan: 'business', amount: 4900 },
      frozenTime: start,
      failAfter: 10 * DAY,
    });
    await bed.deliverNew();
    const due = await row(s.created.id);
    expect(due).toMatchObject({ status: 'past_due', planKey: 'business', pastDueSince: new Date(s.failedAt * 1000) });
    expect(due?.currentPeriodStart?.getTime()).toBe(start * 1000);

    // Counted from the period start, the grace would have ended on day 7.
    const graceEnd = s.failedAt + GRACE_DAYS * DAY;
    expect(start + GRACE_DAYS * DAY).toBeLessThan(graceEnd - DAY);
    expect(await analyticsAt(graceEnd - 60)).toMatchObject({ allowed: true, plan: 'business' });
    expect(unwrap(await consume(bed.deps, { customer: 'user_1', feature: 'messages', amount: 100 }))).toMatchObject({
      allowed: true,
      plan: 'business',
      limit: 2000,
    });
    expect(await analyticsAt(graceEnd + 60)).toMatchObject({ allowed: false, code: 'subscription_inactive', plan: 'free' });
    const refused = await consume(bed.deps, { customer: 'user_1', feature: 'messages', amount: 100 });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'limit_reached', details: { plan: 'free' } });

    // Two days later (before Stripe's first retry) the customer pays with a good card: no longer past due.
    await advanceTestClock(bed.deps.stripe, s.clock.id, s.failedAt + 2 * DAY);
    const invoice = typeof s.pastDue.latest_invoice === 'string' ? s.pastDue.latest_invoice : s.pastDue.latest_invoice?.id;
    if (!invoice) throw new Error('the failed upgrade has no invoice');
    expect((await bed.deps.stripe.invoices.pay(invoice, { payment_method: s.visa.id })).status).toBe('paid');
    await bed.deliverNew();
    expect(await row(s.created.id)).toMatchObject({ status: 'active', pastDueSince: null });
    expect(await analyticsAt(graceEnd + 60)).toMatchObject({ allowed: true, plan: 'business' });

    // The subscription's own card still fails: the renewal (finalized an hour after the period starts) makes it past due again.
    const periodEnd = due?.currentPeriodEnd ? due.currentPeriodEnd.getTime() / 1000 : 0;
    await advanceTestClock(bed.deps.stripe, s.clock.id, periodEnd + 2 * 3600);
    await bed.deliverNew();
    const again = await row(s.created.id);
    const renewal = await bed.deps.stripe.invoices.retrieve(again?.latestInvoiceId ?? '');
    const failedRenewal = renewal.status_transitions.finalized_at ?? 0;
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', status: 'open', attempt_count: 1 });
    expect(again).toMatchObject({ status: 'past_due', pastDueSince: new Date(failedRenewal * 1000), currentPeriodStart: new Date(periodEnd * 1000) });
    expect(failedRenewal).toBe(periodEnd + 3600);
    expect(await analyticsAt(failedRenewal + GRACE_DAYS * DAY - 60)).toMatchObject({ allowed: true, plan: 'business' });
    expect(await analyticsAt(failedRenewal + GRACE_DAYS * DAY + 60)).toMatchObject({ allowed: false, code: 'subscription_inactive' });
  });
});
