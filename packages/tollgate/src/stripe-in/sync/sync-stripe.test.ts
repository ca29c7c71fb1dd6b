import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers } from '../../core/db/schema/customers.ts';
import { paymentMethods } from '../../core/db/schema/payment-methods.ts';
import { products } from '../../core/db/schema/products.ts';
import { syncCursors } from '../../core/db/schema/sync-cursors.ts';
import { subscriptionSchedules } from '../../core/db/schema/subscription-schedules.ts';
import { planPriceLookupKey } from '../../core/config/stripe-keys.ts';
import { unwrap } from '../../core/lib/result.ts';
import { getOrCreateCustomer } from '../../commands/customers/get-or-create.ts';
import { pushConfig } from '../../commands/push/push.ts';
import { getSubscription } from '../../reads/billing/get-subscription.ts';
import { createTestDeps } from '../../testing/deps.ts';
import { resyncObject } from './resync-object.ts';
import { type SyncProgress, syncStripe } from './sync-stripe.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('reconciliation', () => {
  const deps = perTest(createTestDeps);

  it('pages through Stripe, resumes from the stored cursor and reports progress', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await deps.stripe.customers.create({ email: `c${i}@example.com` })).id);
    await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: ids[0] ?? '' });
    await deps.stripe.products.create({ name: 'Pro', metadata: { tollgate_plan: 'pro' } });

    const first = await syncStripe(deps, { resources: ['customers'], pageSize: 2, maxPages: 1 });
    expect(first.applied.customers).toBe(2);
    const [cursor] = await deps.db.select().from(syncCursors).where(eq(syncCursors.resource, 'customers'));
    expect(cursor).toMatchObject({ applied: 2, finishedAt: null });
    expect(cursor?.cursor).toMatch(/^cus_/);

    const progress: SyncProgress[] = [];
    const rest = await syncStripe(deps, { pageSize: 2, onProgress: (p) => progress.push(p) });
    expect(rest.applied.customers).toBe(3);
    expect(rest.applied.products).toBe(1);
    expect(rest.applied.payment_methods).toBe(1);
    expect(progress.filter((p) => p.resource === 'customers').at(-1)).toEqual({ resource: 'customers', applied: 5, done: true });
    expect((await deps.db.select().from(customers)).map((c) => c.stripeCustomerId).sort()).toEqual([...ids].sort());
    expect(await deps.db.select().from(products)).toHaveLength(1);
    expect(await deps.db.select({ id: paymentMethods.id }).from(paymentMethods)).toHaveLength(1);
    const [done] = await deps.db.select().from(syncCursors).where(eq(syncCursors.resource, 'customers'));
    expect(done).toMatchObject({ cursor: null, applied: 5 });
    expect(done?.finishedAt).toBeInstanceOf(Date);
  });

  it('brings in a subscription schedule whose webhooks never arrived: the scheduled downgrade shows', async () => {
    const config = deps.config;
    unwrap(await pushConfig(deps, { apply: true }));
    const { customer } = unwrap(await getOrCreateCustomer(deps, { externalId: 'sched' }));
    const pm = await deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.stripeCustomerId });
    const [paid, lower] = Object.entries(config.plans)
      .filter(([, p]) => p.prices?.monthly !== undefined)
      .sort(([, a], [, b]) => (b.prices?.monthly ?? 0) - (a.prices?.monthly ?? 0));
    if (!paid || !lower) throw new Error('the test config needs two paid monthly plans');
    const price = async (plan: string) => (await deps.stripe.prices.list({ lookup_keys: [planPriceLookupKey(plan, 'month')] })).data[0]!.id;
    const sub = await deps.stripe.subscriptions.create({
      customer: customer.stripeCustomerId,
      items: [{ price: await price(paid[0]) }],
      default_payment_method: pm.id,
    });
    const schedule = await deps.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const periodEnd = sub.items.data[0]!.current_period_end;
    await deps.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        { items: [{ price: await price(paid[0]), quantity: 1 }], start_date: schedule.current_phase!.start_date, end_date: periodEnd },
        { items: [{ price: await price(lower[0]), quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    expect(await deps.db.select().from(subscriptionSchedules)).toEqual([]);

    const result = await syncStripe(deps, { resources: ['subscriptions', 'subscription_schedules'] });
    expect(result).toMatchObject({ failures: [], applied: { subscriptions: 1, subscription_schedules: 1 } });
    const read = unwrap(await getSubscription(deps, { externalId: 'sched' }));
    expect(read?.scheduledChange).toMatchObject({ kind: 'plan_change', planKey: lower[0], at: new Date(periodEnd * 1000), scheduleId: schedule.id });
  });

  it('resyncs one object by id, including one Stripe deleted', async () => {
    const c = await deps.stripe.customers.create({ email: 'r@example.com' });
    expect(await resyncObject(deps, { id: c.id })).toMatchObject({ ok: true, value: { outcome: 'applied' } });
    await deps.stripe.customers.del(c.id);
    await resyncObject(deps, { id: c.id });
    const [row] = await deps.db.select().from(customers);
    expect(row).toMatchObject({ stripeCustomerId: c.id, deleted: true });
    expect(await resyncObject(deps, { id: 'xyz_1' })).toMatchObject({ ok: false, error: { code: 'validation_failed', param: 'id' } });
  });
});
