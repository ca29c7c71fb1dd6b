import { asc, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/default-config.ts';
import { mrrMilestones } from '../../core/db/schema/mrr-milestones.ts';
import { mrrMovements } from '../../core/db/schema/mrr-movements.ts';
import { mrrTotals } from '../../core/db/schema/mrr-totals.ts';
import { outbox } from '../../core/db/schema/outbox.ts';
import { subscriptions } from '../../core/db/schema/subscriptions.ts';
import { applyStripeObject } from '../../stripe-in/mirror/apply.ts';
import { createWebhookTestbed } from '../../stripe-in/webhooks/test-support.ts';
import { backfillMrrMovements } from './backfill-movements.ts';
import { classify } from './record-movements.ts';
import { computeMrr } from './compute-mrr.ts';
import { mrrHistory } from './mrr-history.ts';
import { revenueSummary } from './revenue-summary.ts';
import { perTest } from '../../testing/per-test.test-support.ts';

describe('MRR movements recorded on road 1', () => {
  const bed = perTest(() => createWebhookTestbed({ config: { ...defaultConfig, alerts: { mrr: [3000, 6000, 100_000] } } }));

  const movements = async () =>
    (await bed.deps.db.select().from(mrrMovements).orderBy(asc(mrrMovements.at), asc(mrrMovements.id))).map((m) => [m.kind, m.amount, m.currency, m.source]);
  const hooks = async (type: string) => (await bed.deps.db.select().from(outbox).where(like(outbox.type, type)).orderBy(asc(outbox.id))).map((o) => o.payload);

  async function customerWithCard(email: string) {
    const customer = await bed.deps.stripe.customers.create({ email });
    const card = await bed.deps.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    return { customer: customer.id, card: card.id };
  }

  it('records new, expansion, churn and reactivation per customer, with hooks and milestones once', async () => {
    const t0 = bed.deps.clock.now();
    const product = await bed.deps.stripe.products.create({ name: 'Pro' });
    const small = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
    const big = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' } });
    const yearly = await bed.deps.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 12000, recurring: { interval: 'year' } });
    const a = await customerWithCard('a@example.com');
    const subA = await bed.deps.stripe.subscriptions.create({ customer: a.customer, default_payment_method: a.card, items: [{ price: small.id }] });
    await bed.deliverNew();
    expect(await movements()).toEqual([['new', 2000, 'usd', 'live']]);
    expect(await hooks('mrr.milestone')).toEqual([]);

    bed.deps.clock.advance(86_400_000);
    const item = subA.items.data[0]?.id ?? '';
    await bed.deps.stripe.subscriptions.update(subA.id, { items: [{ id: item, price: big.id }], proration_behavior: 'none' });
    await bed.deliverNew();
    bed.deps.clock.advance(86_400_000);
    const b = await customerWithCard('b@example.com');
    await bed.deps.stripe.subscriptions.create({ customer: b.customer, default_payment_method: b.card, items: [{ price: yearly.id }] });
    await bed.deliverNew();
    bed.deps.clock.advance(86_400_000);
    // A command's response through applyStripeObject (the one-by-one road) records too.
    await applyStripeObject(bed.deps, await bed.deps.stripe.subscriptions.cancel(subA.id));
    await bed.deliverNew();
    bed.deps.clock.advance(86_400_000);
    await bed.deps.stripe.subscriptions.create({ customer: a.customer, default_payment_method: a.card, items: [{ price: small.id }] });
    await bed.deliverNew();

    expect(await movements()).toEqual([
      ['new', 2000, 'usd', 'live'],
      ['expansion', 3000, 'usd', 'live'],
      ['new', 1000, 'usd', 'live'],
      ['churn', -5000, 'usd', 'live'],
      ['reactivation', 2000, 'usd', 'live'],
    ]);
    const [total] = await bed.deps.db.select().from(mrrTotals);
    expect(total).toMatchObject({ currency: 'usd', mrr: 3000, subscribers: 2 });
    expect(await computeMrr(bed.deps)).toEqual([expect.objectContaining({ currency: 'usd', mrr: 3000 })]);
    const changed = await hooks('mrr.changed');
    expect(changed).toHaveLength(5);
    expect(changed[1]).toMatchObject({ movement: { kind: 'expansion', mrrBefore: 2000, mrrAfter: 5000, amount: 3000 }, mrr: { amount: 5000, subscribers: 1 } });
    // 3000 crossed on the upgrade and 6000 when B joined; the fall and rise past 3000 again fire nothing.
    expect(await hooks('mrr.milestone')).toEqual([
      expect.objectContaining({ currency: 'usd', threshold: 3000, mrr: 5000 }),
      expect.objectContaining({ currency: 'usd', threshold: 6000, mrr: 6000 }),
    ]);

    const day = (n: number) => new Date(t0.getTime() + n * 86_400_000);
    const history = await mrrHistory(bed.deps, { from: day(-1), to: day(4) });
    if (!history.ok) throw new Error(history.error.message);
    expect(history.value.series.map((s) => [s.currency, s.days.map((d) => [d.mrr, d.subscribers])])).toEqual([
      [
        'usd',
        [
          [0, 0],
          [2000, 1],
          [5000, 1],
          [6000, 2],
          [1000, 1],
          [3000, 2],
        ],
      ],
    ]);
    expect(history.value.series[0]?.days[4]).toMatchObject({ churn: -5000, new: 0 });
    // A window that starts after some movements and ends before others: its opening balance is the running
    // totals less what moved since, and it must agree with the whole series.
    const whole = history.value.series[0]?.days ?? [];
    const middle = await mrrHistory(bed.deps, { from: day(1), to: day(2) });
    expect(middle.ok && middle.value.series[0]?.days).toEqual(whole.slice(2, 4));
    const summaryEarly = await revenueSummary(bed.deps, { from: day(1), to: day(2) });
    expect(summaryEarly).toMatchObject({
      ok: true,
      value: { data: [{ currency: 'usd', mrrStart: 2000, mrrEnd: 6000, subscribersStart: 1, subscribersEnd: 2 }] },
    });
    const summary = await revenueSummary(bed.deps, { from: day(2), to: day(4) });
    expect(summary).toMatchObject({
      ok: true,
      value: { data: [{ currency: 'usd', mrrStart: 5000, mrrEnd: 3000, arrEnd: 36000, new: 1000, churn: -5000, reactivation: 2000, churned: 1, nrr: 0.4 }] },
    });
    expect(await mrrHistory(bed.deps, { from: day(2), to: day(1) })).toMatchObject({ ok: false, error: { param: 'to' } });
    expect(await revenueSummary(bed.deps, { from: 'x', to: day(1) })).toMatchObject({ ok: false, error: { param: 'from' } });
  });

  it('backfills history from the mirror once', async () => {
    const now = bed.deps.clock.now();
    const row = (id: string, customer: string, extra: Partial<typeof subscriptions.$inferInsert>) => ({
      id,
      stripeCustomerId: customer,
      status: 'active',
      currency: 'usd',
      amount: 1000,
      interval: 'month',
      intervalCount: 1,
      quantity: 1,
      stripeCreated: Math.floor(now.getTime() / 1000) - 90 * 86_400,
      sourceAt: 0,
      raw: {},
      createdAt: now,
      updatedAt: now,
      ...extra,
    });
    await bed.deps.db
      .insert(subscriptions)
      .values([
        row('sub_old', 'cus_x', { status: 'canceled', endedAt: new Date(now.getTime() - 30 * 86_400_000) }),
        row('sub_back', 'cus_x', { amount: 2400, interval: 'year', stripeCreated: Math.floor(now.getTime() / 1000) - 10 * 86_400 }),
        row('sub_trial', 'cus_y', { status: 'trialing' }),
        row('sub_eur', 'cus_z', { currency: 'eur', discountPercentOff: 50 }),
        row('sub_live', 'cus_w', {}),
      ]);
    // A subscription road 1 already measured is left alone.
    await bed.deps.db.insert(mrrMovements).values({
      id: 'mrm_live',
      subscriptionId: 'sub_live',
      stripeCustomerId: 'cus_w',
      currency: 'usd',
      kind: 'new',
      mrrBefore: 0,
      mrrAfter: 1000,
      amount: 1000,
      at: now,
      source: 'live',
      createdAt: now,
    });
    // Batches of two ids: the walk crosses batch boundaries.
    expect(await backfillMrrMovements(bed.deps, { batchSize: 2 })).toEqual({ movements: 4 });
    expect(await backfillMrrMovements(bed.deps)).toEqual({ movements: 0 });
    const kinds = (await bed.deps.db.select().from(mrrMovements).orderBy(asc(mrrMovements.subscriptionId), asc(mrrMovements.at))).map((m) => [
      m.subscriptionId,
      m.kind,
      m.amount,
    ]);
    expect(kinds).toEqual([
      ['sub_back', 'reactivation', 200],
      ['sub_eur', 'new', 500],
      ['sub_live', 'new', 1000],
      ['sub_old', 'new', 1000],
      ['sub_old', 'churn', -1000],
    ]);
    expect((await bed.deps.db.select().from(mrrTotals).orderBy(asc(mrrTotals.currency))).map((t) => [t.currency, t.mrr, t.subscribers])).toEqual([
      ['eur', 500, 1],
      ['usd', 200, 1],
    ]);
    // No milestone hook for history: none crossed in usd.
    expect(await bed.deps.db.select().from(mrrMilestones)).toEqual([]);
  });

  it('classifies at the customer level', () => {
    expect(classify(0, 100, 0, false)).toBe('new');
    expect(classify(0, 100, 0, true)).toBe('reactivation');
    expect(classify(0, 100, 50, true)).toBe('expansion');
    expect(classify(100, 0, 0, true)).toBe('churn');
    expect(classify(100, 0, 50, true)).toBe('contraction');
    expect(classify(100, 150, 0, true)).toBe('expansion');
    expect(classify(100, 50, 0, true)).toBe('contraction');
  });
});
