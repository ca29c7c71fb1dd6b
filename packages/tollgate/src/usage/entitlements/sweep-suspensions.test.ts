import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { entitlementSuspensions } from '../../core/db/schema/entitlement-suspensions.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { drainOutbox } from '../../notify/hooks/drain-outbox.ts';
import type { HookMessage } from '../../notify/hooks/types.ts';
import { unixSeconds } from '../../core/lib/clock.ts';
import { unwrap } from '../../core/lib/result.ts';
import { pushConfig } from '../../commands/push/push.ts';
import type { TestDeps } from '../../testing/deps.ts';
import { advanceTestClock } from '../../testing/test-clock.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { check } from './check.ts';
import { sweepSuspensions } from './sweep-suspensions.ts';

const DAY = 86_400;
const GRACE_DAYS = 3;
const config = { ...defaultConfig, entitlements: { pastDueGraceDays: GRACE_DAYS } };

describe('entitlements.suspended / restored: fired once when the past-due grace ends and when payment recovers', () => {
  let deps: TestDeps;
  let deliverNew: () => Promise<void>;
  beforeEach(async () => {
    ({ deps, deliverNew } = await createWebhookTestbed({ config, toleranceSeconds: 0 }));
    unwrap(await pushConfig(deps, { apply: true }));
  });
  afterEach(() => deps.close());

  const hooks = async (): Promise<HookMessage[]> => {
    const seen: HookMessage[] = [];
    await drainOutbox(deps, (m) => Promise.resolve(void seen.push(m)), { consumer: 'test' });
    return seen.filter((m) => m.type.startsWith('entitlements.'));
  };
  const at = (seconds: number) => deps.clock.set(new Date(seconds * 1000).toISOString());

  /** Pro paid on a test clock, then the card fails at renewal: past_due. */
  async function failedRenewal() {
    const start = unixSeconds(deps.clock.now());
    const clock = await deps.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await deps.stripe.customers.create({ test_clock: clock.id, metadata: { tollgate_external_id: 'org_1' } });
    const visa = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const [price] = (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey('pro', 'month')] })).data;
    const sub = await deps.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price?.id ?? '' }], default_payment_method: visa.id });
    const failing = await deps.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await deps.stripe.subscriptions.update(sub.id, { default_payment_method: failing.id });
    const periodEnd = sub.items.data[0]?.current_period_end ?? 0;
    await advanceTestClock(deps.stripe, clock.id, periodEnd + 2 * 3600);
    await deliverNew();
    const [row] = await deps.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    if (row?.status !== 'past_due' || !row.pastDueSince) throw new Error(`expected past_due, got ${row?.status}`);
    return { sub, visa, clock, failedAt: row.pastDueSince.getTime() / 1000, invoice: row.latestInvoiceId ?? '' };
  }

  it('suspends once at the end of the grace, as check sees it; restores once when the invoice is paid', async () => {
    const { sub, visa, failedAt, invoice } = await failedRenewal();
    at(failedAt + GRACE_DAYS * DAY - 60);
    expect(await sweepSuspensions(deps)).toEqual({ suspended: [], restored: [] });
    expect(unwrap(await check(deps, { customer: 'org_1', feature: 'analytics' }))).toMatchObject({ plan: 'pro' });

    at(failedAt + GRACE_DAYS * DAY);
    expect(unwrap(await check(deps, { customer: 'org_1', feature: 'messages' }))).toMatchObject({ plan: 'free' });
    const [a, b] = await Promise.all([sweepSuspensions(deps), sweepSuspensions(deps)]);
    expect([...a.suspended, ...b.suspended]).toEqual([sub.id]);
    expect(await sweepSuspensions(deps)).toEqual({ suspended: [], restored: [] });
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
    expect((await deps.stripe.invoices.pay(invoice, { payment_method: visa.id })).status).toBe('paid');
    await deliverNew();
    const [c, d] = await Promise.all([sweepSuspensions(deps), sweepSuspensions(deps)]);
    expect([...c.restored, ...d.restored]).toEqual([sub.id]);
    expect(await sweepSuspensions(deps)).toEqual({ suspended: [], restored: [] });
    expect(await hooks()).toMatchObject([
      {
        type: 'entitlements.restored',
        objectId: sub.id,
        payload: { subscription: { status: 'active' }, suspendedAt: new Date((failedAt + GRACE_DAYS * DAY) * 1000).toISOString() },
      },
    ]);
    expect(await deps.db.select().from(entitlementSuspensions)).toEqual([]);
  });

  it('a suspended subscription that is canceled is forgotten without a restored hook', async () => {
    const { sub, failedAt } = await failedRenewal();
    at(failedAt + GRACE_DAYS * DAY + 1);
    expect((await sweepSuspensions(deps)).suspended).toEqual([sub.id]);
    await deps.stripe.subscriptions.cancel(sub.id);
    await deliverNew();
    expect(await sweepSuspensions(deps)).toEqual({ suspended: [], restored: [] });
    expect((await hooks()).map((m) => m.type)).toEqual(['entitlements.suspended']);
    expect(await deps.db.select().from(entitlementSuspensions)).toEqual([]);
  });
});
