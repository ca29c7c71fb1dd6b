import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { entitlementSuspensions } from '../../core/db/schema/entitlement-suspensions.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { drainOutbox } from '../../notify/hooks/drain-outbox.ts';
import type { HookMessage } from '../../notify/hooks/types.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { check } from './check.ts';
import { sweepSuspensions } from './sweep-suspensions.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

const DAY = 86_400;
const GRACE_DAYS = 3;
const config = { ...defaultConfig, entitlements: { pastDueGraceDays: GRACE_DAYS } };

describe('entitlements.suspended / restored: fired once when the past-due grace ends and when payment recovers', () => {
  const bed = perTest(() => createWebhookTestbed({ config, toleranceSeconds: 0 }));
  beforeEach(async () => {
    unwrap(await pushConfig(bed.deps, { apply: true }));
  });

  const hooks = async (): Promise<HookMessage[]> => {
    const seen: HookMessage[] = [];
    await drainOutbox(bed.deps, (m) => Promise.resolve(void seen.push(m)), { consumer: 'test' });
    return seen.filter((m) => m.type.startsWith('entitlements.'));
  };
  const at = (seconds: number) => bed.deps.clock.set(new Date(seconds * 1000).toISOString());

  /** Pro paid on a test clock, then the card fails at renewal: past_due. */
  async function failedRenewal() {
    const start = unixSeconds(bed.deps.clock.now());
    const clock = await bed.deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await bed.deps.stripe.customers.create({ test_clock: clock.id, metadata: { tollgate_external_id: 'org_1' } });
    const visa = await bed.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const [price] = (await bed.deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data;
    const sub = await bed.deps.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price?.id ?? '' }], default_payment_method: visa.id });
    const failing = await bed.deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await bed.deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const periodEnd = sub.items.data[0]?.current_period_end ?? 0;
    await advanceTestClock(bed.deps.stripe, clock.id, periodEnd + 2 * 3600);
    await bed.deliverNew();
    const [row] = await bed.deps.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    if (row?.status !== 'past_due' || !row.pastDueSince) throw new Error(`expected past_due, got ${row?.status}`);
    return { sub, visa, clock, failedAt: row.pastDueSince.getTime() / 1000, invoice: row.latestInvoiceId ?? '' };
  }

  it('suspends once at the end of the grace, as check sees it; restores once when the invoice is paid', async () => {
    const { sub, visa, failedAt, invoice } = await failedRenewal();
    at(failedAt + GRACE_DAYS * DAY - 60);
    expect(await sweepSuspensions(bed.deps)).toEqual({ suspended: [], restored: [] });
    expect(unwrap(await check(bed.deps, { customer: 'org_1', feature: 'analytics' }))).toMatchObject({ plan: 'pro' });

    at(failedAt + GRACE_DAYS * DAY);
    expect(unwrap(await check(bed.deps, { customer: 'org_1', feature: 'messages' }))).toMatchObject({ plan: 'free' });
    const [a, b] = await Promise.all([sweepSuspensions(bed.deps), sweepSuspensions(bed.deps)]);
    expect([...a.suspended, ...b.suspended]).toEqual([sub.id]);
    expect(await sweepSuspensions(bed.deps)).toEqual({ suspended: [], restored: [] });
    const suspended = await hooks();
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({
      type: 'entitlements.suspended',
      externalId: 'org_1',
      objectId: sub.id,
      payload: {
        reason: 'past_due_grace_ended',
        suspendedAt: new Date((failedAt + GRACE_DAYS * DAY) * 1000).toISOString(),
        subscription: { id: sub.id, status: 'past_due', planKey: 'pro' },
      },
    });

    // The customer pays with a good card: active again, restored once.
    expect((await bed.deps.stripe.invoices.pay(invoice, { payment_method: visa.id })).status).toBe('paid');
    await bed.deliverNew();
    const [c, d] = await Promise.all([sweepSuspensions(bed.deps), sweepSuspensions(bed.deps)]);
    expect([...c.restored, ...d.restored]).toEqual([sub.id]);
    expect(await sweepSuspensions(bed.deps)).toEqual({ suspended: [], restored: [] });
    expect(await hooks()).toMatchObject([
      {
        type: 'entitlements.restored',
        objectId: sub.id,
        payload: { subscription: { status: 'active' }, suspendedAt: new Date((failedAt + GRACE_DAYS * DAY) * 1000).toISOString() },
      },
    ]);
    expect(await bed.deps.db.select().from(entitlementSuspensions)).toEqual([]);
  });

  it('a suspended subscription that is canceled is forgotten without a restored hook', async () => {
    const { sub, failedAt } = await failedRenewal();
    at(failedAt + GRACE_DAYS * DAY + 1);
    expect((await sweepSuspensions(bed.deps)).suspended).toEqual([sub.id]);
    await bed.deps.stripe.subscriptions.cancel(sub.id);
    await bed.deliverNew();
    expect(await sweepSuspensions(bed.deps)).toEqual({ suspended: [], restored: [] });
    expect((await hooks()).map((m) => m.type)).toEqual(['entitlements.suspended']);
    expect(await bed.deps.db.select().from(entitlementSuspensions)).toEqual([]);
  });
});
